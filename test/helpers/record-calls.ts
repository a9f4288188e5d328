/**
 * Opt-in recording of the AWS calls a bundled action made, for deriving least-privilege IAM policies
 * (scripts/iam-policies.ts). When ECS_KIT_RECORD_CALLS names a directory, every runAction with an endpoint
 * appends the simulator calls of that run to `<dir>/<action>.jsonl`, one `RecordedCall` per line.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { configInputs, type KitAction } from '../../src/config/action-inputs.js';
import { loadConfigFile } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';

/** The environment variable naming the directory that receives the recordings. */
export const RECORD_CALLS_ENV = 'ECS_KIT_RECORD_CALLS';

/** One AWS request an action made, as written to `<dir>/<action>.jsonl`. */
export interface RecordedCall {
  action: string;
  mode: string;
  service: 'ecs' | 'ecr' | 'elbv2' | 'cloudwatch';
  operation: string;
  params: Record<string, unknown>;
}

/** The part of a simulator call record the recorder reads. */
interface SimCall {
  service: 'ecs' | 'ecr' | 'elbv2' | 'cloudwatch';
  operation: string;
  params: Record<string, unknown>;
  realTime: number;
  userAgent?: string;
}

type Inputs = Record<string, string | number | boolean | undefined>;

const text = (value: Inputs[string]): string => (value === undefined ? '' : String(value).trim());
const isTrue = (value: Inputs[string]): boolean => text(value).toLowerCase() === 'true';

/** The mode of a run, from the action's inputs (defaults as in each action.yml). */
export function modeOf(action: string, inputs: Inputs): string {
  switch (action) {
    case 'ecs-deploy':
      return isTrue(inputs['dry-run']) ? 'dry-run' : text(inputs.mode) || 'deploy';
    case 'wait-healthy':
      return text(inputs.strategy) || 'rolling';
    case 'build-push':
      return text(inputs['source-image']) ? 'promote' : 'build';
    case 'cleanup-ecr':
      return isTrue(inputs['dry-run']) ? 'dry-run' : 'delete';
    case 'preview':
      return text(inputs.mode) || text(inputs.command) || 'deploy';
    default:
      return text(inputs.mode) || 'default';
  }
}

const CONFIG_ACTIONS: string[] = ['ecs-deploy', 'wait-healthy', 'build-push', 'cleanup-ecr'];

/** The inputs with what the run's `config` file fills in (explicit inputs win), as the action sees them. */
export function effectiveInputs(action: string, inputs: Inputs, workspace: string): Inputs {
  const path = text(inputs.config);
  if (!path || !CONFIG_ACTIONS.includes(action)) return inputs;
  try {
    const { settings } = resolveEnvironment(loadConfigFile({ path, workspace }), text(inputs.environment));
    const merged: Inputs = { ...configInputs(action as KitAction, settings) };
    for (const [name, value] of Object.entries(inputs)) if (text(value) !== '') merged[name] = value;
    return merged;
  } catch {
    return inputs; // an invalid config fails the action before any AWS call
  }
}

/** A user-agent application id unique to one run, so concurrent runs against one simulator stay apart. */
export function recordingAppId(action: string): string {
  return `ecs-kit-rec-${action}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Extra environment for a recorded run: the SDK adds `app/<id>` to the user agent of every request. */
export function recordingEnv(appId: string): Record<string, string> {
  return process.env[RECORD_CALLS_ENV] ? { AWS_SDK_UA_APP_ID: appId } : {};
}

/** Keeps the calls the run's own process made: the kit's user agent, this run's app id, inside the run. */
export function callsOfRun(
  calls: SimCall[],
  run: { appId: string; startedAt: number; endedAt: number },
): SimCall[] {
  return calls.filter((call) => {
    const tokens = (call.userAgent ?? '').split(' ');
    return (
      call.realTime >= run.startedAt &&
      call.realTime <= run.endedAt &&
      tokens.some((token) => token.startsWith('ecs-kit/')) &&
      tokens.includes(`app/${run.appId}`)
    );
  });
}

/** Appends the run's calls to `<dir>/<action>.jsonl`; a no-op unless ECS_KIT_RECORD_CALLS is set. */
export async function recordRunCalls(run: {
  action: string;
  inputs: Inputs;
  workspace: string;
  endpoint: string | undefined;
  appId: string;
  startedAt: number;
  endedAt: number;
}): Promise<void> {
  const dir = process.env[RECORD_CALLS_ENV];
  if (!dir || !run.endpoint) return;
  let calls: SimCall[];
  try {
    const response = await fetch(`${run.endpoint}/_sim/calls`);
    if (!response.ok) throw new Error(`GET /_sim/calls answered ${response.status}`);
    calls = ((await response.json()) as { calls: SimCall[] }).calls;
  } catch (error) {
    // Recording must not change a test's outcome; a lost run is reported on stderr instead.
    process.stderr.write(`recording ${run.action} calls failed: ${String(error)}\n`);
    return;
  }
  const mode = modeOf(run.action, effectiveInputs(run.action, run.inputs, run.workspace));
  const lines = callsOfRun(calls, run).map((call) => {
    const recorded: RecordedCall = {
      action: run.action,
      mode,
      service: call.service,
      operation: call.operation,
      params: call.params,
    };
    return JSON.stringify(recorded) + '\n';
  });
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, `${run.action}.jsonl`), lines.join(''));
}
