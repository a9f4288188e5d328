/**
 * build-push building and promoting the config's whole image set (`build.images`) as a process against the
 * simulator, with the fake docker of test/helpers/fake-docker.ts: every image built once, each unchanged
 * image skipped on its own, the set promoted by digest, and bad input failing before any AWS call.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator, WorldSeed } from '../../sim/index.js';
import { ROOT, runAction, type RunOptions } from '../helpers/action.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const simulators = useSimulatorPerTest();
let sim: Simulator;
let scratch: string;
let workspace: string;
let dockerLog: string;

/** Two images, as the seed shape has them: a proxy and the app, each with its own context. */
const CONFIG = [
  'version: 1',
  'region: us-east-1',
  'cluster: shop',
  'containers:',
  '  proxy: proxy',
  '  app: app',
  'services:',
  '  - name: web',
  'build:',
  '  build-args:',
  '    SHARED: yes',
  '  images:',
  '    proxy:',
  '      repository: shop/proxy',
  '      context: proxy',
  '    app:',
  '      repository: shop/app',
  '      context: app',
  '      platforms: [linux/arm64]',
  '      build-args:',
  '        MODE: prod',
  '',
].join('\n');

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd });
}

function writeConfig(text: string): void {
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), text);
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'build-push', 'index.js'))) {
    throw new Error('dist/build-push is missing: run node scripts/build.mjs build-push');
  }
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bp-set-'));
  dockerLog = installFakeDocker(scratch).log;
  workspace = join(scratch, 'repo');
  for (const dir of ['app', 'proxy', '.github']) mkdirSync(join(workspace, dir), { recursive: true });
  writeFileSync(join(workspace, 'app', 'Dockerfile'), 'FROM scratch\nCOPY server.js /\n');
  writeFileSync(join(workspace, 'app', 'server.js'), 'console.log("hi")\n');
  writeFileSync(join(workspace, 'proxy', 'Dockerfile'), 'FROM haproxy\nCOPY haproxy.cfg /\n');
  writeFileSync(join(workspace, 'proxy', 'haproxy.cfg'), 'global\n');
  writeConfig(CONFIG);
  git(workspace, 'init', '-q');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-q', '-m', 'initial');
});

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true });
});

async function start(world: WorldSeed = {}): Promise<void> {
  sim = (await simulators.start({ world })).sim;
}

function run(inputs: RunOptions['inputs']) {
  return runAction('build-push', {
    endpoint: sim.endpoint,
    workspace,
    inputs: { config: '.github/ecs-kit.yml', ...inputs },
    env: { PATH: `${join(scratch, 'bin')}:${process.env.PATH}`, FAKE_DOCKER_LOG: dockerLog, GITHUB_SHA: SHA },
  });
}

function dockerCalls(): { argv: string[] }[] {
  return readFileSync(dockerLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { argv: string[] });
}

/** The repository each `buildx build` pushed to (from its first tag), in order. */
function builtRepositories(): string[] {
  return dockerCalls()
    .filter((call) => call.argv[0] === 'buildx' && call.argv[1] === 'build')
    .map((call) => call.argv[call.argv.indexOf('--tag') + 1].split('/').slice(1).join('/').split(':')[0]);
}

function digestOf(repository: string, tag: string): string {
  return sim.world.ecr.repository(repository).byTag(tag)!.digest;
}

/** The `images` output as name → reference. */
function imageMap(text: string): Record<string, string> {
  return Object.fromEntries(text.split('\n').map((line) => line.split('=') as [string, string]));
}

const REPOSITORIES: WorldSeed = { repositories: [{ name: 'shop/proxy' }, { name: 'shop/app' }] };

