/** Turning observations and gate outcomes into timeline samples and the final verdict. */
import type { GateLoopResult } from './gate-loop.js';
import type { GateEvaluation, GateObservation, HealthSample, HealthVerdict, VerdictStatus } from './types.js';

/** A timeline sample of one observation. */
export function sampleOf(options: {
  startedAt: number;
  observation: GateObservation;
  evaluation: GateEvaluation;
  newWeight?: number;
}): HealthSample {
  const { observation, evaluation } = options;
  return {
    elapsedMs: observation.time - options.startedAt,
    decision: evaluation.decision,
    healthyTargets: evaluation.healthyTargets,
    desiredCount: observation.desiredCount,
    runningTasks: observation.tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    newWeight: options.newWeight,
    reason: evaluation.reason,
  };
}

const STATUS: Record<GateLoopResult<GateObservation>['outcome'], VerdictStatus> = {
  healthy: 'healthy',
  failing: 'unhealthy',
  timeout: 'timeout',
  cancelled: 'cancelled',
};

/** The verdict of a gate that ran from `startedAt` until `endedAt`. */
export function verdictOf(options: {
  result: GateLoopResult<GateObservation & { deploymentId?: string; taskDefinitionArn?: string }>;
  startedAt: number;
  endedAt: number;
  /** When the new tasks were first healthy, if before the end (a blue/green cutover or native bake followed). */
  firstHealthyAt?: number;
  timeoutMs: number;
  samples: HealthSample[];
}): HealthVerdict {
  const { result } = options;
  const status = STATUS[result.outcome];
  const last = result.evaluation?.reason ?? 'no observation was made';
  const reason =
    status === 'timeout'
      ? `not healthy within ${Math.round(options.timeoutMs / 1000)}s: ${last}`
      : status === 'cancelled'
        ? `cancelled while waiting: ${last}`
        : last;
  return {
    status,
    reason,
    timeToHealthyMs:
      status === 'healthy' ? (options.firstHealthyAt ?? options.endedAt) - options.startedAt : undefined,
    healthyTargets: result.evaluation?.healthyTargets ?? 0,
    deploymentId: result.observation?.deploymentId,
    taskDefinitionArn: result.observation?.taskDefinitionArn,
    samples: options.samples,
  };
}
