/**
 * The settle window of a worker (src/deploy/settle.ts): a COMPLETED deployment counts as completed only
 * after every desired task kept running, with no task failing, for the whole window.
 */
import type { Deployment } from '@aws-sdk/client-ecs';
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { RolloutReading } from '../../src/deploy/rollout-state.js';
import { settleReading, type SettleState } from '../../src/deploy/settle.js';

const WINDOW = 30_000;

/** A reading as readRollout makes it for a PRIMARY deployment with these counts. */
function reading(counts: {
  running: number;
  desired: number;
  failed: number;
  completed: boolean;
}): RolloutReading {
  const deployment: Deployment = {
    id: 'ecs-svc/1',
    status: 'PRIMARY',
    rolloutState: counts.completed ? 'COMPLETED' : 'IN_PROGRESS',
    runningCount: counts.running,
    desiredCount: counts.desired,
    pendingCount: 0,
    failedTasks: counts.failed,
  };
  const completed = counts.completed && counts.running >= counts.desired;
  return {
    phase: completed ? 'completed' : 'in-progress',
    reason: completed ? 'completed: 1/1 running, 0 pending' : 'IN_PROGRESS: 0/1 running, 0 pending',
    deployment,
    transitionExpected: false,
    fingerprint: JSON.stringify(counts),
  };
}

const snapshot = fc.record({
  running: fc.integer({ min: 0, max: 3 }),
  desired: fc.integer({ min: 1, max: 3 }),
  failed: fc.integer({ min: 0, max: 4 }),
  completed: fc.boolean(),
  afterMs: fc.integer({ min: 0, max: 20_000 }),
});

test('completed only after a whole window of COMPLETED readings with every task running and no failed task', () => {
  fc.assert(
    fc.property(fc.array(snapshot, { minLength: 1, maxLength: 12 }), (snapshots) => {
      let state: SettleState | undefined;
      let now = 0;
      const seen: { at: number; running: number; desired: number; failed: number; completed: boolean }[] = [];
      for (const [index, counts] of snapshots.entries()) {
        now += counts.afterMs;
        seen.push({ at: now, ...counts });
        const result = settleReading(reading(counts), state, now, WINDOW);
        if (result.reading.phase === 'completed') {
          // Every reading since the window began had all desired tasks running and no task failing.
          const start = result.state!;
          expect(now - start.since).toBeGreaterThanOrEqual(WINDOW);
          for (const earlier of seen.filter((entry) => entry.at >= start.since)) {
            expect(earlier.failed).toBeLessThanOrEqual(start.failedTasks);
            expect(earlier.running).toBeGreaterThanOrEqual(earlier.desired);
            expect(earlier.completed).toBe(true);
          }
          return;
        }
        if (result.reading.phase === 'failed') {
          expect(index).toBeGreaterThan(0);
          return;
        }
        state = result.state;
      }
    }),
  );
});

test('a task failing within the window fails the rollout; a window of steady readings completes it', () => {
  const steady = { running: 1, desired: 1, failed: 0, completed: true };
  const first = settleReading(reading(steady), undefined, 0, WINDOW);
  expect(first.reading.phase).toBe('in-progress');
  expect(first.reading.wakeAt).toBe(WINDOW);
  const crashed = settleReading(reading({ ...steady, failed: 1 }), first.state, 8_000, WINDOW);
  expect([crashed.reading.phase, crashed.reading.reason]).toEqual([
    'failed',
    '1 task of the new revision failed 8s after ECS reported deployment ecs-svc/1 COMPLETED: it does not stay up',
  ]);
  const passed = settleReading(reading(steady), first.state, WINDOW, WINDOW);
  expect([passed.reading.phase, passed.reading.reason]).toEqual([
    'completed',
    'completed: 1/1 running, 0 pending, settled for 30s',
  ]);
  expect(settleReading(reading(steady), undefined, 0, 0).reading.phase).toBe('completed');
});
