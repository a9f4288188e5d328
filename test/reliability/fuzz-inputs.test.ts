/**
 * Bad-input fuzzing, CI slice: a deterministic sample of malformed variants per input of every action
 * (generated from action.yml). Each must exit 1 naming the input with zero mutating calls; none may print a
 * stack trace or inject a workflow command. The full set runs in `npm run reliability`.
 */
import { expect, test } from '@jest/globals';
import { runVariants } from './fuzz-run.js';
import { sampleVariants } from './fuzz-variants.js';

test('sampled malformed inputs of every action: exit 1, input named, zero mutating calls', async () => {
  const outcomes = await runVariants(sampleVariants(Number(process.env.ECS_KIT_FUZZ_SEED ?? 1)));
  expect(outcomes.length).toBeGreaterThan(100);
  const violations = outcomes
    .filter((outcome) => outcome.violations.length > 0)
    .map(
      (outcome) =>
        `${outcome.variant.action} ${outcome.variant.input} (${outcome.variant.label}): ${outcome.violations.join('; ')}`,
    );
  expect(violations).toEqual([]);
}, 240_000);
