/**
 * planRetention: the pure decision of which images to keep and which to delete, with a reason for each.
 * Protections (in use, rollback targets) and keep rules always win over delete rules; an index's child
 * manifests follow their index, so a kept multi-arch image never loses a platform.
 */
import type {
  DecidingRule,
  ImageDecision,
  ImageProtection,
  InventoryImage,
  RetentionPlan,
  RetentionRules,
} from './retention-types.js';

const DAY_MS = 86_400_000;

/** A duration in milliseconds as people write it (`36h`, `7d`). */
export function formatAge(ms: number): string {
  if (ms >= DAY_MS && ms % DAY_MS === 0) return `${ms / DAY_MS}d`;
  if (ms >= 3_600_000) return `${Math.round((ms / 3_600_000) * 10) / 10}h`;
  if (ms >= 60_000) return `${Math.round((ms / 60_000) * 10) / 10}m`;
  return `${Math.round(ms / 1000)}s`;
}

/** Newest first; equal push times ordered by digest so the plan is deterministic. */
function newestFirst(a: InventoryImage, b: InventoryImage): number {
  return b.pushedAt - a.pushedAt || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);
}

type Verdict = Pick<ImageDecision, 'action' | 'rule' | 'reason'>;

const keep = (rule: DecidingRule, reason: string): Verdict => ({ action: 'keep', rule, reason });
const remove = (rule: DecidingRule, reason: string): Verdict => ({ action: 'delete', rule, reason });

/** Decides the images of one repository that are not children of another image in it. */
function decideTopLevel(options: {
  images: InventoryImage[];
  protections: Map<string, ImageProtection>;
  rules: RetentionRules;
  now: number;
}): Map<string, Verdict> {
  const { rules, now } = options;
  const verdicts = new Map<string, Verdict>();
  const ordered = [...options.images].sort(newestFirst);
  // Rank of each image among those with a tag matching each keep-newest-matching pattern.
  const matchingKeeps = new Map<string, string>();
  for (const { pattern, count } of rules.keepNewestMatching) {
    let rank = 0;
    for (const image of ordered) {
      if (!image.tags.some((tag) => pattern.test(tag))) continue;
      rank++;
      if (rank > count) break;
      if (!matchingKeeps.has(image.digest)) {
        matchingKeeps.set(
          image.digest,
          `among the newest ${count} with a tag matching '${pattern.source}' (#${rank})`,
        );
      }
    }
  }
  const untaggedRank = new Map<string, number>();
  for (const image of ordered)
    if (image.tags.length === 0) untaggedRank.set(image.digest, untaggedRank.size + 1);
  ordered.forEach((image, index) => {
    const age = now - image.pushedAt;
    const protection = options.protections.get(image.digest);
    const keptTag = image.tags.find((tag) => rules.keepTags.some((pattern) => pattern.test(tag)));
    const deletePatterns = rules.deleteTags;
    let verdict: Verdict;
    if (protection) verdict = keep(protection.kind, protection.reason);
    else if (keptTag !== undefined) {
      const pattern = rules.keepTags.find((candidate) => candidate.test(keptTag))!;
      verdict = keep('keep-tags', `tag '${keptTag}' matches keep pattern '${pattern.source}'`);
    } else if (index < rules.keepNewest)
      verdict = keep('keep-newest', `among the newest ${rules.keepNewest} (#${index + 1})`);
    else if (matchingKeeps.has(image.digest))
      verdict = keep('keep-newest-matching', matchingKeeps.get(image.digest)!);
    else if ((untaggedRank.get(image.digest) ?? Infinity) <= (rules.keepNewestUntagged ?? 0)) {
      const rank = untaggedRank.get(image.digest)!;
      verdict = keep(
        'keep-newest-untagged',
        `among the newest ${rules.keepNewestUntagged} untagged (#${rank})`,
      );
    } else if (rules.keepWithinMs !== undefined && age <= rules.keepWithinMs) {
      verdict = keep('keep-within', `pushed ${formatAge(age)} ago, within ${formatAge(rules.keepWithinMs)}`);
    } else if (
      image.tags.length > 0 &&
      image.tags.every((tag) => deletePatterns.some((pattern) => pattern.test(tag)))
    ) {
      verdict = remove('delete-tags', `every tag matches a delete pattern (${image.tags.join(', ')})`);
    } else if (
      image.tags.length === 0 &&
      rules.deleteUntaggedAfterMs !== undefined &&
      age > rules.deleteUntaggedAfterMs
    ) {
      verdict = remove(
        'delete-untagged',
        `untagged and pushed ${formatAge(age)} ago, over ${formatAge(rules.deleteUntaggedAfterMs)}`,
      );
    } else if (rules.deleteUnkept) {
      verdict = remove('delete-unkept', `not among the newest ${rules.keepNewest} and no keep rule holds it`);
    } else verdict = keep('no-delete-rule', 'no delete rule selects it');
    verdicts.set(image.digest, verdict);
  });
  return verdicts;
}

