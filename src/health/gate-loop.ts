/**
 * The waiting loop around evaluateHealth: observe, decide, sleep on the adaptive schedule, until the gate
 * is healthy (and any bake time is over), failing, out of time, or cancelled.
 */
import type { Clock } from '../clock.js';
import { errorMessage, wrapError } from '../errors.js';
import { evaluateHealth, FRESH_MEMORY } from './evaluate.js';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule } from '../poll.js';
import type { GateEvaluation, GateMemory, GateObservation, HealthPolicy } from './types.js';

/** Options of runGate. */
export interface GateLoopOptions<O extends GateObservation> {
  observe: () => Promise<O>;
  policy: HealthPolicy;
  clock: Clock;
  signal?: AbortSignal;
  /** Clock time after which the outcome is `timeout`. */
  deadline: number;
  /** Clock time before which a healthy gate keeps observing (a bake); failing ends it at once. */
  holdUntil?: number;
  /** Memory carried over from a previous gate (e.g. the step before). */
  memory?: GateMemory;
  /** The earliest moment a pending target could turn healthy, to sleep until shortly before it. */
  predictHealthyAt?: (observation: O) => number | undefined;
  /** Called after every observation. */
  onObservation?: (observation: O, evaluation: GateEvaluation) => void;
  /** Told about a poll that failed (after the SDK's own retries); the gate tries again. */
  onPollError?: (message: string) => void;
  schedule?: PollSchedule;
  random?: () => number;
}

// Polls that may fail in a row (after the SDK's retries) before the gate gives up.
const MAX_FAILED_POLLS = 5;

/** How a gate ended. */
export interface GateLoopResult<O extends GateObservation> {
  outcome: 'healthy' | 'failing' | 'timeout' | 'cancelled';
  observation?: O;
  evaluation?: GateEvaluation;
  memory: GateMemory;
}

// What counts as "something moved" between two observations.
function fingerprint(observation: GateObservation): string {
  const tasks = observation.tasks.map((task) => `${task.taskArn}=${task.lastStatus}`).sort();
  const targets = observation.targets
    .map((target) => `${target.targetGroupArn}|${target.taskArn}=${target.state}`)
    .sort();
  return [observation.desiredCount, ...tasks, ...targets].join(',');
}

/** What one observation says about the next poll (see pollOutlook). */
export interface PollOutlook {
  /** What counts as "something moved" when compared with the previous observation's. */
  fingerprint: string;
  transitionExpected: boolean;
  /** An all-healthy picture is being confirmed. */
  confirming: boolean;
  /** Known future moments worth an observation (unhealthy timeouts, a bake's end, a predicted healthy check). */
  wakeAt: number[];
}

/**
 * The scheduling half of the loop, pure: from one observation and its evaluation, what the adaptive poll
 * schedule needs. runGate uses it for one deployment; the batched gate combines it across services, so
 * both poll on the same rules.
 */
export function pollOutlook(
  observation: GateObservation,
  evaluation: GateEvaluation,
  context: {
    now: number;
    policy: HealthPolicy;
    schedule: PollSchedule;
    /** The earliest moment a pending target could turn healthy (earliestHealthyAt). */
    predictedHealthyAt?: number;
    /** Set while a healthy gate is held (a bake) until then. */
    holdUntil?: number;
  },
): PollOutlook {
  const { now, policy, schedule } = context;
  const predicted = context.predictedHealthyAt;
  const starting = observation.tasks.some(
    (task) => task.lastStatus !== 'RUNNING' && task.lastStatus !== 'STOPPED',
  );
  const waitingOnHealthChecks = predicted !== undefined && predicted > now + schedule.fastMs && !starting;
  const wakeAt = Object.values(evaluation.memory.badSince).map((since) => since + policy.unhealthyTimeoutMs);
  if (context.holdUntil !== undefined) wakeAt.push(context.holdUntil);
  if (observation.wakeAt !== undefined && observation.wakeAt > now) wakeAt.push(observation.wakeAt);
  if (waitingOnHealthChecks) wakeAt.push(predicted);
  return {
    fingerprint: fingerprint(observation),
    transitionExpected:
      (evaluation.transitionExpected && !waitingOnHealthChecks) || observation.changeExpected === true,
    confirming: evaluation.decision === 'pending' && evaluation.memory.consecutiveHealthy > 0,
    wakeAt,
  };
}

/** Runs the gate until it reaches an outcome. */
export async function runGate<O extends GateObservation>(
  options: GateLoopOptions<O>,
): Promise<GateLoopResult<O>> {
  const { clock, signal, policy } = options;
  const schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
  let memory = options.memory ?? FRESH_MEMORY;
  let pollState = { idlePolls: 0 };
  let previous: string | undefined;
  let last: { observation: O; evaluation: GateEvaluation } | undefined;
  let failedPolls = 0;
  for (;;) {
    if (signal?.aborted) return { outcome: 'cancelled', ...last, memory };
    let observation: O;
    try {
      observation = await options.observe();
      failedPolls = 0;
    } catch (error) {
      if (++failedPolls >= MAX_FAILED_POLLS) throw wrapError(`${failedPolls} polls failed in a row`, error);
      options.onPollError?.(`poll failed, retrying: ${errorMessage(error)}`);
      try {
        await clock.sleep(schedule.fastMs * failedPolls, signal);
      } catch {
        return { outcome: 'cancelled', ...last, memory };
      }
      continue;
    }
    const evaluation = evaluateHealth(observation, policy, memory);
    memory = evaluation.memory;
    last = { observation, evaluation };
    options.onObservation?.(observation, evaluation);
    const now = clock.now();
    if (evaluation.decision === 'failing') return { outcome: 'failing', ...last, memory };
    const holding = options.holdUntil !== undefined && now < options.holdUntil;
    const settled = observation.settled !== false;
    if (evaluation.decision === 'healthy' && !holding && settled)
      return { outcome: 'healthy', ...last, memory };
    if (now >= options.deadline) return { outcome: 'timeout', ...last, memory };

    const outlook = pollOutlook(observation, evaluation, {
      now,
      policy,
      schedule,
      predictedHealthyAt: options.predictHealthyAt?.(observation),
      holdUntil: holding ? options.holdUntil : undefined,
    });
    const current = outlook.fingerprint;
    const next = nextPollDelay(
      schedule,
      pollState,
      {
        now,
        moved: previous !== undefined && current !== previous,
        transitionExpected: outlook.transitionExpected,
        confirming: outlook.confirming,
        wakeAt: Math.min(options.deadline, ...outlook.wakeAt),
      },
      options.random,
    );
    pollState = next.state;
    previous = current;
    try {
      await clock.sleep(Math.max(1, next.delayMs), signal);
    } catch {
      return { outcome: 'cancelled', ...last, memory };
    }
  }
}
