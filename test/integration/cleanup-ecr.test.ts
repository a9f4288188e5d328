/**
 * cleanup-ecr end to end: the bundled action (dist/cleanup-ecr/index.js) as a process against a fresh
 * simulator. Asserts on exit code, outputs, the simulator's remaining images and its call log.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction, type RunResult } from '../helpers/action.js';
import { webTaskDefinition } from '../helpers/worlds.js';
import type { Simulator, WorldSeed } from '../../sim/index.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';
import type { ImageSeed } from '../../sim/ecr/model.js';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const DAY = 86_400_000;

const simulators = useSimulatorPerTest();
let sim: Simulator;

async function start(world: WorldSeed): Promise<void> {
  sim = (await simulators.start({ world })).sim;
}

function cleanup(inputs: Record<string, string | number | boolean | undefined>): Promise<RunResult> {
  return runAction('cleanup-ecr', { endpoint: sim.endpoint, inputs });
}

/** Tags left in a repository, newest push first, untagged images as '-'. */
function remaining(repository: string): string[] {
  return sim.world.ecr
    .listImages(repository)
    .sort((a, b) => b.pushedAt - a.pushedAt)
    .map((image) => image.tags.join('+') || '-');
}

function calls(operation: string) {
  return sim.world.log.list().filter((call) => call.operation === operation);
}

const mutatingCalls = () => sim.world.log.list().filter((call) => call.mutating);

/** `count` images tagged `<prefix><n>`, n = 1 newest, pushed a day apart. */
function builds(count: number, prefix = 'build-', options: Partial<ImageSeed> = {}): ImageSeed[] {
  return Array.from({ length: count }, (_, i) => ({
    tags: [`${prefix}${i + 1}`],
    pushedAt: Date.now() - (i + 1) * DAY,
    sizeBytes: 1_000_000 * (i + 1),
    ...options,
  }));
}

