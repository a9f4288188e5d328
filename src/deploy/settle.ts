/**
 * The settle window of a service without a load balancer (a worker). ECS reports its deployment COMPLETED
 * as soon as the new tasks run, and its circuit breaker stops counting failed tasks once a task has run: a
 * worker whose new image crash-loops a few seconds after starting is then "completed" and left crashing.
 * Nothing else watches a worker's health, so its wait holds a COMPLETED deployment for a settle window:
 * completed only when it stays COMPLETED with every desired task running and no task failing for that long;
 * a task that fails or stops within the window fails the rollout (and the run rolls it back).
 */
import type { RolloutReading } from './rollout-state.js';

/** The default settle window (ecs-deploy's `worker-settle`). */
export const DEFAULT_SETTLE_MS = 30_000;

/** What the window remembers from the reading that started it. */
export interface SettleState {
  /** Clock time the deployment was first seen COMPLETED with every task running. */
  since: number;
  failedTasks: number;
  desiredCount: number;
}

/** A reading after the settle rule, and the window's state for the next one. */
export interface SettledReading {
  reading: RolloutReading;
  state?: SettleState;
}

const seconds = (ms: number) => `${Math.round(ms / 1000)}s`;

/**
 * Applies the settle window to one reading of the followed deployment. Pure: `state` is what the previous
 * reading returned, `now` the clock time of this one.
 */
export function settleReading(
  reading: RolloutReading,
  state: SettleState | undefined,
  now: number,
  settleMs: number,
): SettledReading {
  const deployment = reading.deployment;
  if (settleMs <= 0 || reading.phase === 'failed' || !deployment) return { reading };
  const failedTasks = deployment.failedTasks ?? 0;
  const desiredCount = deployment.desiredCount ?? 0;
  const running = deployment.runningCount ?? 0;
  if (!state) {
    if (reading.phase !== 'completed') return { reading };
    const started = { since: now, failedTasks, desiredCount };
    return { reading: settling(reading, started, settleMs), state: started };
  }
  const after = `${seconds(now - state.since)} after ECS reported deployment ${deployment.id} COMPLETED`;
  if (failedTasks > state.failedTasks) {
    const failed = failedTasks - state.failedTasks;
    return {
      reading: {
        ...reading,
        phase: 'failed',
        reason: `${failed} task${failed === 1 ? '' : 's'} of the new revision failed ${after}: it does not stay up`,
        transitionExpected: false,
      },
      state,
    };
  }
  if (desiredCount !== state.desiredCount) {
    // Scaled meanwhile: the window starts again once the new count runs.
    return settleReading(reading, undefined, now, settleMs);
  }
  if (running < desiredCount) {
    return {
      reading: {
        ...reading,
        phase: 'failed',
        reason: `a task of the new revision stopped ${after} (${running}/${desiredCount} running): it does not stay up`,
        transitionExpected: false,
      },
      state,
    };
  }
  if (reading.phase !== 'completed') {
    // No longer COMPLETED (ECS is at work again) without a task failing: the window starts over later.
    return { reading };
  }
  if (now - state.since >= settleMs) {
    return {
      reading: {
        ...reading,
        phase: 'completed',
        reason: `${reading.reason}, settled for ${seconds(now - state.since)}`,
      },
      state,
    };
  }
  return { reading: settling(reading, state, settleMs), state };
}

function settling(reading: RolloutReading, state: SettleState, settleMs: number): RolloutReading {
  return {
    ...reading,
    phase: 'in-progress',
    reason: `settling for ${seconds(settleMs)} since ECS reported it COMPLETED: ${reading.reason}`,
    transitionExpected: false,
    wakeAt: state.since + settleMs,
  };
}