test('builds every image of the set, then skips each unchanged one and rebuilds only the changed one', async () => {
  await start(REPOSITORIES);
  const first = await run({});
  expect([first.code, first.annotations]).toEqual([0, []]);
  expect(builtRepositories()).toEqual(['shop/proxy', 'shop/app']);
  const builds = dockerCalls().filter((call) => call.argv[1] === 'build');
  // Each image's own context, Dockerfile, platforms and build args; the base build args reach every image.
  expect(builds[0].argv).toEqual(
    expect.arrayContaining(['--file', 'proxy/Dockerfile', '--build-arg', 'SHARED=yes']),
  );
  expect(builds[0].argv.at(-1)).toBe('proxy');
  expect(builds[1].argv).toEqual(
    expect.arrayContaining([
      '--file',
      'app/Dockerfile',
      '--platform',
      'linux/arm64',
      '--build-arg',
      'MODE=prod',
    ]),
  );
  expect(builds[1].argv.at(-1)).toBe('app');
  // One login serves both builds.
  expect(dockerCalls().filter((call) => call.argv[0] === 'login')).toHaveLength(1);

  const proxy = digestOf('shop/proxy', SHA);
  const app = digestOf('shop/app', SHA);
  expect(first.outputs.images).toBe(`proxy=${REGISTRY}/shop/proxy@${proxy}\napp=${REGISTRY}/shop/app@${app}`);
  expect(first.outputs.built).toBe(first.outputs.images);
  expect(first.outputs).toMatchObject({ skipped: 'false', image: '', tags: `${SHA},main` });
  expect(first.summary).toContain('build-push: built 2 of 2 images');
  expect(first.summary).toContain(`<code title="${proxy}">sha256:${proxy.slice(7, 19)}</code>`);

  const second = await run({});
  expect(second.code).toBe(0);
  expect(builtRepositories()).toEqual(['shop/proxy', 'shop/app']);
  expect(second.outputs).toMatchObject({ images: first.outputs.images, built: '', skipped: 'true' });
  expect(second.summary).toContain('⏸️ build-push: 2 images already built, skipped');
  expect(second.summary.match(/skipped: fingerprint/g)).toHaveLength(2);

  writeFileSync(join(workspace, 'proxy', 'haproxy.cfg'), 'global\n  maxconn 100\n');
  const third = await run({});
  expect(third.code).toBe(0);
  expect(builtRepositories()).toEqual(['shop/proxy', 'shop/app', 'shop/proxy']);
  const images = imageMap(third.outputs.images);
  expect(images.app).toBe(`${REGISTRY}/shop/app@${app}`);
  expect(images.proxy).not.toBe(`${REGISTRY}/shop/proxy@${proxy}`);
  expect(third.outputs.built).toBe(`proxy=${images.proxy}`);
  expect(third.summary).toContain('build-push: built 1 of 2 images');
});

test('image-names builds only the named images of the set', async () => {
  await start(REPOSITORIES);
  const result = await run({ 'image-names': 'app' });
  expect(result.code).toBe(0);
  expect(builtRepositories()).toEqual(['shop/app']);
  expect(Object.keys(imageMap(result.outputs.images))).toEqual(['app']);
});

test('promotes the whole set by digest without building, and checks every image before writing a tag', async () => {
  await start({
    repositories: [
      { name: 'shop/proxy', images: [{ tags: ['v1'] }] },
      { name: 'shop/app', imageTagMutability: 'IMMUTABLE', images: [{ tags: ['v1'] }, { tags: ['v2'] }] },
    ],
  });
  const proxy = digestOf('shop/proxy', 'v1');
  const app = digestOf('shop/app', 'v1');
  const result = await run({
    'source-images': `proxy=shop/proxy@${proxy}\napp=${REGISTRY}/shop/app:v1`,
    tags: 'production',
  });
  expect([result.code, result.annotations]).toEqual([0, []]);
  expect(digestOf('shop/proxy', 'production')).toBe(proxy);
  expect(digestOf('shop/app', 'production')).toBe(app);
  expect(result.outputs.images).toBe(
    `proxy=${REGISTRY}/shop/proxy@${proxy}\napp=${REGISTRY}/shop/app@${app}`,
  );
  expect(result.outputs.built).toBe('');
  expect(result.summary).toContain('✅ build-push: promoted 2 images');
  expect(dockerCalls()).toEqual([]);

  // An immutable tag on another digest in the second image's repository stops the promotion before the first image is tagged.
  const before = sim.world.log.list().length;
  const refused = await run({
    'source-images': `proxy=shop/proxy:v1\napp=shop/app:v2`,
    tags: 'stable,production',
  });
  expect(refused.code).toBe(1);
  expect(refused.annotations[0].message).toMatch(/cannot tag sha256:.*: tag production is immutable/);
  expect(sim.world.log.list(before).filter((record) => record.mutating)).toEqual([]);
  expect(sim.world.ecr.repository('shop/proxy').byTag('stable')).toBeUndefined();
});

