/**
 * Turns the image references of the in-use scan into protected digests of the repositories in scope:
 * by digest as written, by the digest a running task pulled, and by tag resolved through the inventory.
 */
import type { InUseScan, ImageUse } from './in-use.js';
import type { RepositoryInfo } from './inventory.js';
import type { ImageProtection, InventoryImage } from './retention-types.js';

/** A reference into a repository in scope whose tag names no image there (nothing to protect). */
export interface UnresolvedUse {
  use: ImageUse;
  why: string;
}

/** Splits `host/repo[:tag][@digest]` into its name (host/repo), tag and digest; `latest` when neither. */
export function splitImageReference(image: string): { name: string; tag?: string; digest?: string } {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!tag && !digest) tag = 'latest';
  return { name: rest.toLowerCase(), tag, digest };
}

/** The protections for the scanned uses in the given repositories and their images. */
export function protectionsFor(
  scan: Pick<InUseScan, 'uses'>,
  repositories: readonly RepositoryInfo[],
  images: readonly InventoryImage[],
): { protections: ImageProtection[]; unresolved: UnresolvedUse[] } {
  const byUri = new Map(repositories.map((repository) => [repository.uri.toLowerCase(), repository.name]));
  const byTag = new Map<string, string>();
  for (const image of images)
    for (const tag of image.tags) byTag.set(`${image.repository}:${tag}`, image.digest);
  const protections: ImageProtection[] = [];
  const unresolved: UnresolvedUse[] = [];
  for (const use of scan.uses) {
    const reference = splitImageReference(use.image);
    const repository = byUri.get(reference.name);
    if (repository === undefined) continue;
    const protect = (digest: string) =>
      protections.push({ repository, digest, kind: use.kind, reason: use.reason });
    if (use.digest) protect(use.digest);
    if (reference.digest) protect(reference.digest);
    else if (reference.tag) {
      const digest = byTag.get(`${repository}:${reference.tag}`);
      if (digest) protect(digest);
      else if (!use.digest) unresolved.push({ use, why: `tag '${reference.tag}' is not in ${repository}` });
    }
  }
  return { protections, unresolved };
}
