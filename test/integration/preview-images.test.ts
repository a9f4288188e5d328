/**
 * preview with the images of a build: the bundled action against a template whose task definition runs
 * two of the pull request's images (`web` from repository shop, `proxy` from repository proxy). The
 * config's build.images and containers place build-push's `images` output (`built-images`) on both
 * containers by digest; `images` does the same without a config. Bad input (a name not in build.images,
 * a container the template lacks, an image ECR does not hold) fails before anything is created.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import type { WorldSeed } from '../../sim/index.js';
import type { RunResult } from '../helpers/action.js';
import { listenerArn, startHarness, stopHarness, type Harness } from './wait-healthy-kit.js';
import {
  PREVIEW_TIME_SCALE,
  describeService,
  expectSuccess,
  mutatingCalls,
  preview,
  previewWorld,
} from './preview-kit.js';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const digest = (seed: string) => `sha256:${Buffer.from(seed).toString('hex').padEnd(64, '0').slice(0, 64)}`;
const APP = `${REGISTRY}/shop@${digest('shop-pr-12')}`;
const PROXY = `${REGISTRY}/proxy@${digest('proxy-pr-12')}`;

let harness: Harness | undefined;
let workspace: string | undefined;
/** Set by startQuiet: the listener ARN looked up before the call log was cleared. */
let quietListener: string | undefined;

afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  workspace = undefined;
  quietListener = undefined;
});

/** previewWorld with a `proxy` sidecar in the template and both PR images pushed by digest. */
function twoImageWorld(): WorldSeed {
  const world = previewWorld();
  const template = world.taskDefinitions![0] as { containerDefinitions: Record<string, unknown>[] };
  template.containerDefinitions.push({
    name: 'proxy',
    image: `${REGISTRY}/proxy:v1`,
    essential: true,
    portMappings: [{ containerPort: 9090, protocol: 'tcp' }],
    environment: [],
  });
  world.repositories![0].images!.push({ tags: ['pr-12-ccc'], digest: digest('shop-pr-12'), sizeBytes: 1 });
  world.repositories!.push({
    name: 'proxy',
    images: [
      { tags: ['v1'], sizeBytes: 1_000_000 },
      { tags: ['pr-12-ccc'], digest: digest('proxy-pr-12'), sizeBytes: 1_000_000 },
    ],
  });
  return world;
}

/** A workspace with `.github/ecs-kit.yml`: build.images app and proxy, web's containers naming them. */
function configWorkspace(lines: string[] = []): string {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-preview-images-'));
  mkdirSync(join(workspace, '.github'));
  const config = [
    'version: 1',
    'region: us-east-1',
    'cluster: prod',
    'containers:',
    '  web: app',
    '  proxy: proxy',
    'build:',
    '  images:',
    '    app: { repository: shop }',
    '    proxy: { repository: proxy, context: proxy }',
    'services:',
    '  - name: web',
    ...lines,
    '',
  ].join('\n');
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), config);
  return workspace;
}

async function previewWithConfig(inputs: Record<string, string | number>): Promise<RunResult> {
  return preview(
    harness!,
    {
      config: '.github/ecs-kit.yml',
      'pull-request': 12,
      'listener-arn': quietListener ?? (await listener()),
      ...inputs,
    },
    { GITHUB_WORKSPACE: configWorkspace() },
  );
}

/** The shared listener's ARN, looked up before a test clears the call log. */
async function listener(): Promise<string> {
  return listenerArn(harness!, 80);
}

/** Starts the harness and clears the call log, so a test sees only the action's calls. */
async function startQuiet(): Promise<Harness> {
  harness = await startHarness(twoImageWorld(), PREVIEW_TIME_SCALE);
  quietListener = await listener();
  harness.sim.world.log.clear();
  return harness;
}

/** container → image of the revision `arn`. */
async function containerImages(arn: string): Promise<Record<string, string>> {
  const { taskDefinition } = await harness!.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: arn }),
  );
  return Object.fromEntries(
    taskDefinition!.containerDefinitions!.map((container) => [container.name!, container.image!]),
  );
}

/** The repositories DescribeImages looked in (the preflight's image check). */
function imageChecks(): string[] {
  return harness!.sim.world.log
    .list()
    .filter((call) => call.operation === 'DescribeImages')
    .map((call) => String(call.params.repositoryName))
    .sort();
}

