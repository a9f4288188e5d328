/**
 * Concurrent deploys to one service: two overlapping ecs-deploy runs are detected and never interleave
 * task definitions. This was a violation when first run (UpdateService shop-web:2 → :3 → :1 → :2, the
 * service ending on a revision no run reported healthy); fixed in ecs-deploy by cf3c053 (a superseded run
 * fails naming the other deployment and does not roll back). See docs/RELIABILITY.md.
 */
import { expect, test } from '@jest/globals';
import { runConcurrentDeploys } from './concurrent.js';

test('two overlapping ecs-deploy runs: detected, never interleaved', async () => {
  const outcome = await runConcurrentDeploys(150);
  expect(outcome.violations).toEqual([]);
  expect(outcome.updates).toHaveLength(2);
}, 90_000);
