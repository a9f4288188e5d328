/**
 * Concurrent deploys to one service. KNOWN VIOLATION (docs/RELIABILITY.md): ecs-deploy does not detect a
 * deployment in progress, and a superseded run rolls the service back over the other run's rollout (seen:
 * UpdateService shop-web:2 → :3 → :1 → :2, both runs fail, the service ends on a revision no run reported
 * healthy). `test.failing` keeps CI green while the defect stands and fails once it is fixed: then turn it
 * into a plain `test`.
 */
import { expect, test } from '@jest/globals';
import { runConcurrentDeploys } from './concurrent.js';

test.failing(
  'two overlapping ecs-deploy runs: detected, never interleaved',
  async () => {
    const outcome = await runConcurrentDeploys(150);
    expect(outcome.violations).toEqual([]);
  },
  90_000,
);