test('built-images: both containers of the template get the build by digest, checked in ECR first', async () => {
  harness = await startHarness(twoImageWorld(), PREVIEW_TIME_SCALE);
  const template = await describeService(harness, 'web');
  const result = await previewWithConfig({ 'built-images': `app=${APP}\nproxy=${PROXY}` });
  expectSuccess(result);

  expect(result.outputs.status).toBe('healthy');
  expect(await containerImages(result.outputs['task-definition-arn'])).toEqual({ web: APP, proxy: PROXY });
  // The template still runs its own images.
  expect(await containerImages(template!.taskDefinition!)).toEqual({
    web: `${REGISTRY}/shop:v1`,
    proxy: `${REGISTRY}/proxy:v1`,
  });
  // Every ECR image of the preview's revision was looked up before the first change.
  const log = harness.sim.world.log.list();
  const firstChange = log.findIndex((call) => call.mutating);
  const checked = log.slice(0, firstChange).filter((call) => call.operation === 'DescribeImages');
  expect(checked.map((call) => String(call.params.repositoryName)).sort()).toEqual(['proxy', 'shop']);
  expect(result.stdout).toContain(`container proxy: ${PROXY}`);
}, 120_000);

test('images (container=image lines, as ecs-deploy takes them) replace both containers without a config', async () => {
  harness = await startHarness(twoImageWorld(), PREVIEW_TIME_SCALE);
  const result = await preview(harness, { 'pull-request': 12, images: `web=${APP}\nproxy=${PROXY}` });
  expectSuccess(result);
  expect(await containerImages(result.outputs['task-definition-arn'])).toEqual({ web: APP, proxy: PROXY });
}, 120_000);

test('image wins over built-images for its container', async () => {
  harness = await startHarness(twoImageWorld(), PREVIEW_TIME_SCALE);
  const pinned = `${REGISTRY}/shop:pr-12-aaa`;
  const result = await previewWithConfig({ 'built-images': `app=${APP}\nproxy=${PROXY}`, image: pinned });
  expectSuccess(result);
  expect(await containerImages(result.outputs['task-definition-arn'])).toEqual({ web: pinned, proxy: PROXY });
}, 120_000);

describe('bad input fails naming the input, with nothing changed', () => {
  test('a name that is not in build.images: before any AWS call', async () => {
    const quiet = await startQuiet();
    const result = await previewWithConfig({ 'built-images': `app=${APP}\nsidecar=${PROXY}` });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      "input 'built-images': 'sidecar' is not an image of build.images in .github/ecs-kit.yml (images: app, proxy)",
    );
    expect(quiet.sim.world.log.list()).toEqual([]);
  }, 60_000);

  test('built-images without config: before any AWS call', async () => {
    const quiet = await startQuiet();
    const result = await preview(quiet, {
      'pull-request': 12,
      'listener-arn': quietListener,
      'built-images': `app=${APP}`,
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain("input 'built-images': needs config");
    expect(quiet.sim.world.log.list()).toEqual([]);
  }, 60_000);

  test('a container the template lacks: after the reads, before any change', async () => {
    const quiet = await startQuiet();
    const result = await preview(quiet, {
      'pull-request': 12,
      'listener-arn': quietListener,
      images: `web=${APP}\nsidecar=${PROXY}`,
    });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toMatch(
      /input 'images': container 'sidecar' is not in the template's task definition shop-web \(containers: web, proxy\)/,
    );
    expect(mutatingCalls(quiet)).toEqual([]);
    expect(quiet.sim.world.log.list().length).toBeGreaterThan(0);
  }, 60_000);

  test("a service's own container the template lacks names built-images", async () => {
    const quiet = await startQuiet();
    const result = await preview(
      quiet,
      {
        config: '.github/ecs-kit.yml',
        'pull-request': 12,
        'listener-arn': quietListener,
        'built-images': `app=${APP}\nproxy=${PROXY}`,
      },
      { GITHUB_WORKSPACE: configWorkspace(['    containers:', '      sidecar: proxy']) },
    );
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(
      "input 'built-images': container 'sidecar' is not in the template's task definition shop-web",
    );
    expect(mutatingCalls(quiet)).toEqual([]);
  }, 60_000);

  test('a digest ECR does not hold fails in the preflight', async () => {
    const quiet = await startQuiet();
    const missing = `${REGISTRY}/proxy@${digest('proxy-pr-13')}`;
    const result = await previewWithConfig({ 'built-images': `app=${APP}\nproxy=${missing}` });
    expect(result.code).not.toBe(0);
    expect(result.stdout + result.stderr).toContain(`image ${missing} does not exist`);
    expect(imageChecks()).toContain('proxy');
    expect(mutatingCalls(quiet)).toEqual([]);
  }, 60_000);
});
