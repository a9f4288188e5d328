/** The workflow runner's expressions evaluate as GitHub's do, on the forms the kit's workflows use. */
import { condition, evaluate, interpolate } from './runner/expressions.js';

const contexts = {
  inputs: { mode: '', attest: true, 'dry-run': false },
  github: { event_name: 'pull_request', event: { action: 'closed' } },
  steps: { build: { outputs: { skipped: 'false' } } },
  needs: { build: { result: 'skipped' } },
};

test.each([
  ["inputs.mode || (github.event.action == 'closed' && 'teardown' || 'deploy')", 'teardown'],
  ["inputs.attest && steps.build.outputs.skipped != 'true'", true],
  ["github.event_name == 'workflow_dispatch' && inputs.dry-run", false],
  ["github.event_name == 'PULL_REQUEST'", true],
  ['inputs.missing', undefined],
])('%s', (expression, expected) => {
  expect(evaluate(expression, contexts)).toBe(expected);
});

test('a whole-value expression keeps its type; text interpolates', () => {
  expect(interpolate('${{ inputs.attest }}', contexts)).toBe(true);
  expect(interpolate('pr-${{ github.event.action }}-x', contexts)).toBe('pr-closed-x');
});

test('if: is success() && (...) unless it names a status function', () => {
  expect(condition("needs.build.result == 'skipped'", contexts, { failed: true })).toBe(false);
  expect(
    condition("always() && (needs.build.result == 'success' || needs.build.result == 'skipped')", contexts, {
      failed: true,
    }),
  ).toBe(true);
});

test('an unknown context or function fails loudly', () => {
  expect(() => evaluate('vars2.x', contexts)).toThrow("unknown context 'vars2'");
  expect(() => evaluate("contains(inputs.mode, 'x')", contexts)).toThrow();
});
