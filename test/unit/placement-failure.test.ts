/** Recognising a deployment ECS cannot place, from its service events. */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isPlacementFailure, stuckPlacement } from '../../src/health/placement-failure.js';

const at = (seconds: number) => new Date(1_700_000_000_000 + seconds * 1000);
const UNPLACED =
  '(service web) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance 4f1c) has insufficient memory available. For more information, see the Troubleshooting section.';
const deployment = { id: 'ecs-svc/1', createdAt: at(10), desiredCount: 2, runningCount: 0, pendingCount: 0 };

describe('stuckPlacement', () => {
  it('quotes the placement-failure event of a deployment that placed nothing', () => {
    const events = [
      { createdAt: at(12), message: UNPLACED },
      { createdAt: at(5), message: '(service web) has reached a steady state.' },
    ];
    expect(stuckPlacement(events, deployment)).toBe(UNPLACED.replace('(service web) ', ''));
    expect(isPlacementFailure(UNPLACED)).toBe(true);
    expect(
      isPlacementFailure(
        'service web was unable to place a task because no container instance met all of its requirements. Reason: No Container Instances were found in your cluster.',
      ),
    ).toBe(true);
  });

  it('ignores events before the deployment, placed tasks, and rollouts where ECS is freeing room', () => {
    expect(stuckPlacement([{ createdAt: at(9), message: UNPLACED }], deployment)).toBeUndefined();
    expect(
      stuckPlacement([{ createdAt: at(12), message: UNPLACED }], { ...deployment, pendingCount: 1 }),
    ).toBeUndefined();
    expect(
      stuckPlacement([{ createdAt: at(12), message: UNPLACED }], { ...deployment, desiredCount: 0 }),
    ).toBeUndefined();
    const freeing = [
      { createdAt: at(12), message: UNPLACED },
      { createdAt: at(11), message: '(service web) has stopped 1 running tasks: (task abc).' },
    ];
    expect(stuckPlacement(freeing, deployment)).toBeUndefined();
  });

  it('never fails a deployment that placed a task or while ECS stops tasks to make room (property)', () => {
    const event = fc.record({
      createdAt: fc.integer({ min: 0, max: 60 }).map(at),
      message: fc.constantFrom(
        UNPLACED,
        '(service web) has stopped 1 running tasks: (task a).',
        '(service web) has started 2 tasks: (task b).',
      ),
    });
    fc.assert(
      fc.property(
        fc.array(event, { maxLength: 12 }),
        fc.nat(3),
        fc.nat(3),
        fc.nat(3),
        (events, desired, running, pending) => {
          const verdict = stuckPlacement(events, {
            ...deployment,
            desiredCount: desired,
            runningCount: running,
            pendingCount: pending,
          });
          const since = events.filter((item) => item.createdAt.getTime() >= deployment.createdAt.getTime());
          if (
            running + pending > 0 ||
            desired === 0 ||
            since.some((item) => item.message.includes('has stopped'))
          ) {
            expect(verdict).toBeUndefined();
          } else {
            expect(verdict !== undefined).toBe(since.some((item) => item.message === UNPLACED));
          }
        },
      ),
    );
  });
});
