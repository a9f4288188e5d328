/**
 * The one rule for where a service can go back to (rollbackCandidates), and the property that ties it to
 * cleanup-ecr: over random estates, the retention plan never deletes an image of a revision rollback mode
 * could choose.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import fc from 'fast-check';
import {
  readRollbackEvidence,
  rollbackCandidates,
  type RollbackEvidence,
} from '../../src/deploy/rollback-candidates.js';
import type { ImageUse } from '../../src/images/in-use.js';
import { protectionsFor, splitImageReference } from '../../src/images/protections.js';
import { planRetention } from '../../src/images/retention-plan.js';
import type { InventoryImage, RetentionRules } from '../../src/images/retention-types.js';
import { compilePattern } from '../../src/images/tag-pattern.js';

const HOST = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const arn = (revision: number, family = 'shop-web') =>
  `arn:aws:ecs:us-east-1:123456789012:task-definition/${family}:${revision}`;
const evidence = (overrides: Partial<RollbackEvidence>): RollbackEvidence => ({
  current: arn(5),
  tagged: [],
  succeeded: [],
  ...overrides,
});

test('kit-tagged revisions come first, newest revision first, then ECS successes by finish time', () => {
  const candidates = rollbackCandidates(
    evidence({
      tagged: [
        { taskDefinitionArn: arn(2), healthyAt: '2026-01-02T00:00:00Z' },
        { taskDefinitionArn: arn(3), healthyAt: '2026-01-01T00:00:00Z' },
      ],
      succeeded: [
        { taskDefinitionArn: arn(1), finishedAt: 1 },
        { taskDefinitionArn: arn(4), finishedAt: 3 },
        { taskDefinitionArn: arn(3), finishedAt: 2 },
      ],
      previous: arn(4),
    }),
    10,
  );
  expect(candidates.map((c) => [c.taskDefinitionArn.split('/').pop(), c.source])).toEqual([
    ['shop-web:3', 'kit-healthy'],
    ['shop-web:2', 'kit-healthy'],
    ['shop-web:4', 'ecs-successful'],
    ['shop-web:1', 'ecs-successful'],
  ]);
});

test('never the current revision nor a newer one of its family; the previous one only when nothing else', () => {
  const none = evidence({
    tagged: [{ taskDefinitionArn: arn(7), healthyAt: 'x' }],
    succeeded: [
      { taskDefinitionArn: arn(5), finishedAt: 9 },
      { taskDefinitionArn: arn(6), finishedAt: 8 },
    ],
  });
  expect(rollbackCandidates(none, 5)).toEqual([]);
  const previous = rollbackCandidates({ ...none, previous: arn(6) }, 5);
  expect(previous).toEqual([
    {
      taskDefinitionArn: arn(6),
      source: 'previous',
      reason: 'the revision the service ran before shop-web:5',
    },
  ]);
  // Another family's success is a candidate (rollback mode's family guard decides whether it may be used).
  const other = rollbackCandidates(
    evidence({ succeeded: [{ taskDefinitionArn: arn(9, 'legacy-web'), finishedAt: 1 }] }),
    5,
  );
  expect(other.map((c) => c.taskDefinitionArn)).toEqual([arn(9, 'legacy-web')]);
});

// ---- the property: cleanup protects whatever rollback mode would choose ----

/** The families of an estate's cluster: services of both run side by side, as in the seed shape. */
const FAMILIES = ['shop-web', 'shop-worker'];

interface Estate {
  images: InventoryImage[];
  /** Per family: container image references of each revision 1..N. */
  revisions: Record<string, string[][]>;
  /** One rule input per service of the cluster; services of one family run revisions of their own. */
  services: RollbackEvidence[];
  rollbackRevisions: number;
  rules: RetentionRules;
}

const familyRevision = (taskDefinitionArn: string) => ({
  family: taskDefinitionArn.split('/')[1].split(':')[0],
  revision: Number(taskDefinitionArn.split(':').pop()),
});

const digestOf = (n: number) => `sha256:${n.toString(16).padStart(64, '0')}`;

