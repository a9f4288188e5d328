/** The pure decision of a promotion: which tags to write, which are already right, which conflict. */

/** A tag that already points at another image. */
export interface TagConflict {
  tag: string;
  /** The digest the tag points at now. */
  existingDigest: string;
}

/** What a promotion will do. */
export interface PromotionPlan {
  /** Tags to write with PutImage. */
  put: string[];
  /** Tags already on the source digest. */
  unchanged: string[];
  /** Tags held by another digest in an immutable repository: the promotion must not proceed. */
  conflicts: TagConflict[];
  /** Tags that will move from another digest (mutable repository). */
  moved: TagConflict[];
}

/** Plans adding `tags` to `digest`, given where the target repository's tags point now. */
export function planPromotion(options: {
  digest: string;
  tags: readonly string[];
  existing: ReadonlyMap<string, string>;
  immutable: boolean;
}): PromotionPlan {
  const plan: PromotionPlan = { put: [], unchanged: [], conflicts: [], moved: [] };
  for (const tag of new Set(options.tags)) {
    const existingDigest = options.existing.get(tag);
    if (existingDigest === options.digest) plan.unchanged.push(tag);
    else if (existingDigest && options.immutable) plan.conflicts.push({ tag, existingDigest });
    else {
      if (existingDigest) plan.moved.push({ tag, existingDigest });
      plan.put.push(tag);
    }
  }
  return plan;
}

/** The error message for conflicts, naming both digests of each tag. */
export function conflictMessage(digest: string, conflicts: readonly TagConflict[]): string {
  const details = conflicts
    .map(
      (conflict) =>
        `tag ${conflict.tag} is immutable and points at ${conflict.existingDigest}, not ${digest}`,
    )
    .join('; ');
  return `cannot tag ${digest}: ${details}`;
}
