/** planRetention: examples for each rule, and fast-check properties over random inventories and rule sets. */
import fc from 'fast-check';
import { planRetention } from '../../src/images/retention-plan.js';
import type { ImageProtection, InventoryImage, RetentionRules } from '../../src/images/retention-types.js';
import { compilePattern } from '../../src/images/tag-pattern.js';

const NOW = Date.UTC(2026, 10, 21);
const DAY = 86_400_000;

const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

function image(n: number, options: Partial<InventoryImage> & { ageDays?: number } = {}): InventoryImage {
  return {
    repository: options.repository ?? 'shop',
    digest: digestOf(n),
    tags: options.tags ?? [],
    pushedAt: NOW - (options.ageDays ?? n) * DAY,
    sizeBytes: options.sizeBytes ?? 1000,
    children: options.children ?? [],
  };
}

function rules(overrides: Partial<RetentionRules> = {}): RetentionRules {
  return {
    keepNewest: 10,
    keepTags: [],
    keepNewestMatching: [],
    deleteTags: [],
    deleteUnkept: true,
    ...overrides,
  };
}

const actionOf = (plan: ReturnType<typeof planRetention>, n: number) =>
  plan.decisions.find((decision) => decision.image.digest === digestOf(n));

describe('planRetention rules', () => {
  const twenty = Array.from({ length: 20 }, (_, i) => image(i + 1, { tags: [`build-${i + 1}`] }));

  test('keeps the newest N and deletes the rest by default', () => {
    const plan = planRetention(twenty, [], rules({ keepNewest: 5 }), NOW);
    expect(plan.keep.map((kept) => kept.digest)).toEqual([1, 2, 3, 4, 5].map(digestOf));
    expect(actionOf(plan, 6)).toMatchObject({ action: 'delete', rule: 'delete-unkept' });
    expect(plan.decisions.every((decision) => decision.reason.length > 0)).toBe(true);
  });

  test('keep-within, keep-tags and keep-newest-matching add to the kept set', () => {
    const images = twenty.map((entry, i) => (i === 14 ? { ...entry, tags: ['v1.0.0'] } : entry));
    const plan = planRetention(
      images,
      [],
      rules({
        keepNewest: 2,
        keepWithinMs: 4 * DAY,
        keepTags: [compilePattern('v*')],
        keepNewestMatching: [{ pattern: compilePattern('/^build-1\\d$/'), count: 2 }],
      }),
      NOW,
    );
    expect(actionOf(plan, 4)).toMatchObject({ action: 'keep', rule: 'keep-within' });
    expect(actionOf(plan, 5)).toMatchObject({ action: 'delete' });
    expect(actionOf(plan, 15)).toMatchObject({ action: 'keep', rule: 'keep-tags' });
    expect(actionOf(plan, 10)).toMatchObject({ action: 'keep', rule: 'keep-newest-matching' });
    expect(actionOf(plan, 11)).toMatchObject({ action: 'keep', rule: 'keep-newest-matching' });
    expect(actionOf(plan, 12)).toMatchObject({ action: 'delete' });
  });

  test('keep-newest-untagged counts untagged images only', () => {
    const images = [
      image(1, { tags: ['v1'] }),
      image(2),
      image(3, { tags: ['v0'] }),
      image(4),
      image(5),
      image(6),
    ];
    const plan = planRetention(
      images,
      [],
      rules({ keepNewest: 0, keepTags: [compilePattern('*')], keepNewestUntagged: 2 }),
      NOW,
    );
    expect(plan.delete.map((deleted) => deleted.digest)).toEqual([5, 6].map(digestOf));
    expect(actionOf(plan, 4)).toMatchObject({
      rule: 'keep-newest-untagged',
      reason: 'among the newest 2 untagged (#2)',
    });
  });

  test('with delete-unkept off only the delete rules delete', () => {
    const images = [
      image(1, { tags: ['main'] }),
      image(2, { tags: ['pr-12-abc'] }),
      image(3, { tags: ['pr-12-def', 'pr-12-latest'] }),
      image(4, { tags: ['pr-12-ghi', 'v2'] }),
      image(5),
      image(40),
      image(41, { tags: ['old'] }),
    ];
    const plan = planRetention(
      images,
      [],
      rules({
        keepNewest: 0,
        deleteUnkept: false,
        deleteTags: [compilePattern('pr-12-*')],
        deleteUntaggedAfterMs: 30 * DAY,
      }),
      NOW,
    );
    expect(plan.delete.map((deleted) => deleted.digest).sort()).toEqual([2, 3, 40].map(digestOf).sort());
    expect(actionOf(plan, 4)).toMatchObject({ action: 'keep', rule: 'no-delete-rule' });
    expect(actionOf(plan, 40)).toMatchObject({ rule: 'delete-untagged' });
  });

  test('in-use and rollback images stay even when every rule would delete them', () => {
    const protections: ImageProtection[] = [
      { repository: 'shop', digest: digestOf(18), kind: 'in-use', reason: 'service prod/web' },
      { repository: 'shop', digest: digestOf(19), kind: 'rollback', reason: 'rollback target shop-web:3' },
      { repository: 'other', digest: digestOf(20), kind: 'in-use', reason: 'another repository' },
    ];
    const plan = planRetention(
      twenty,
      protections,
      rules({ keepNewest: 0, deleteTags: [compilePattern('*')] }),
      NOW,
    );
    expect(actionOf(plan, 18)).toMatchObject({ action: 'keep', rule: 'in-use', reason: 'service prod/web' });
    expect(actionOf(plan, 19)).toMatchObject({ action: 'keep', rule: 'rollback' });
    expect(actionOf(plan, 20)).toMatchObject({ action: 'delete' });
  });

  test('children follow their index; the newest N counts an index once', () => {
    const images = [
      image(1, { tags: ['v3'], children: [digestOf(101), digestOf(102)] }),
      image(101, { ageDays: 1 }),
      image(102, { ageDays: 1 }),
      image(2, { tags: ['v2'], children: [digestOf(201)] }),
      image(201, { ageDays: 2 }),
      image(3, { tags: ['v1'] }),
    ];
    const plan = planRetention(images, [], rules({ keepNewest: 2 }), NOW);
    expect(actionOf(plan, 101)).toMatchObject({ action: 'keep', rule: 'index-child' });
    expect(actionOf(plan, 201)).toMatchObject({ action: 'keep', rule: 'index-child' });
    expect(actionOf(plan, 3)).toMatchObject({ action: 'delete' });
    const tighter = planRetention(images, [], rules({ keepNewest: 1 }), NOW);
    expect(actionOf(tighter, 2)).toMatchObject({ action: 'delete' });
    expect(actionOf(tighter, 201)).toMatchObject({ action: 'delete', rule: 'index-child' });
  });
});