const estateArbitrary: fc.Arbitrary<Estate> = fc
  .record({
    imageCount: fc.integer({ min: 1, max: 8 }),
    revisionCount: fc.integer({ min: 1, max: 8 }),
    serviceCount: fc.integer({ min: 1, max: 4 }),
    seed: fc.array(fc.nat(), { minLength: 200, maxLength: 200 }),
    rollbackRevisions: fc.integer({ min: 0, max: 3 }),
    keepNewest: fc.integer({ min: 0, max: 2 }),
  })
  .map(({ imageCount, revisionCount, serviceCount, seed, rollbackRevisions, keepNewest }) => {
    let cursor = 0;
    const next = (modulo: number) => seed[cursor++ % seed.length] % modulo;
    const repositories = ['shop', 'sidecar'];
    const images: InventoryImage[] = [];
    for (let index = 0; index < imageCount; index++) {
      const repository = repositories[next(2)];
      const tags = next(3) === 0 ? [] : [`v${index}`, ...(next(4) === 0 ? ['latest'] : [])];
      const children =
        next(3) === 0 ? [digestOf(1000 + index * 2), digestOf(1001 + index * 2)] : ([] as string[]);
      images.push({
        repository,
        digest: digestOf(index + 1),
        tags,
        pushedAt: next(1000),
        sizeBytes: 1,
        children,
      });
      for (const child of children)
        images.push({
          repository,
          digest: child,
          tags: [],
          pushedAt: next(1000),
          sizeBytes: 1,
          children: [],
        });
    }
    // A tag names one image per repository: the last pushed keeps `latest`.
    const latestSeen = new Set<string>();
    for (const image of [...images].reverse()) {
      if (!image.tags.includes('latest')) continue;
      if (latestSeen.has(image.repository)) image.tags = image.tags.filter((tag) => tag !== 'latest');
      latestSeen.add(image.repository);
    }
    const topLevel = images.filter(
      (image) => !images.some((parent) => parent.children.includes(image.digest)),
    );
    const reference = (image: InventoryImage) => {
      const uri = `${HOST}/${image.repository}`;
      if (image.tags.length > 0 && next(2) === 0) return `${uri}:${image.tags[next(image.tags.length)]}`;
      return `${uri}@${image.digest}`;
    };
    const revisions: Record<string, string[][]> = {};
    for (const family of FAMILIES) {
      revisions[family] = [];
      for (let revision = 1; revision <= revisionCount; revision++) {
        const containers = 1 + next(3);
        revisions[family].push(
          Array.from({ length: containers }, () => reference(topLevel[next(topLevel.length)])),
        );
      }
    }
    const services = Array.from({ length: serviceCount }, (): RollbackEvidence => {
      const family = FAMILIES[next(FAMILIES.length)];
      const current = 1 + next(revisionCount);
      const pick = () => Array.from({ length: revisionCount }, (_, i) => i + 1).filter(() => next(3) === 0);
      // Sometimes ECS records which revisions this service ran (then only its own healthy tags count).
      const deployedTo = next(2) === 0 ? [...pick(), current].map((n) => arn(n, family)) : undefined;
      return {
        current: arn(current, family),
        tagged: pick().map((n) => ({ taskDefinitionArn: arn(n, family), healthyAt: `t${n}` })),
        succeeded: pick().map((n) => ({ taskDefinitionArn: arn(n, family), finishedAt: next(1000) })),
        previous: next(2) === 0 ? arn(1 + next(revisionCount), family) : undefined,
        deployedTo,
      };
    });
    const rules: RetentionRules = {
      keepNewest,
      keepTags: [],
      keepNewestMatching: [],
      deleteUntaggedAfterMs: 0,
      deleteTags: [compilePattern('*')],
      deleteUnkept: true,
    };
    return { images, revisions, services, rollbackRevisions, rules };
  });

/** What cleanup-ecr's in-use scan protects in this estate (src/images/in-use.ts, composed the same way). */
function scanUses(estate: Estate): ImageUse[] {
  const uses: ImageUse[] = [];
  const useRevision = (taskDefinitionArn: string, kind: ImageUse['kind']) => {
    const { family, revision } = familyRevision(taskDefinitionArn);
    for (const image of estate.revisions[family][revision - 1] ?? [])
      uses.push({ image, kind, reason: 'scan' });
  };
  const limit = Math.max(1, estate.rollbackRevisions);
  for (const service of estate.services) {
    useRevision(service.current, 'in-use');
    for (const candidate of rollbackCandidates(service, limit))
      useRevision(candidate.taskDefinitionArn, 'rollback');
  }
  // The newest rollback-revisions ACTIVE revisions of each family a service runs.
  for (const family of new Set(estate.services.map((service) => familyRevision(service.current).family))) {
    const newest = estate.revisions[family].map((_, index) => index + 1).reverse();
    for (const revision of newest.slice(0, estate.rollbackRevisions))
      useRevision(arn(revision, family), 'rollback');
  }
  return uses;
}

/** The digests a revision needs: each reference resolved, and the children of indexes. */
function digestsOf(estate: Estate, taskDefinitionArn: string): { repository: string; digest: string }[] {
  const needed: { repository: string; digest: string }[] = [];
  const { family, revision } = familyRevision(taskDefinitionArn);
  for (const image of estate.revisions[family][revision - 1]) {
    const reference = splitImageReference(image);
    const repository = reference.name.slice(HOST.length + 1);
    const found = estate.images.find(
      (candidate) =>
        candidate.repository === repository &&
        (reference.digest ? candidate.digest === reference.digest : candidate.tags.includes(reference.tag!)),
    )!;
    needed.push({ repository, digest: found.digest });
    for (const child of found.children) needed.push({ repository, digest: child });
  }
  return needed;
}

