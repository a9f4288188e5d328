/** Recognising a deployment ECS cannot place, from its service events. */
import { describe, expect, it } from '@jest/globals';
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
});
