/**
 * Cancellation, CI slice: SIGTERM at seeded random moments during ecs-deploy (wait healthy) and a
 * wait-healthy blue/green cutover. `npm run reliability` runs 20 seeds of each.
 */
import { expect, test } from '@jest/globals';
import { runCancel, type CancelTarget } from './cancel.js';

const CASES: [CancelTarget, number][] = [
  ['ecs-deploy', 1],
  ['ecs-deploy', 4],
  ['wait-healthy-blue-green', 2],
  ['wait-healthy-blue-green', 4],
];

test.each(CASES)(
  'SIGTERM during %s (seed %d): live traffic always healthy, state reported',
  async (target, seed) => {
    const outcome = await runCancel(target, seed);
    expect(outcome.violations).toEqual([]);
  },
  60_000,
);
