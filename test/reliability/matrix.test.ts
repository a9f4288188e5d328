/**
 * Fault matrix, CI slice: per scenario the healthy image under 20% throttling plus one rotating
 * fault × behaviour cell. Invariants are checked on the simulator's final state and call log; the full
 * matrix (5 faults × 6 behaviours × 20 seeds per scenario) runs in `npm run reliability`.
 */
import { expect, test } from '@jest/globals';
import { matrixSlice, runMatrix } from './matrix.js';

test('fault matrix slice: every run ends in a safe, truthfully reported state', async () => {
  const outcomes = await runMatrix(matrixSlice(Number(process.env.ECS_KIT_MATRIX_SEED ?? 1)), 2);
  expect(outcomes).toHaveLength(8);
  const violations = outcomes.flatMap((outcome) => outcome.violations.map((v) => `${outcome.cell}: ${v}`));
  expect(violations).toEqual([]);
}, 240_000);
