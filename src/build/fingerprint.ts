/**
 * The source fingerprint: one hash over everything that decides what an image contains (the context's
 * files, the Dockerfile, build args, platforms, target). Same inputs, same fingerprint; the repository
 * remembers it as a tag, so a second build of the same source is skipped.
 */
import { createHash } from 'node:crypto';

/** What goes into a fingerprint. */
export interface FingerprintParts {
  /** Hash of the build context's files (see sourceTreeHash). */
  contextHash: string;
  /** The Dockerfile's content (it may live outside the context). */
  dockerfile: string;
  buildArgs: ReadonlyMap<string, string>;
  platforms: readonly string[];
  target?: string;
}

/** Bumped when the recipe changes, so old fingerprint tags are never mistaken for new ones. */
const RECIPE = 'ecs-kit-fingerprint/1';

/** The fingerprint: 64 hex digits, independent of the order build args and platforms were given in. */
export function fingerprint(parts: FingerprintParts): string {
  const canonical = JSON.stringify({
    recipe: RECIPE,
    context: parts.contextHash,
    dockerfile: createHash('sha256').update(parts.dockerfile).digest('hex'),
    buildArgs: [...parts.buildArgs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    platforms: [...new Set(parts.platforms)].sort(),
    target: parts.target ?? '',
  });
  return createHash('sha256').update(canonical).digest('hex');
}

/** The tag under which an image's fingerprint is stored in its repository. */
export function fingerprintTag(hash: string): string {
  return `fp-${hash}`;
}
