/**
 * A set promotion that failed between its writes: the images before the failing one carry the new tags,
 * the failing one may carry some of them, the rest none. Deployments that take the set's tag would then mix
 * old and new images, so the error says exactly where the set stands and how to finish it. Re-running is
 * safe because every write tags a digest that was checked: a tag already on that digest is left alone.
 */
import { denialOf, MissingPermissionsError } from '../aws/access-denied.js';
import { errorMessage } from '../errors.js';

/** Where a set promotion stopped: the images in the set's order and the index of the one that failed. */
export interface UnfinishedSet {
  names: readonly string[];
  failedAt: number;
  tags: readonly string[];
}

/**
 * What the set looks like now, in words: tagged, stopped part way, not tagged, and how to finish; each a
 * `; ` clause of its own, so the job summary lists them one a line (failureQuote).
 */
export function unfinishedSetState({ names, failedAt, tags }: UnfinishedSet): string {
  const tagged = names.slice(0, failedAt);
  const untouched = names.slice(failedAt + 1);
  const parts = [
    `tagged ${tags.join(', ')}: ${tagged.length > 0 ? tagged.join(', ') : 'none'}`,
    `stopped part way: ${names[failedAt]} (its tags before the failing one may be written)`,
  ];
  if (untouched.length > 0) parts.push(`not tagged: ${untouched.join(', ')}`);
  return (
    `the image set is not fully promoted; ${parts.join('; ')}; ` +
    're-run the step with the same source-images and tags to finish the set ' +
    '(tagging is idempotent by digest: tags already written are left as they are)'
  );
}

/**
 * The step's error for a set promotion that failed at `failedAt`: a missing permission stays a
 * MissingPermissionsError (the summary lists permissions), with the set's state as what was changed.
 */
export function unfinishedSetError(set: UnfinishedSet, cause: unknown): Error {
  const state = unfinishedSetState(set);
  if (cause instanceof MissingPermissionsError) {
    const denials = cause.permissions.map((permission) => ({ permission, principal: cause.principal }));
    return new MissingPermissionsError('build-push', denials, state);
  }
  const denial = denialOf(cause, 'ecr:PutImage');
  if (denial) return new MissingPermissionsError('build-push', [denial], state);
  return new Error(`promoting ${set.names[set.failedAt]}: ${errorMessage(cause)}; ${state}`, { cause });
}
