/** The data planRetention works on: images, protections, rules and decisions. */
import type { NamePattern } from './tag-pattern.js';

/** One image of a repository, as the inventory found it. */
export interface InventoryImage {
  repository: string;
  digest: string;
  tags: string[];
  /** Epoch milliseconds. */
  pushedAt: number;
  sizeBytes: number;
  mediaType?: string;
  /** Digests of the child manifests when this image is a multi-arch index; empty otherwise. */
  children: string[];
}

/** Why an image must stay whatever the rules say. */
export interface ImageProtection {
  repository: string;
  digest: string;
  kind: 'in-use' | 'rollback';
  /** e.g. `service prod/web (PRIMARY deployment, shop-web:7)`. */
  reason: string;
}

/** Keep the newest `count` images with a tag matching `pattern`. */
export interface PatternCount {
  pattern: NamePattern;
  count: number;
}

/** The retention rules, precedence documented in docs/cleanup-rules.md. */
export interface RetentionRules {
  /** Keep the newest N images of each repository (indexes count once; their children follow them). */
  keepNewest: number;
  /** Keep images pushed within this many milliseconds. */
  keepWithinMs?: number;
  /** Keep images with any tag matching one of these. */
  keepTags: NamePattern[];
  /** Keep the newest N images having a tag that matches each pattern. */
  keepNewestMatching: PatternCount[];
  /** Keep the newest N untagged images of each repository (0 or undefined: no such rule). */
  keepNewestUntagged?: number;
  /** Delete untagged images older than this many milliseconds. */
  deleteUntaggedAfterMs?: number;
  /** Delete tagged images whose every tag matches one of these. */
  deleteTags: NamePattern[];
  /** Delete every image no keep rule holds (the classic "keep the last N"). */
  deleteUnkept: boolean;
}

/** The rule that decided an image. */
export type DecidingRule =
  | 'in-use'
  | 'rollback'
  | 'index-child'
  | 'keep-tags'
  | 'keep-newest'
  | 'keep-newest-matching'
  | 'keep-newest-untagged'
  | 'keep-within'
  | 'delete-tags'
  | 'delete-untagged'
  | 'delete-unkept'
  | 'no-delete-rule';

/** The verdict on one image. */
export interface ImageDecision {
  image: InventoryImage;
  action: 'keep' | 'delete';
  rule: DecidingRule;
  reason: string;
}

/** planRetention's result: a decision for every image, and the two sides. */
export interface RetentionPlan {
  decisions: ImageDecision[];
  keep: InventoryImage[];
  delete: InventoryImage[];
}
