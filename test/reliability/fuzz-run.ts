/**
 * Runs fuzzed input variants against the bundled actions and checks the bad-input invariants: exit 1
 * with an error naming the input, zero mutating calls, no stack trace, no injected workflow command.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { rollingWorld } from '../helpers/worlds.js';
import { INJECTION_MARKER, type Variant } from './fuzz-variants.js';
import { stackTraceIn } from './invariants.js';

/** Simulated ms per real ms for fuzz runs (accepted variants go on to talk to the simulator). */
const TIME_SCALE = 200;
const IMAGE_V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

/** How one variant ended. */
export interface FuzzOutcome {
  variant: Variant;
  code: number | null;
  /** `rejected`: exit 1 before any mutating call; `accepted`: the action went on. */
  status: 'rejected' | 'accepted' | 'ignored';
  error?: string;
  mutating: string[];
  violations: string[];
}

/**
 * Inputs the base inputs' mode does not use (wait-healthy's blue/green inputs under `rolling`, build-push's
 * build inputs in promotion mode): accepting a bad value there is reported as `ignored`, not a violation.
 */
const UNUSED_IN_BASE: Record<string, string[]> = {
  'wait-healthy': ['blue-service', 'green-service', 'task-definition', 'traffic', 'final-bake', 'old-colour'],
  'build-push': [
    'context',
    'file',
    'target',
    'platforms',
    'build-args',
    'secret-files',
    'cache',
    'cache-ref',
  ],
};

/** Valid inputs for each action; the fuzzed input replaces one of them. */
function baseInputs(action: string, listenerArn: string): Record<string, string> {
  switch (action) {
    case 'ecs-deploy':
      return { cluster: 'prod', service: 'web', 'container-name': 'web', image: IMAGE_V2, wait: 'none' };
    case 'wait-healthy':
      return { cluster: 'prod', service: 'web', timeout: '5m' };
    case 'cleanup-ecr':
      return { repositories: 'shop', 'keep-newest': '10' };
    case 'build-push':
      return { repository: 'shop', 'source-image': 'shop:v1', tags: 'v9' };
    case 'preview':
      return {
        cluster: 'prod',
        service: 'web',
        'listener-arn': listenerArn,
        'pull-request': '5',
        image: IMAGE_V2,
        comment: 'false',
        'github-deployment': 'false',
        'wait-healthy': 'false',
      };
    default:
      throw new Error(`no base inputs for ${action}`);
  }
}

/** A simulator and workspace for fuzzing one action. */
export interface FuzzHarness {
  sim: Simulator;
  workspace: string;
  listenerArn: string;
}

/** Starts a fresh simulator with the rolling world. */
export async function startFuzzHarness(): Promise<FuzzHarness> {
  const sim = await startSimulator({ timeScale: TIME_SCALE, world: rollingWorld(), seed: 3 });
  const listenerArn = [...sim.world.elb.store.listeners.keys()][0] ?? '';
  return { sim, workspace: mkdtempSync(join(tmpdir(), 'ecs-kit-fuzz-')), listenerArn };
}

/** Does the failure message name the input (or the file it points at)? */
function namesInput(variant: Variant, message: string): boolean {
  if (message.includes(`'${variant.input}'`) || message.includes(variant.input)) return true;
  const file = variant.value.trim();
  return file !== '' && file.length < 200 && message.includes(file.split('/').pop() ?? file);
}

/** The last error annotation (what `core.setFailed` printed). */
export function failureMessage(result: RunResult): string {
  const errors = result.annotations.filter((annotation) => annotation.level === 'error');
  return errors.length > 0 ? errors[errors.length - 1].message : '';
}

/** Runs one variant and checks the invariants. */
export async function runVariant(harness: FuzzHarness, variant: Variant): Promise<FuzzOutcome> {
  for (const [name, content] of Object.entries(variant.files ?? {}))
    writeFileSync(join(harness.workspace, name), content);
  const since = harness.sim.world.log.list().at(-1)?.seq ?? 0;
  const inputs = { ...baseInputs(variant.action, harness.listenerArn), [variant.input]: variant.value };
  const result = await runAction(variant.action, {
    inputs,
    endpoint: harness.sim.endpoint,
    workspace: harness.workspace,
    timeoutMs: 60_000,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), PATH: '/usr/bin:/bin', GITHUB_TOKEN: '' },
  });
  const calls = harness.sim.world.log.list(since);
  const mutating = calls.filter((call) => call.mutating).map((call) => call.operation);
  const error = failureMessage(result);
  const rejected = result.code === 1 && mutating.length === 0;
  const violations: string[] = [];
  if (result.code !== 0 && result.code !== 1)
    violations.push(`exit code ${result.code} (signal ${result.signal})`);
  const trace = stackTraceIn(result.stderr);
  if (trace) violations.push(`stack trace in stderr: ${trace}`);
  // A value echoed unescaped would start its own line as `::warning::<marker>` (escaped values stay on one line).
  const injected = result.stdout
    .split('\n')
    .find(
      (line) =>
        line.startsWith(`::warning::${INJECTION_MARKER}`) || line.startsWith('::set-output name=outcome::'),
    );
  if (injected) violations.push(`input reached a workflow command: ${injected.slice(0, 120)}`);
  if (Object.values(result.outputs).some((value) => value === INJECTION_MARKER))
    violations.push('an output was set from the input');
  const unused = UNUSED_IN_BASE[variant.action]?.includes(variant.input) ?? false;
  if (variant.mustReject && unused && result.code === 0)
    return { variant, code: result.code, status: 'ignored', error, mutating, violations };
  if (variant.mustReject) {
    if (result.code !== 1) violations.push(`accepted (exit ${result.code})`);
    else if (mutating.length > 0) violations.push(`mutating calls before failing: ${mutating.join(', ')}`);
    else if (!namesInput(variant, error))
      violations.push(
        `error does not name the input: '${error.slice(0, 160)}'${calls.length ? ` after ${calls.length} AWS calls` : ''}`,
      );
  }
  return {
    variant,
    code: result.code,
    status: rejected ? 'rejected' : 'accepted',
    error,
    mutating,
    violations,
  };
}

/** Runs variants one after the other per action, actions in parallel; one simulator per action. */
export async function runVariants(variants: Variant[]): Promise<FuzzOutcome[]> {
  const byAction = new Map<string, Variant[]>();
  for (const variant of variants)
    byAction.set(variant.action, [...(byAction.get(variant.action) ?? []), variant]);
  const results = await Promise.all(
    [...byAction.values()].map(async (list) => {
      const harness = await startFuzzHarness();
      try {
        const outcomes: FuzzOutcome[] = [];
        for (const variant of list) outcomes.push(await runVariant(harness, variant));
        return outcomes;
      } finally {
        await harness.sim.stop();
      }
    }),
  );
  return results.flat();
}
