/**
 * The start-up path every bundle shares (src/github/start.ts): bad input fails the step with an error
 * annotation and a job summary before anything heavy loads, and build-push's post step, run after a main
 * step that failed on its inputs, neither repeats the main step nor fails.
 */
import { expect, test } from '@jest/globals';
import { runAction } from '../helpers/action.js';

const ACTIONS = ['build-push', 'cleanup-ecr', 'ecs-deploy', 'preview', 'wait-healthy'];

test.each(ACTIONS)(
  '%s: missing inputs fail the step with the input named, in the log and the summary',
  async (action) => {
    // No endpoint: any AWS call would fail differently (and no request may be attempted at all).
    const result = await runAction(action, { inputs: {} });
    expect(result.code).toBe(1);
    const errors = result.annotations.filter((annotation) => annotation.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0].message).toMatch(new RegExp(`^${action} failed: input '[a-z-]+': `));
    const input = /input '([a-z-]+)'/.exec(errors[0].message)![1];
    expect(result.summary).toContain(`## ❌ ${action}: failed`);
    expect(result.summary).toContain(`input '${input}'`);
    expect(result.outputs).toEqual({});
  },
);

test('build-push marks its main step before validating, so the post step after a bad input does nothing', async () => {
  const main = await runAction('build-push', { inputs: { repository: 'Not A Repository' } });
  expect(main.code).toBe(1);
  expect(main.annotations[0].message).toContain("input 'repository'");
  expect(main.state).toEqual({ isPost: 'true' });

  const post = await runAction('build-push', {
    inputs: { repository: 'Not A Repository' },
    state: main.state,
  });
  expect(post.code).toBe(0);
  expect(post.annotations).toEqual([]);
  expect(post.stdout).not.toContain('repository');
});

test('an input error escapes newlines and percent signs in the annotation (one workflow command line)', async () => {
  const result = await runAction('wait-healthy', {
    inputs: { cluster: 'prod', service: 'web', timeout: '10%\n::error::forged' },
  });
  expect(result.code).toBe(1);
  const lines = result.stdout.split('\n').filter((line) => line.startsWith('::error::'));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain('%25%0A::error::forged');
});
