/**
 * Runs a bundled action (`dist/<action>/index.js`) as a real process, the way the GitHub runner does:
 * inputs as INPUT_* variables, outputs and the job summary through GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files,
 * AWS pointed at the simulator through AWS_ENDPOINT_URL.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { recordingAppId, recordingEnv, recordRunCalls } from './record-calls.js';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** How to run an action. */
export interface RunOptions {
  /** Input names exactly as in action.yml. */
  inputs?: Record<string, string | number | boolean | undefined>;
  /** The simulator's endpoint; omitted for tests that must fail before any AWS call. */
  endpoint?: string;
  /** Extra environment (wins over the defaults). */
  env?: Record<string, string | undefined>;
  /** Working directory / GITHUB_WORKSPACE (default: a fresh temp dir). */
  workspace?: string;
  /** Kill the process with SIGKILL after this many ms (default 120000). */
  timeoutMs?: number;
  /** Send `signal` after `afterMs` real milliseconds, or when `when(stdout)` first returns true. */
  interrupt?: { signal: NodeJS.Signals; afterMs?: number; when?: (stdout: string) => boolean };
  /** Run the post step (GitHub's `post:`) with the state the main step saved. */
  post?: boolean;
  /** Read GITHUB_STATE from a previous run (for post steps). */
  state?: Record<string, string>;
}

/** What a finished action left behind. */
export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  state: Record<string, string>;
  /** `::error::`, `::warning::` and `::notice::` lines. */
  annotations: { level: string; message: string; properties: string }[];
  /** Masked values (`::add-mask::`). */
  masks: string[];
  durationMs: number;
}

/** Parses the GITHUB_OUTPUT / GITHUB_STATE file format (`name<<delimiter` heredocs and `name=value`). */
export function parseCommandFile(text: string): Record<string, string> {
  const result: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value: string[] = [];
      while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i]);
      result[name] = value.join('\n');
    } else if (line.includes('=')) {
      result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  return result;
}

function unescapeCommand(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

/** Runs `dist/<action>/index.js` and collects what it left. */
export async function runAction(action: string, options: RunOptions = {}): Promise<RunResult> {
  const scratch = mkdtempSync(join(tmpdir(), `ecs-kit-${action}-`));
  const files = {
    output: join(scratch, 'output'),
    summary: join(scratch, 'summary'),
    state: join(scratch, 'state'),
  };
  for (const path of Object.values(files)) writeFileSync(path, '');
  const workspace = options.workspace ?? scratch;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? scratch,
    LANG: 'C.UTF-8',
    GITHUB_OUTPUT: files.output,
    GITHUB_STEP_SUMMARY: files.summary,
    GITHUB_STATE: files.state,
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'acme/shop',
    GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '4242',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_ACTOR: 'octocat',
    RUNNER_TEMP: scratch,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIASIMULATOR',
    AWS_SECRET_ACCESS_KEY: 'simulator-secret',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
  if (options.endpoint) env.AWS_ENDPOINT_URL = options.endpoint;
  const appId = recordingAppId(action);
  Object.assign(env, recordingEnv(appId));
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    if (value !== undefined) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = String(value);
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value;
  if (options.post) env.STATE_isPost = 'true';
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }

  const started = Date.now();
  // ECS_KIT_DIST runs the tests against another build (`node scripts/build.mjs --out DIR`). A build outside
  // the checkout does not find actions/<name>/action.yml, so config-file tests of declared defaults differ.
  const dist = process.env.ECS_KIT_DIST ?? join(ROOT, 'dist');
  const child = spawn(process.execPath, [join(dist, action, 'index.js')], { cwd: workspace, env });
  let stdout = '';
  let stderr = '';
  let interrupted = false;
  const interrupt = () => {
    if (interrupted || !options.interrupt) return;
    interrupted = true;
    child.kill(options.interrupt.signal);
  };
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    if (options.interrupt?.when?.(stdout)) interrupt();
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const interruptTimer =
    options.interrupt?.afterMs !== undefined ? setTimeout(interrupt, options.interrupt.afterMs) : undefined;
  const killTimer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((done) =>
    child.on('close', (exitCode, exitSignal) => done([exitCode, exitSignal])),
  );
  clearTimeout(killTimer);
  const inputs = options.inputs ?? {};
  await recordRunCalls({
    action,
    inputs,
    workspace,
    endpoint: options.endpoint,
    appId,
    startedAt: started,
    endedAt: Date.now(),
  });
  if (interruptTimer) clearTimeout(interruptTimer);

  const annotations = [...stdout.matchAll(/^::(error|warning|notice)( [^:]*)?::(.*)$/gm)].map((match) => ({
    level: match[1],
    properties: (match[2] ?? '').trim(),
    message: unescapeCommand(match[3]),
  }));
  const masks = [...stdout.matchAll(/^::add-mask::(.*)$/gm)].map((match) => unescapeCommand(match[1]));
  const result: RunResult = {
    code,
    signal,
    stdout,
    stderr,
    outputs: parseCommandFile(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
    state: parseCommandFile(readFileSync(files.state, 'utf8')),
    annotations,
    masks,
    durationMs: Date.now() - started,
  };
  rmSync(scratch, { recursive: true, force: true });
  return result;
}