test('a tag write failing part way through the set says which images are tagged, and a re-run finishes the set', async () => {
  await start({
    repositories: [
      { name: 'shop/proxy', images: [{ tags: ['v1'] }] },
      { name: 'shop/app', images: [{ tags: ['v1'] }] },
    ],
  });
  const proxy = digestOf('shop/proxy', 'v1');
  const app = digestOf('shop/app', 'v1');
  const promote = () => run({ 'source-images': 'proxy=shop/proxy:v1\napp=shop/app:v1', tags: 'production' });
  // The second PutImage (app's, after proxy was tagged) fails with an error the SDK does not retry.
  sim.world.faults.configure({
    rules: [
      {
        service: 'ecr',
        operation: 'PutImage',
        calls: [2],
        error: { code: 'KmsException', message: 'the KMS key is disabled' },
      },
    ],
  });
  const failed = await promote();
  expect(failed.code).toBe(1);
  const message = failed.annotations.map((annotation) => annotation.message).join('\n');
  expect(message).toContain('promoting app: tagging');
  expect(message).toContain('the KMS key is disabled');
  expect(message).toContain('tagged production: proxy; stopped part way: app');
  expect(message).toContain('re-run the step with the same source-images and tags to finish the set');
  expect(digestOf('shop/proxy', 'production')).toBe(proxy);
  expect(sim.world.ecr.repository('shop/app').byTag('production')).toBeUndefined();

  sim.world.faults.configure({});
  const before = sim.world.log.list().length;
  const again = await promote();
  expect([again.code, again.annotations]).toEqual([0, []]);
  expect(digestOf('shop/proxy', 'production')).toBe(proxy);
  expect(digestOf('shop/app', 'production')).toBe(app);
  // proxy already had the tag on its digest: the re-run writes only app's.
  const writes = sim.world.log.list(before).filter((record) => record.mutating);
  expect(writes.map((record) => [record.operation, record.params.repositoryName])).toEqual([
    ['PutImage', 'shop/app'],
  ]);
});

test('a permission denied in the middle of the set is a missing permission that names the tagged and untagged images', async () => {
  writeConfig(
    CONFIG.replace(
      '    app:\n',
      '    worker:\n      repository: shop/worker\n      context: app\n    app:\n',
    ).replace('  app: app\n', '  app: app\n  worker: worker\n'),
  );
  await start({
    repositories: ['shop/proxy', 'shop/worker', 'shop/app'].map((name) => ({
      name,
      images: [{ tags: ['v1'] }],
    })),
  });
  // A role whose PutImage is scoped to some repositories: the second write (worker's) is refused.
  sim.world.faults.configure({
    rules: [
      {
        service: 'ecr',
        operation: 'PutImage',
        calls: [2],
        error: {
          code: 'AccessDeniedException',
          message:
            'User: arn:aws:sts::123456789012:assumed-role/deploy/gha is not authorized to perform: ecr:PutImage on resource: shop/worker',
        },
      },
    ],
  });
  const failed = await run({
    'source-images': 'proxy=shop/proxy:v1\nworker=shop/worker:v1\napp=shop/app:v1',
    tags: 'production',
  });
  expect(failed.code).toBe(1);
  const message = failed.annotations.map((annotation) => annotation.message).join('\n');
  expect(message).toContain(
    'missing permission ecr:PutImage for arn:aws:sts::123456789012:assumed-role/deploy/gha: the image set is not fully promoted; tagged production: proxy; stopped part way: worker',
  );
  expect(message).toContain('not tagged: app; re-run the step');
  expect(message).toContain('grant what docs/iam/build-push.json lists');
  expect(sim.world.ecr.repository('shop/proxy').byTag('production')).toBeDefined();
  expect(sim.world.ecr.repository('shop/worker').byTag('production')).toBeUndefined();
  expect(sim.world.ecr.repository('shop/app').byTag('production')).toBeUndefined();
});

