/**
 * The simulator command line, parsed without side effects so that `--help`, a bad option and a bad value
 * are answered with usage and an exit code instead of a stack trace (cli.ts does the answering).
 */
import { parseArgs } from 'node:util';

/** What `npm run sim -- --help` prints. */
export const USAGE = `usage: npm run sim -- [options]

Runs the local AWS simulator (ECS, ECR, ELBv2) in the foreground and prints the AWS_ENDPOINT_URL to use.

options:
  --port N           port on 127.0.0.1 (default 0: a free one)
  --time-scale X     simulated time runs X times faster than the wall clock (default 1)
  --seed N           seed of the simulator's random sources (default 42)
  --region R         region of every ARN and response (default us-east-1)
  --world FILE       JSON world seed to create at start
  --data-plane       real HTTP for tasks, health checks and listeners
  -h, --help         print this help and exit`;

/** The simulator's settings from the command line. */
export interface CliSettings {
  port: number;
  timeScale: number;
  seed: number;
  region: string;
  /** Path of a JSON world seed. */
  world?: string;
  dataPlane: boolean;
}

/** What the command line asks for: help, a run, or an error to report with the usage (exit 2). */
export type CliCommand =
  { kind: 'help' } | { kind: 'run'; settings: CliSettings } | { kind: 'error'; message: string };

/** Parses the arguments after `sim/cli.ts`. */
export function parseCliArgs(args: string[]): CliCommand {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string', default: '0' },
        'time-scale': { type: 'string', default: '1' },
        seed: { type: 'string', default: '42' },
        region: { type: 'string', default: 'us-east-1' },
        world: { type: 'string' },
        'data-plane': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }));
  } catch (error) {
    // parseArgs explains an unknown option or a missing value in one sentence; keep only that.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { kind: 'error', message: message.charAt(0).toLowerCase() + message.slice(1) };
  }
  if (values.help) return { kind: 'help' };
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    return { kind: 'error', message: `--port must be an integer from 0 to 65535, got '${values.port}'` };
  const timeScale = Number(values['time-scale']);
  if (!Number.isFinite(timeScale) || timeScale <= 0)
    return {
      kind: 'error',
      message: `--time-scale must be a positive number, got '${values['time-scale']}'`,
    };
  const seed = Number(values.seed);
  if (!Number.isInteger(seed))
    return { kind: 'error', message: `--seed must be an integer, got '${values.seed}'` };
  if (!/^[a-z]{2}(-[a-z]+)+-\d+$/.test(values.region))
    return { kind: 'error', message: `--region must look like us-east-1, got '${values.region}'` };
  return {
    kind: 'run',
    settings: {
      port,
      timeScale,
      seed,
      region: values.region,
      world: values.world,
      dataPlane: values['data-plane'],
    },
  };
}
