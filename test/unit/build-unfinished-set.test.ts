/** The state a set promotion reports when a write fails part way: every image in exactly one group. */
import fc from 'fast-check';
import { MissingPermissionsError } from '../../src/aws/access-denied.js';
import { unfinishedSetError, unfinishedSetState } from '../../src/build/unfinished-set.js';

/** The names listed after `label` up to the next `;` or `)`, or [] when the group is absent. */
function group(text: string, label: string): string[] {
  const match = new RegExp(`${label}: ([^;()]*)`).exec(text);
  if (!match || match[1].trim() === 'none') return [];
  return match[1].split(', ').map((name) => name.trim());
}

const sets = fc
  .uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/), { minLength: 1, maxLength: 8 })
  .chain((names) => fc.record({ names: fc.constant(names), failedAt: fc.nat(names.length - 1) }));

test('every image is tagged, stopped part way or not tagged, in the set order, exactly once', () => {
  fc.assert(
    fc.property(sets, ({ names, failedAt }) => {
      const text = unfinishedSetState({ names, failedAt, tags: ['production'] });
      const tagged = group(text, 'tagged production');
      const stopped = group(text, 'stopped part way').map((name) => name.split(' ')[0]);
      const untouched = group(text, 'not tagged');
      expect([...tagged, ...stopped, ...untouched]).toEqual(names);
      expect(stopped).toEqual([names[failedAt]]);
      expect(text).toContain('re-run the step with the same source-images and tags to finish the set');
    }),
  );
});

test('a denial stays a missing permission whose "changed" is the set state; other errors keep their cause', () => {
  const set = { names: ['proxy', 'app'], failedAt: 1, tags: ['v2'] };
  const denied = Object.assign(
    new Error('User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ecr:PutImage'),
    { name: 'AccessDeniedException' },
  );
  const error = unfinishedSetError(set, denied);
  expect(error).toBeInstanceOf(MissingPermissionsError);
  expect((error as MissingPermissionsError).permissions).toEqual(['ecr:PutImage']);
  expect(error.message).toContain(`: ${unfinishedSetState(set)}; grant what docs/iam/build-push.json lists`);

  const cause = new Error('the KMS key is disabled');
  const failed = unfinishedSetError(set, cause);
  expect(failed.message).toBe(`promoting app: the KMS key is disabled; ${unfinishedSetState(set)}`);
  expect(failed.cause).toBe(cause);
});
