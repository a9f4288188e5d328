/**
 * Bad-input fuzzing, CI slice: a deterministic sample of malformed variants per input of every action
 * (generated from action.yml). Each must exit 1 naming the input with zero mutating calls; none may print a
 * stack trace or inject a workflow command. The full set runs in `npm run reliability`.
 */
import { expect, test } from '@jest/globals';
import { runVariants } from './fuzz-run.js';
import { sampleVariants, type Variant } from './fuzz-variants.js';

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

/** Variants the full set once caught; kept in CI so that they stay fixed. */
const REGRESSIONS: Variant[] = [
  // preview accepted 1e23 as a pull request number and failed after 10 AWS calls on 'shop-web-pr-1e+23'.
  {
    action: 'preview',
    input: 'pull-request',
    label: 'overflow',
    value: '99999999999999999999999',
    mustReject: true,
  },
  // cleanup-ecr read 99999999999999999999999 as 1e23 (every input read as a whole number shares the reader).
  {
    action: 'cleanup-ecr',
    input: 'keep-newest',
    label: 'overflow',
    value: '99999999999999999999999',
    mustReject: true,
  },
];

test('regressions from the full fuzz set', async () => {
  const outcomes = await runVariants(REGRESSIONS);
  expect(outcomes.flatMap((outcome) => outcome.violations)).toEqual([]);
}, 60_000);