/** Decides a child manifest once all the indexes referencing it are decided. */
function decideChild(options: {
  image: InventoryImage;
  parents: string[];
  verdicts: Map<string, Verdict>;
  protections: Map<string, ImageProtection>;
  rules: RetentionRules;
  now: number;
}): Verdict {
  const { image, rules } = options;
  const protection = options.protections.get(image.digest);
  if (protection) return keep(protection.kind, protection.reason);
  const keptParent = options.parents.find((parent) => options.verdicts.get(parent)?.action === 'keep');
  if (keptParent) return keep('index-child', `platform manifest of kept index ${keptParent}`);
  const keptTag = image.tags.find((tag) => rules.keepTags.some((pattern) => pattern.test(tag)));
  if (keptTag !== undefined) return keep('keep-tags', `tag '${keptTag}' matches a keep pattern`);
  const age = options.now - image.pushedAt;
  if (rules.keepWithinMs !== undefined && age <= rules.keepWithinMs) {
    return keep('keep-within', `pushed ${formatAge(age)} ago, within ${formatAge(rules.keepWithinMs)}`);
  }
  return remove('index-child', `platform manifest of deleted index ${options.parents[0]}`);
}

/** Decides one repository's images. */
function planRepository(
  images: InventoryImage[],
  protections: Map<string, ImageProtection>,
  rules: RetentionRules,
  now: number,
): Map<string, Verdict> {
  const present = new Map(images.map((image) => [image.digest, image]));
  const parents = new Map<string, string[]>();
  for (const image of images) {
    for (const child of image.children) {
      if (!present.has(child) || child === image.digest) continue;
      const list = parents.get(child);
      if (list) list.push(image.digest);
      else parents.set(child, [image.digest]);
    }
  }
  const topLevel = images.filter((image) => !parents.has(image.digest));
  const verdicts = decideTopLevel({ images: topLevel, protections, rules, now });
  // Children follow their indexes; nested indexes resolve level by level.
  let pending = images.filter((image) => parents.has(image.digest));
  while (pending.length > 0) {
    const ready = pending.filter((image) =>
      parents.get(image.digest)!.every((parent) => verdicts.has(parent)),
    );
    if (ready.length === 0) break;
    for (const image of ready) {
      verdicts.set(
        image.digest,
        decideChild({ image, parents: parents.get(image.digest)!, verdicts, protections, rules, now }),
      );
    }
    pending = pending.filter((image) => !verdicts.has(image.digest));
  }
  // A reference cycle cannot occur with content digests; if the data has one anyway, keep.
  for (const image of pending)
    verdicts.set(image.digest, keep('index-child', 'referenced by an index in a cycle'));
  return verdicts;
}

/**
 * The retention plan for `images` (any number of repositories) given the protected images, the rules and
 * the current time (epoch ms). Every image gets exactly one decision.
 */
export function planRetention(
  images: InventoryImage[],
  inUse: ImageProtection[],
  rules: RetentionRules,
  now: number,
): RetentionPlan {
  const byRepository = new Map<string, InventoryImage[]>();
  for (const image of images) {
    const list = byRepository.get(image.repository);
    if (list) list.push(image);
    else byRepository.set(image.repository, [image]);
  }
  const decisions: ImageDecision[] = [];
  for (const [repository, repositoryImages] of byRepository) {
    const protections = new Map<string, ImageProtection>();
    for (const protection of inUse) {
      // In use wins over rollback when both apply: it is the stronger reason to show.
      if (protection.repository !== repository) continue;
      const existing = protections.get(protection.digest);
      if (!existing || (existing.kind === 'rollback' && protection.kind === 'in-use')) {
        protections.set(protection.digest, protection);
      }
    }
    const verdicts = planRepository(repositoryImages, protections, rules, now);
    for (const image of repositoryImages) decisions.push({ image, ...verdicts.get(image.digest)! });
  }
  return {
    decisions,
    keep: decisions.filter((decision) => decision.action === 'keep').map((decision) => decision.image),
    delete: decisions.filter((decision) => decision.action === 'delete').map((decision) => decision.image),
  };
}