function expectSuccess(result: RunResult): void {
  if (result.code !== 0)
    throw new Error(`action failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

describe('rules', () => {
  test('keep-newest keeps the newest N and deletes the rest by digest in one batch', async () => {
    await start({ repositories: [{ name: 'shop', images: builds(15) }] });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 5 });
    expectSuccess(result);
    expect(remaining('shop')).toEqual(['build-1', 'build-2', 'build-3', 'build-4', 'build-5']);
    expect(result.outputs).toMatchObject({
      'deleted-count': '10',
      'kept-count': '5',
      'planned-count': '10',
      'failed-count': '0',
      failures: '[]',
      // builds 6..15 weigh 6..15 MB
      'bytes-freed': String((6 + 15) * 5 * 1_000_000),
    });
    const deletes = calls('BatchDeleteImage');
    expect(deletes).toHaveLength(1);
    const ids = deletes[0].params.imageIds as { imageDigest?: string; imageTag?: string }[];
    expect(ids).toHaveLength(10);
    expect(ids.every((id) => id.imageDigest && !id.imageTag)).toBe(true);
    expect(result.summary).toContain('Deleted **10** images');
    expect(result.summary).toContain('among the newest 5');
  });

  test('keep-within, keep-tags, keep-newest-matching and keep-newest-untagged each hold images', async () => {
    const images = [
      ...builds(6, 'main-'),
      { tags: ['v1.0.0'], pushedAt: Date.now() - 300 * DAY },
      { tags: ['release-2024'], pushedAt: Date.now() - 400 * DAY },
      { tags: ['feature-x'], pushedAt: Date.now() - 2 * 3600_000 },
      { tags: ['feature-y'], pushedAt: Date.now() - 40 * DAY },
      { pushedAt: Date.now() - 3 * DAY },
      { pushedAt: Date.now() - 5 * DAY },
    ];
    await start({ repositories: [{ name: 'shop', images }] });
    const result = await cleanup({
      repositories: 'shop',
      'keep-newest': 0,
      'keep-within': '1d',
      'keep-tags': 'v*, release-*',
      'keep-newest-matching': 'main-*=2',
      'keep-newest-untagged': 1,
    });
    expectSuccess(result);
    expect(remaining('shop').sort()).toEqual([
      '-',
      'feature-x',
      'main-1',
      'main-2',
      'release-2024',
      'v1.0.0',
    ]);
    const untagged = sim.world.ecr.listImages('shop').find((image) => image.tags.length === 0)!;
    expect(Date.now() - untagged.pushedAt).toBeLessThan(4 * DAY);
  });

  test('delete-tags and delete-untagged-after delete only what they select when delete-unkept is off', async () => {
    const images = [
      { tags: ['pr-12-a'], pushedAt: Date.now() - 1 * DAY },
      { tags: ['pr-12-b', 'pr-12-latest'], pushedAt: Date.now() - 2 * DAY },
      { tags: ['pr-12-c', 'shared'], pushedAt: Date.now() - 3 * DAY },
      { tags: ['pr-13-a'], pushedAt: Date.now() - 4 * DAY },
      { pushedAt: Date.now() - 2 * DAY },
      { pushedAt: Date.now() - 30 * DAY },
      { tags: ['ancient'], pushedAt: Date.now() - 900 * DAY },
    ];
    await start({ repositories: [{ name: 'shop', images }] });
    const result = await cleanup({
      repositories: 'shop',
      'keep-newest': 0,
      'delete-unkept': false,
      'delete-tags': 'pr-12-*',
      'delete-untagged-after': '7d',
    });
    expectSuccess(result);
    expect(remaining('shop')).toEqual(['-', 'pr-12-c+shared', 'pr-13-a', 'ancient']);
    expect(result.outputs['deleted-count']).toBe('3');
  });

  test('repository globs select repositories; * selects them all', async () => {
    await start({
      repositories: [
        { name: 'team/web', images: builds(3) },
        { name: 'team/api', images: builds(3) },
        { name: 'other', images: builds(3) },
      ],
    });
    expectSuccess(await cleanup({ repositories: 'team/*', 'keep-newest': 1 }));
    expect([remaining('team/web').length, remaining('team/api').length, remaining('other').length]).toEqual([
      1, 1, 3,
    ]);
    expectSuccess(await cleanup({ repositories: '*', 'keep-newest': 1 }));
    expect(remaining('other')).toEqual(['build-1']);
  });
});

describe('in-use protection', () => {
  test('images used in two clusters, by tag, by digest, as an index, and rollback targets stay', async () => {
    const multiArch: ImageSeed = {
      tags: ['multi'],
      pushedAt: Date.now() - 50 * DAY,
      children: [{ platform: 'linux/amd64' }, { platform: 'linux/arm64' }],
    };
    const world: WorldSeed = {
      repositories: [{ name: 'shop', images: [...builds(12), multiArch] }],
    };
    await start(world);
    const pinned = sim.world.ecr.repository('shop').byTag('build-9')!.digest;
    const healthy = (at: string) => [{ key: 'ecs-kit:healthy-at', value: at }];
    const family = (name: string, image: string, tags: { key: string; value: string }[] = []) => ({
      ...webTaskDefinition(`${REGISTRY}/shop${image}`),
      family: name,
      networkMode: 'bridge',
      requiresCompatibilities: ['EC2'],
      tags,
    });
    sim.world.seed({
      clusters: [{ name: 'prod' }, { name: 'staging' }],
      taskDefinitions: [
        // shop-web revisions 1-4: 1 and 2 reached healthy, 3 did not, 4 runs now.
        family('shop-web', ':build-12', healthy('2026-01-01T00:00:00Z')),
        family('shop-web', ':build-11', healthy('2026-01-02T00:00:00Z')),
        family('shop-web', ':build-10'),
        family('shop-web', ':build-8'),
        family('shop-worker', `@${pinned}`),
        family('shop-edge', ':multi'),
      ],
      services: [
        {
          cluster: 'prod',
          serviceName: 'web',
          taskDefinition: 'shop-web:4',
          desiredCount: 1,
          launchType: 'EC2',
        },
        {
          cluster: 'staging',
          serviceName: 'worker',
          taskDefinition: 'shop-worker:1',
          desiredCount: 1,
          launchType: 'EC2',
        },
        {
          cluster: 'staging',
          serviceName: 'edge',
          taskDefinition: 'shop-edge:1',
          desiredCount: 1,
          launchType: 'EC2',
        },
      ],
    });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 2, 'rollback-revisions': 2 });
    expectSuccess(result);
    // Newest 2, in use (build-8, build-9 by digest, the index and its two children), rollback candidates
    // 11 and 12 (tagged healthy), and build-10 of shop-web:3, among the newest 2 ACTIVE revisions of the family.
    expect(remaining('shop').sort()).toEqual(
      [
        'build-1',
        'build-2',
        'build-8',
        'build-9',
        'build-10',
        'build-11',
        'build-12',
        'multi',
        '-',
        '-',
      ].sort(),
    );
    expect(result.summary).toContain('service prod/web, PRIMARY deployment of shop-web:4');
    expect(result.summary).toContain('service staging/worker, PRIMARY deployment of shop-worker:1');
    expect(result.summary).toContain(
      'rollback target shop-web:2 of prod/web (tagged healthy at 2026-01-02T00:00:00Z)',
    );
    expect(result.summary).toContain('rollback window: shop-web:3 is #2 of the newest 2 ACTIVE revisions');
    const scanned = new Set(calls('ListServices').map((call) => call.params.cluster));
    expect([...scanned].sort()).toEqual(
      expect.arrayContaining([expect.stringContaining('prod'), expect.stringContaining('staging')]),
    );
  });

  test('a scan failure deletes nothing and names the cluster', async () => {
    await start({ clusters: [{ name: 'prod' }], repositories: [{ name: 'shop', images: builds(5) }] });
    const missing = await cleanup({ repositories: 'shop', 'keep-newest': 1, clusters: 'prod, gone' });
    expect(missing.code).not.toBe(0);
    expect(missing.annotations.find((annotation) => annotation.level === 'error')?.message).toMatch(
      /cleanup-ecr failed: scanning cluster gone for images in use: .*/,
    );
    sim.world.faults.configure({
      rules: [{ service: 'ecs', operation: 'ListTasks', serverErrorPercent: 100 }],
    });
    const broken = await cleanup({ repositories: 'shop', 'keep-newest': 1 });
    expect(broken.code).not.toBe(0);
    expect(broken.annotations.find((annotation) => annotation.level === 'error')?.message).toContain(
      'scanning cluster prod for images in use',
    );
    expect(mutatingCalls()).toHaveLength(0);
    expect(remaining('shop')).toHaveLength(5);
  });
});

describe('multi-arch images', () => {
  test('an old index goes with its platform manifests, the index in an earlier call', async () => {
    const multiArch = (tag: string, ageDays: number): ImageSeed => ({
      tags: [tag],
      pushedAt: Date.now() - ageDays * DAY,
      children: [
        { platform: 'linux/amd64', sizeBytes: 700 },
        { platform: 'linux/arm64', sizeBytes: 300 },
      ],
    });
    await start({ repositories: [{ name: 'shop', images: [multiArch('new', 1), multiArch('old', 30)] }] });
    const old = sim.world.ecr.repository('shop').byTag('old')!;
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 1 });
    expectSuccess(result);
    // The kept index counts once for keep-newest and keeps both of its platform manifests.
    expect(remaining('shop').sort()).toEqual(['-', '-', 'new']);
    expect(result.outputs['deleted-count']).toBe('3');
    const deletes = calls('BatchDeleteImage');
    expect(deletes).toHaveLength(2);
    expect(deletes[0].params.imageIds).toEqual([{ imageDigest: old.digest }]);
    expect(
      (deletes[1].params.imageIds as { imageDigest: string }[]).map((id) => id.imageDigest).sort(),
    ).toEqual([...old.children].sort());
    expect(calls('BatchGetImage')).toHaveLength(1);
  });
});

describe('scale and faults', () => {
  test('pages over more than 1000 images and deletes in batches of 100', async () => {
    await start({ repositories: [{ name: 'big', images: builds(2500, 'b', { sizeBytes: 1000 }) }] });
    const result = await cleanup({ repositories: 'big', 'keep-newest': 100 });
    expectSuccess(result);
    expect(sim.world.ecr.repository('big').size).toBe(100);
    expect(remaining('big').slice(0, 3)).toEqual(['b1', 'b2', 'b3']);
    expect(calls('DescribeImages')).toHaveLength(3);
    expect(calls('DescribeImages').every((call) => call.params.maxResults === 1000)).toBe(true);
    const deletes = calls('BatchDeleteImage');
    expect(deletes).toHaveLength(24);
    expect(deletes.every((call) => (call.params.imageIds as unknown[]).length <= 100)).toBe(true);
    expect(result.outputs['deleted-count']).toBe('2400');
  });

  test('per-image BatchDeleteImage failures are reported and fail the step after the rest is deleted', async () => {
    // An artifact the kit does not recognise as an index still references an untagged image: ECR refuses
    // to delete the referenced image (ImageReferencedByManifestList) while the others go.
    const referenced: ImageSeed = { pushedAt: Date.now() - 20 * DAY, sizeBytes: 5 };
    await start({ repositories: [{ name: 'shop', images: [referenced, ...builds(4)] }] });
    const child = sim.world.ecr.listImages('shop')[0];
    sim.world.seed({
      repositories: [
        {
          name: 'shop',
          images: [
            {
              tags: ['keep-me'],
              mediaType: 'application/vnd.docker.distribution.manifest.v2+json',
              manifest: JSON.stringify({ schemaVersion: 2, manifests: [{ digest: child.digest, size: 5 }] }),
            },
          ],
        },
      ],
    });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 0, 'keep-tags': 'keep-*' });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-count']).toBe('1');
    expect(result.outputs['deleted-count']).toBe('4');
    const failures = JSON.parse(result.outputs.failures) as { digest: string; code: string }[];
    expect(failures).toEqual([
      expect.objectContaining({ digest: child.digest, code: 'ImageReferencedByManifestList' }),
    ]);
    expect(result.annotations.find((annotation) => annotation.level === 'error')?.message).toContain(
      '1 images could not be deleted',
    );
    expect(result.summary).toContain('### Failures');
    expect(remaining('shop').sort()).toEqual(['-', 'keep-me']);
  });

  test('throttling is retried by the SDK and the cleanup completes', async () => {
    await start({
      clusters: [{ name: 'prod' }],
      repositories: [{ name: 'shop', images: builds(250, 'b', { sizeBytes: 10 }) }],
    });
    sim.world.faults.configure({
      seed: 7,
      rules: [
        { service: 'ecr', throttlePercent: 40 },
        { service: 'ecs', throttlePercent: 40 },
      ],
    });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 10 });
    expectSuccess(result);
    expect(sim.world.ecr.repository('shop').size).toBe(10);
    expect(sim.world.log.list().filter((call) => call.fault === 'throttle').length).toBeGreaterThan(0);
    expect(calls('BatchDeleteImage').filter((call) => call.outcome === 'ok')).toHaveLength(3);
  });

  test('dry run plans and reports but makes no delete call', async () => {
    await start({ repositories: [{ name: 'shop', images: builds(8) }] });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 3, 'dry-run': true });
    expectSuccess(result);
    expect(mutatingCalls()).toHaveLength(0);
    expect(calls('BatchDeleteImage')).toHaveLength(0);
    expect(remaining('shop')).toHaveLength(8);
    expect(result.outputs).toMatchObject({ 'planned-count': '5', 'deleted-count': '0', 'kept-count': '3' });
    expect(result.summary).toContain('dry run');
    expect(result.summary).toContain('### Largest images it would delete');
    expect(result.summary).toContain('build-8');
  });
});

describe('config file', () => {
  test("an environment's cleanup settings fill the inputs; explicit inputs win", async () => {
    await start({
      repositories: [
        { name: 'shop', images: builds(8) },
        { name: 'other', images: builds(8) },
      ],
    });
    const workspace = mkdtempSync(join(tmpdir(), 'cleanup-ecr-config-'));
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github', 'ecs-kit.yml'),
      [
        'version: 1',
        'cleanup:',
        '  repositories: [shop]',
        '  keep-newest: 6',
        'environments:',
        '  production:',
        '    cleanup:',
        '      keep-newest: 4',
        '',
      ].join('\n'),
    );
    try {
      const fromConfig = await runAction('cleanup-ecr', {
        endpoint: sim.endpoint,
        workspace,
        inputs: { config: '.github/ecs-kit.yml', environment: 'production' },
      });
      expectSuccess(fromConfig);
      expect([remaining('shop').length, remaining('other').length]).toEqual([4, 8]);
      const explicit = await runAction('cleanup-ecr', {
        endpoint: sim.endpoint,
        workspace,
        inputs: { config: '.github/ecs-kit.yml', environment: 'production', 'keep-newest': 2 },
      });
      expectSuccess(explicit);
      expect(remaining('shop')).toEqual(['build-1', 'build-2']);
    } finally {
      rmSync(workspace, { recursive: true, force: true });
    }
  });
});

describe('bad input', () => {
  const cases: [string, Record<string, string>, RegExp][] = [
    ['an invalid tag pattern', { 'keep-tags': 'v[1' }, /input 'keep-tags': 'v\[1' is not a tag pattern/],
    [
      'an invalid regex',
      { 'delete-tags': '/(/' },
      /input 'delete-tags': '\/\(\/' is not a valid regular expression/,
    ],
    [
      'a negative count',
      { 'keep-newest': '-1' },
      /input 'keep-newest': expected a number of at least 0, got -1/,
    ],
    [
      'a non-numeric count',
      { 'keep-newest': 'ten' },
      /input 'keep-newest': expected a whole number, got 'ten'/,
    ],
    ['a bad duration', { 'keep-within': 'a while' }, /input 'keep-within': expected a duration/],
    [
      'a bad pattern count',
      { 'keep-newest-matching': 'main-*=many' },
      /input 'keep-newest-matching': expected pattern=N/,
    ],
    [
      'an unknown repository',
      { repositories: 'shop, nope' },
      /input 'repositories': no repository named 'nope'/,
    ],
  ];
  test.each(cases)('%s is a clear error and nothing is deleted', async (_name, inputs, message) => {
    await start({ repositories: [{ name: 'shop', images: builds(5) }] });
    const result = await cleanup({ repositories: 'shop', 'keep-newest': 1, ...inputs });
    expect(result.code).toBe(1);
    expect(result.annotations.find((annotation) => annotation.level === 'error')?.message).toMatch(message);
    expect(mutatingCalls()).toHaveLength(0);
    expect(remaining('shop')).toHaveLength(5);
  });
});
