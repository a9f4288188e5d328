/**
 * The one wiring of the gate loop that every strategy uses: observe the new revision's targets, evaluate,
 * record a timeline sample per observation, and report when the targets were first healthy.
 */
import type { AlarmWatcher } from './alarms.js';
import { runGate, type GateLoopOptions, type GateLoopResult } from './gate-loop.js';
import { earliestHealthyAt, type DeploymentObservation } from './observe.js';
import type { HealthGateOptions } from './options.js';
import type { TargetGroupSettings } from './targets.js';
import type { HealthSample } from './types.js';
import { sampleOf } from './verdict.js';

/** What one gate watches. */
export interface DeploymentGateOptions<O extends DeploymentObservation> {
  observe: () => Promise<O>;
  /** Health-check settings of the target groups, to sleep until a pending target could turn healthy. */
  targetGroups: Map<string, TargetGroupSettings>;
  /** When the strategy started (clock ms): samples count from here and the deadline is timeoutMs after. */
  startedAt: number;
  /** Clock time before which a healthy gate keeps observing (a bake). */
  holdUntil?: number;
  /** Percent of production traffic on the new revision at an observation, for strategies that shift it. */
  newWeightOf?: (observation: O) => number | undefined;
  /** After the first healthy outcome, keep observing this long more (the strategy's bake, e.g. for alarms). */
  bakeAfterHealthyMs?: number;
}

/**
 * The observation with the alarms read at the same poll (one DescribeAlarms call): an alarm in ALARM
 * makes it a failed deployment, so every strategy fails (and restores traffic) the way it does for ECS.
 */
function withAlarms<O extends DeploymentObservation>(
  observe: () => Promise<O>,
  alarms: AlarmWatcher | undefined,
): () => Promise<O> {
  if (!alarms) return observe;
  return async () => {
    const [observation, fired] = await Promise.all([observe(), alarms.firing()]);
    return fired ? { ...observation, deploymentFailed: observation.deploymentFailed ?? fired } : observation;
  };
}

/** How one gate ended, with its timeline. */
export interface DeploymentGate<O extends DeploymentObservation> {
  result: GateLoopResult<O>;
  samples: HealthSample[];
  /** Clock time of the first healthy observation, if any. */
  firstHealthyAt?: number;
}

/** Runs the gate loop on `gate.observe` under the strategy's policy, deadline and cancellation. */
export async function gateDeployment<O extends DeploymentObservation>(
  options: HealthGateOptions,
  gate: DeploymentGateOptions<O>,
): Promise<DeploymentGate<O>> {
  const samples: HealthSample[] = [];
  const healthyTimes: number[] = [];
  const loop: GateLoopOptions<O> = {
    observe: withAlarms(gate.observe, options.alarms),
    policy: options.policy,
    clock: options.clock,
    signal: options.signal,
    deadline: gate.startedAt + options.timeoutMs,
    predictHealthyAt: (observation) => earliestHealthyAt(observation, gate.targetGroups),
    onObservation: (observation, evaluation) => {
      if (evaluation.decision === 'healthy') healthyTimes.push(observation.time);
      const newWeight = gate.newWeightOf?.(observation);
      const sample = sampleOf({ startedAt: gate.startedAt, observation, evaluation, newWeight });
      samples.push(sample);
      options.logger?.debug(JSON.stringify({ ...observation, tasks: observation.tasks.length }));
      options.onProgress?.(sample);
    },
    onPollError: (message: string) => options.logger?.warning(message),
  };
  let result = await runGate<O>({ ...loop, holdUntil: gate.holdUntil });
  const bakeMs = gate.bakeAfterHealthyMs ?? 0;
  if (result.outcome === 'healthy' && bakeMs > 0) {
    options.logger?.info(`healthy; baking ${Math.round(bakeMs / 1000)}s before passing`);
    const holdUntil = options.clock.now() + bakeMs;
    result = await runGate<O>({
      ...loop,
      holdUntil,
      deadline: Math.max(loop.deadline, holdUntil),
      memory: result.memory,
    });
  }
  return { result, samples, firstHealthyAt: healthyTimes[0] };
}
