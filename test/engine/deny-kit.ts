/**
 * In-process runs of the kit's engines against one simulator for the deny matrix: the simulator's clock
 * drives the engine's waits (no real sleeps), every line the engine logs is kept, and the world is reset
 * and reseeded between runs.
 */
import type { AwsClients } from '../../src/aws/clients.js';
import type { Clock } from '../../src/clock.js';
import { IAM_PREFIX, type CallRecord, type Simulator } from '../../sim/index.js';

/** The simulator's clock: sleeping advances it, firing every simulated event that falls due. */
export function simulatorClock(sim: Simulator): Clock {
  return {
    now: () => sim.world.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sim.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export { recordingLogger } from '../helpers/engine.js';

/** The clients of a harness as the engines take them. */
export function clientsOf(harness: AwsClients): AwsClients {
  return { ecs: harness.ecs, ecr: harness.ecr, elb: harness.elb, cloudwatch: harness.cloudwatch };
}

/** Where the services (or a blue/green pair) ended: on the run's new revision, back where they were, or neither. */
export type EndState = 'new' | 'previous' | 'unsettled';

/**
 * How one run ended, by the matrix's rules (docs/RELIABILITY.md, "Deny matrix"). `attended failure`: a
 * failure after a change that names the permission and says how to finish (the command that restores).
 */
export type Verdict =
  | 'pre-mutation failure'
  | 'untouched failure'
  | 'degraded pass'
  | 'pass'
  | 'restored'
  | 'attended failure'
  | 'violation';

/** Every verdict, in the order the figures list them. */
export const VERDICTS: Verdict[] = [
  'pre-mutation failure',
  'untouched failure',
  'degraded pass',
  'pass',
  'restored',
  'attended failure',
  'violation',
];

/** What one run left to judge: its failure (if it failed), its calls, its log lines and where it ended. */
export interface DeniedRun {
  failure?: string;
  calls: CallRecord[];
  lines: string[];
  end: EndState;
  /** A failure after a change that says this is attended (a restore command); none when unset. */
  attended?: RegExp;
  /** The policy a failure with nothing changed must point at (`docs/iam/ecs-deploy.json`); unchecked when unset. */
  policy?: string;
}

/** The verdict, a line that shows why, and the permissions the simulator denied during the run. */
export interface Classified {
  verdict: Verdict;
  detail: string;
  permissions: string[];
}

/** `ecs:ListTasks` for a call record. */
export const iamActionOf = (call: CallRecord) => `${IAM_PREFIX[call.service]}:${call.operation}`;

/** The IAM actions a run called, in the order first called. */
export function iamActionsOf(calls: CallRecord[]): string[] {
  return [...new Set(calls.map(iamActionOf))];
}

/**
 * Classifies one run. A failure must name every denied permission, except those an optional feature
 * already warned about; a failure after a change is acceptable only when everything went back (restored)
 * or, with `attended`, when it says how to finish.
 */
export function classifyRun(run: DeniedRun): Classified {
  const denied = run.calls.filter((call) => call.fault === 'access-denied');
  const permissions = iamActionsOf(denied);
  const warnedAbout = (permission: string) =>
    run.lines.some((line) => line.startsWith('warning: ') && line.includes(permission));
  const named = permissions.every(
    (permission) => (run.failure ?? '').includes(permission) || warnedAbout(permission),
  );
  const changes = run.calls
    .filter((call) => call.mutating && call.outcome === 'ok')
    .map((call) => call.operation);
  const result = (verdict: Verdict, detail: string): Classified => ({ verdict, detail, permissions });
  if (run.failure === undefined) {
    if (run.end !== 'new') return result('violation', `passed but the services are ${run.end}`);
    if (denied.length === 0) return result('pass', 'the denied action was not called');
    return permissions.every(warnedAbout)
      ? result(
          'degraded pass',
          run.lines.find((line) => line.startsWith('warning: '))!,
        )
      : result('violation', 'passed without a warning naming the permission');
  }
  if (!named) return result('violation', `unnamed: ${run.failure}`);
  // A failure with nothing changed that a denial caused (no warning explained it) points at the policy.
  const unwarned = permissions.filter((permission) => !warnedAbout(permission));
  const pointed = !run.policy || unwarned.length === 0 || run.failure.includes(run.policy);
  const untouched =
    changes.length > 0 &&
    changes.every((operation) => operation === 'RegisterTaskDefinition') &&
    run.end === 'previous';
  if ((changes.length === 0 || untouched) && !pointed)
    return result('violation', `no pointer to ${run.policy}: ${run.failure}`);
  if (changes.length === 0) return result('pre-mutation failure', run.failure);
  if (untouched) return result('untouched failure', run.failure);
  if (run.end === 'previous') return result('restored', run.failure);
  if (run.attended?.test(run.failure)) return result('attended failure', run.failure);
  return result(
    'violation',
    `failed after ${changes.join(', ')} with the services ${run.end}: ${run.failure}`,
  );
}

/** The figures of a matrix: runs, each verdict, then one line per run. */
export function matrixFigures(
  title: string,
  records: (Classified & { mode: string; denied: string })[],
): string {
  const count = (verdict: Verdict) => records.filter((record) => record.verdict === verdict).length;
  return [
    `${title}: ${records.length} runs`,
    ...VERDICTS.map((verdict) => `  ${verdict}: ${count(verdict)}`),
    ...records.map(
      (record) =>
        `  ${record.mode} | deny ${record.denied} | ${record.verdict} | ${record.detail.slice(0, 200)}`,
    ),
  ].join('\n');
}