test('property: cleanup never deletes an image of a revision rollback mode could choose, for any service of any family', () => {
  const repositories = ['shop', 'sidecar'].map((name) => ({
    name,
    uri: `${HOST}/${name}`,
    registryId: '123456789012',
  }));
  fc.assert(
    fc.property(estateArbitrary, (estate) => {
      const { protections } = protectionsFor({ uses: scanUses(estate) }, repositories, estate.images);
      const plan = planRetention(estate.images, protections, estate.rules, 10_000);
      const deleted = new Set(plan.delete.map((image) => `${image.repository}@${image.digest}`));
      // Rollback mode takes each service's own first candidate, whatever family the others run.
      for (const service of estate.services) {
        // It reads with limit 1: the healthy-tag lookups stop at the newest tagged older revision.
        const olderTagged = rollbackCandidates({ ...service, succeeded: [], previous: undefined }, 1);
        const rollbackEvidence = {
          ...service,
          tagged: service.tagged.filter((entry) =>
            olderTagged.some((candidate) => candidate.taskDefinitionArn === entry.taskDefinitionArn),
          ),
        };
        const [chosen] = rollbackCandidates(rollbackEvidence, 1);
        for (const revision of [service.current, ...(chosen ? [chosen.taskDefinitionArn] : [])])
          for (const needed of digestsOf(estate, revision))
            expect(deleted.has(`${needed.repository}@${needed.digest}`)).toBe(false);
      }
    }),
    { numRuns: 300 },
  );
});

test('reads healthy tags newest revision first whatever order ListTaskDefinitions used, and stops there', async () => {
  const calls: string[] = [];
  const ecs = {
    send: (command: { constructor: { name: string }; input: Record<string, unknown> }) => {
      calls.push(command.constructor.name);
      if (command.constructor.name === 'ListTaskDefinitionsCommand')
        return Promise.resolve({ taskDefinitionArns: [1, 2, 3, 4, 5].map((n) => arn(n)) });
      // No recorded deployments of the service: healthy tags count family-wide.
      if (command.constructor.name === 'ListServiceDeploymentsCommand')
        return Promise.resolve({ serviceDeployments: [] });
      return Promise.reject(new Error(`unexpected ${command.constructor.name}`));
    },
  } as unknown as ECSClient;
  const healthy = new Set([arn(2), arn(3)]);
  const evidence = await readRollbackEvidence(ecs, {
    cluster: 'prod',
    service: { serviceName: 'web', taskDefinition: arn(5) },
    limit: 1,
    describe: (taskDefinitionArn) =>
      Promise.resolve({
        status: 'ACTIVE',
        tags: healthy.has(taskDefinitionArn) ? [{ key: 'ecs-kit:healthy-at', value: 'then' }] : [],
      }),
  });
  expect(evidence.tagged).toEqual([{ taskDefinitionArn: arn(3), healthyAt: 'then' }]);
  // The tag filled the limit: only the list of the service's deployments (whose revisions it ran) is read.
  expect(calls).toEqual(['ListTaskDefinitionsCommand', 'ListServiceDeploymentsCommand']);
});

test('a revision tagged healthy in another environment of the same family is no rollback target', () => {
  // staging and production render one file: revision 4 went healthy in staging, 3 in production.
  const candidates = rollbackCandidates(
    evidence({
      environment: 'production',
      tagged: [
        { taskDefinitionArn: arn(4), healthyAt: '2026-01-02T00:00:00Z', environment: 'staging' },
        { taskDefinitionArn: arn(3), healthyAt: '2026-01-01T00:00:00Z', environment: 'production' },
      ],
    }),
    3,
  );
  expect(candidates.map((candidate) => candidate.taskDefinitionArn)).toEqual([arn(3)]);
});

test('a revision tagged healthy that another service of the family ran is no rollback target', () => {
  // web and web-writer run one family on revisions of their own: web went 2 → 4, web-writer 3 → 5.
  const writer = evidence({
    current: arn(5),
    tagged: [2, 3, 4].map((n) => ({ taskDefinitionArn: arn(n), healthyAt: `t${n}` })),
    deployedTo: [arn(1), arn(3), arn(5)],
  });
  expect(rollbackCandidates(writer, 5).map((candidate) => candidate.taskDefinitionArn)).toEqual([arn(3)]);
  // A tag older than everything ECS recorded of the service predates the record: it still counts.
  expect(
    rollbackCandidates({ ...writer, deployedTo: [arn(3), arn(5)] }, 5).map(
      (candidate) => candidate.taskDefinitionArn,
    ),
  ).toEqual([arn(3), arn(2)]);
  // With no record of what it ran, the tag counts family-wide (the newest older tagged revision).
  expect(rollbackCandidates({ ...writer, deployedTo: undefined }, 1)[0].taskDefinitionArn).toBe(arn(4));
});