describe('bad input fails before any AWS call or docker command, naming the input or config path', () => {
  const cases: [string, Record<string, string>, string, string?][] = [
    [
      'a source-images name not in build.images',
      { 'source-images': 'proxy=shop/proxy:v1\napp=shop/app:v1\nworker=shop/app:v1', tags: 'x' },
      "input 'source-images': 'worker' is not an image of build.images (proxy, app)",
    ],
    [
      'a source-images reference without tag or digest',
      { 'source-images': 'proxy=shop/proxy\napp=shop/app:v1', tags: 'x' },
      "input 'source-images': proxy: expected repo:tag, repo@sha256:<digest> or an ECR URI: 'shop/proxy' names no tag or digest",
    ],
    [
      'a source-images name given twice',
      { 'source-images': 'proxy=shop/proxy:v1\nproxy=shop/proxy:v2', tags: 'x' },
      "input 'source-images': 'proxy' is given twice",
    ],
    [
      'source-images missing an image of the set',
      { 'source-images': 'proxy=shop/proxy:v1', tags: 'x' },
      "input 'source-images': no reference for 'app'",
    ],
    [
      'promotion of the set without tags',
      { 'source-images': 'proxy=shop/proxy:v1\napp=shop/app:v1' },
      "input 'tags': promotion (source-images) needs the tags to add",
    ],
    [
      'an unknown image name',
      { 'image-names': 'proxy,web' },
      "input 'image-names': 'web' is not an image of build.images",
    ],
    ['an image name given twice', { 'image-names': 'app,app' }, "input 'image-names': 'app' is given twice"],
    [
      'a single-image input with the set',
      { context: 'app' },
      "input 'context': describes one image, but the config's build.images builds a set",
    ],
    [
      'a missing context directory',
      {},
      "build.images.proxy.context: directory 'proxy' does not exist in the workspace",
      'proxy-gone',
    ],
    [
      'two images in one repository',
      {},
      "build.images.app.repository: repository 'shop/proxy' is also build.images.proxy's",
      'same-repository',
    ],
  ];

  test.each(cases)('%s', async (...[, inputs, message, change]) => {
    if (change === 'proxy-gone') rmSync(join(workspace, 'proxy'), { recursive: true });
    if (change === 'same-repository')
      writeConfig(CONFIG.replace('repository: shop/app', 'repository: shop/proxy'));
    await start(REPOSITORIES);
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.annotations.map((annotation) => annotation.message).join('\n')).toContain(message);
    expect(sim.world.log.list()).toEqual([]);
    expect(dockerCalls()).toEqual([]);
  });

  test('set inputs without a config name what they need', async () => {
    await start(REPOSITORIES);
    const result = await runAction('build-push', {
      endpoint: sim.endpoint,
      workspace,
      inputs: { repository: 'shop/app', 'image-names': 'app' },
    });
    expect(result.code).toBe(1);
    expect(result.annotations[0].message).toContain("input 'image-names': needs config");
    expect(sim.world.log.list()).toEqual([]);
  });
});