/** A random inventory: per repository, unique digests, tags unique per repository, some indexes. */
const TAGS = [
  'v1',
  'v2',
  'v10',
  'release-1',
  'release-2',
  'pr-1-a',
  'pr-1-b',
  'pr-2-a',
  'latest',
  'main',
  'dev-3',
];
const KEEP_PATTERNS = ['v*', 'release-*', 'latest', '/^main$/', 'v?'];
const DELETE_PATTERNS = ['pr-*', 'pr-1-*', 'dev*', '*'];

const inventoryArbitrary = fc
  .array(
    fc.record({
      repository: fc.constantFrom('shop', 'api', 'batch/worker'),
      tags: fc.uniqueArray(fc.constantFrom(...TAGS), { maxLength: 3 }),
      ageMs: fc.integer({ min: 0, max: 90 * DAY }),
      children: fc.uniqueArray(fc.nat(40), { maxLength: 3 }),
    }),
    { maxLength: 40 },
  )
  .map((entries) => {
    const seenTags = new Set<string>();
    return entries.map((entry, index): InventoryImage => {
      const tags = entry.tags.filter((tag) => !seenTags.has(`${entry.repository}:${tag}`));
      for (const tag of tags) seenTags.add(`${entry.repository}:${tag}`);
      return {
        repository: entry.repository,
        digest: digestOf(index),
        tags,
        pushedAt: NOW - entry.ageMs,
        sizeBytes: 100,
        // Indexes reference images of any repository; only those in the same repository are children.
        children: entry.children.filter((child) => child !== index && child < entries.length).map(digestOf),
      };
    });
  });

const rulesArbitrary = fc.record({
  keepNewest: fc.integer({ min: 0, max: 8 }),
  keepWithinMs: fc.option(fc.integer({ min: 0, max: 60 * DAY }), { nil: undefined }),
  keepTags: fc.subarray(KEEP_PATTERNS).map((sources) => sources.map((source) => compilePattern(source))),
  keepNewestMatching: fc.array(
    fc.record({
      pattern: fc.constantFrom(...KEEP_PATTERNS, ...DELETE_PATTERNS).map((source) => compilePattern(source)),
      count: fc.integer({ min: 0, max: 4 }),
    }),
    { maxLength: 2 },
  ),
  keepNewestUntagged: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  deleteUntaggedAfterMs: fc.option(fc.integer({ min: 0, max: 60 * DAY }), { nil: undefined }),
  deleteTags: fc.subarray(DELETE_PATTERNS).map((sources) => sources.map((source) => compilePattern(source))),
  deleteUnkept: fc.boolean(),
});

const scenarioArbitrary = inventoryArbitrary.chain((images) =>
  fc.record({
    images: fc.constant(images),
    protections: fc.subarray(images).chain((protectedImages) =>
      fc
        .tuple(...protectedImages.map(() => fc.constantFrom<'in-use' | 'rollback'>('in-use', 'rollback')))
        .map((kinds) =>
          protectedImages.map((protectedImage, index): ImageProtection => ({
            repository: protectedImage.repository,
            digest: protectedImage.digest,
            kind: kinds[index],
            reason: `${kinds[index]} test`,
          })),
        ),
    ),
    rules: rulesArbitrary,
  }),
);

/** Children within the same repository, and the images that are nobody's child (what counts for newest N). */
function structure(images: InventoryImage[]) {
  const key = (image: { repository: string; digest: string }) => `${image.repository}@${image.digest}`;
  const present = new Set(images.map(key));
  const childKeys = new Set<string>();
  const parentsOf = new Map<string, string[]>();
  for (const parent of images) {
    for (const child of parent.children) {
      const childKey = `${parent.repository}@${child}`;
      if (!present.has(childKey) || child === parent.digest) continue;
      childKeys.add(childKey);
      parentsOf.set(childKey, [...(parentsOf.get(childKey) ?? []), key(parent)]);
    }
  }
  return { key, childKeys, parentsOf };
}

const RUNS = { numRuns: 10_000 };

describe('planRetention properties (10,000 random inventories and rule sets each)', () => {
  test('every image gets exactly one decision with a reason; keep and delete partition the images', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ images, protections, rules: ruleSet }) => {
        const plan = planRetention(images, protections, ruleSet, NOW);
        expect(plan.decisions).toHaveLength(images.length);
        expect(plan.keep.length + plan.delete.length).toBe(images.length);
        const decided = new Set(
          plan.decisions.map((decision) => `${decision.image.repository}@${decision.image.digest}`),
        );
        expect(decided.size).toBe(images.length);
        expect(plan.decisions.every((decision) => decision.reason.trim().length > 0)).toBe(true);
      }),
      RUNS,
    );
  });

  test('never deletes an in-use or rollback-target image', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ images, protections, rules: ruleSet }) => {
        const plan = planRetention(images, protections, ruleSet, NOW);
        const guarded = new Set(
          protections.map((protection) => `${protection.repository}@${protection.digest}`),
        );
        for (const deleted of plan.delete)
          expect(guarded.has(`${deleted.repository}@${deleted.digest}`)).toBe(false);
      }),
      RUNS,
    );
  });

  test('never deletes an image a keep rule holds, nor a child of a kept index', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ images, protections, rules: ruleSet }) => {
        const plan = planRetention(images, protections, ruleSet, NOW);
        const { key, parentsOf } = structure(images);
        const kept = new Set(plan.keep.map(key));
        for (const deleted of plan.delete) {
          expect(deleted.tags.some((tag) => ruleSet.keepTags.some((pattern) => pattern.test(tag)))).toBe(
            false,
          );
          if (ruleSet.keepWithinMs !== undefined)
            expect(NOW - deleted.pushedAt).toBeGreaterThan(ruleSet.keepWithinMs);
          for (const parent of parentsOf.get(key(deleted)) ?? []) expect(kept.has(parent)).toBe(false);
        }
      }),
      RUNS,
    );
  });

  test('always keeps the newest N of each repository, per keep-newest-matching pattern and untagged', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ images, protections, rules: ruleSet }) => {
        const plan = planRetention(images, protections, ruleSet, NOW);
        const { key, childKeys } = structure(images);
        const deleted = new Set(plan.delete.map(key));
        for (const repository of new Set(images.map((entry) => entry.repository))) {
          const topLevel = images
            .filter((entry) => entry.repository === repository && !childKeys.has(key(entry)))
            .sort((a, b) => b.pushedAt - a.pushedAt || (a.digest < b.digest ? -1 : 1));
          for (const newest of topLevel.slice(0, ruleSet.keepNewest))
            expect(deleted.has(key(newest))).toBe(false);
          const untagged = topLevel.filter((entry) => entry.tags.length === 0);
          for (const newest of untagged.slice(0, ruleSet.keepNewestUntagged ?? 0)) {
            expect(deleted.has(key(newest))).toBe(false);
          }
          for (const { pattern, count } of ruleSet.keepNewestMatching) {
            const matching = topLevel.filter((entry) => entry.tags.some((tag) => pattern.test(tag)));
            for (const newest of matching.slice(0, count)) expect(deleted.has(key(newest))).toBe(false);
          }
        }
      }),
      RUNS,
    );
  });

  test('deletes nothing without a delete rule, and only what a delete rule selects', () => {
    fc.assert(
      fc.property(scenarioArbitrary, ({ images, protections, rules: ruleSet }) => {
        const plan = planRetention(images, protections, ruleSet, NOW);
        const noDeleteRule =
          !ruleSet.deleteUnkept &&
          ruleSet.deleteTags.length === 0 &&
          ruleSet.deleteUntaggedAfterMs === undefined;
        if (noDeleteRule) expect(plan.delete).toHaveLength(0);
        for (const decision of plan.decisions.filter((entry) => entry.action === 'delete')) {
          if (decision.rule === 'delete-tags') {
            expect(decision.image.tags.length).toBeGreaterThan(0);
            expect(
              decision.image.tags.every((tag) => ruleSet.deleteTags.some((pattern) => pattern.test(tag))),
            ).toBe(true);
          } else if (decision.rule === 'delete-untagged') {
            expect(decision.image.tags).toEqual([]);
            expect(NOW - decision.image.pushedAt).toBeGreaterThan(ruleSet.deleteUntaggedAfterMs!);
          } else if (decision.rule === 'delete-unkept') {
            expect(ruleSet.deleteUnkept).toBe(true);
          } else {
            expect(decision.rule).toBe('index-child');
          }
        }
      }),
      RUNS,
    );
  });
});
