/**
 * build-push end to end with real parts: podman builds a real image from a small FROM-scratch context and
 * pushes it to a real docker-registry on 127.0.0.1, which the simulated ECR is linked to; then the same for
 * a two-image set from the config's build.images. The test-only shim test/e2e/bin/docker (first on PATH)
 * translates the action's docker calls onto podman.
 */
import { BatchDeleteImageCommand } from '@aws-sdk/client-ecr';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '../../sim/index.js';
import { ROOT, runAction, type RunOptions } from '../helpers/action.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';

const INSTALL = 'apt-get update && apt-get install -y podman docker-registry';
const OCI_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

let scratch: string;
let registry: ChildProcess | undefined;
let registryUrl: string;
let harness: SimulatorHarness | undefined;
let sim: Simulator | undefined;
let workspace: string;
let shimLog: string;

function onPath(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function waitForRegistry(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/v2/`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`docker-registry did not answer on ${url}`);
}

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd });
}

beforeAll(async () => {
  const missing = ['podman', 'docker-registry'].filter((command) => !onPath(command));
  if (missing.length > 0) {
    throw new Error(`the end-to-end test needs ${missing.join(' and ')}: install with: ${INSTALL}`);
  }
  if (!existsSync(join(ROOT, 'dist', 'build-push', 'index.js'))) {
    throw new Error('dist/build-push is missing: run node scripts/build.mjs build-push');
  }
  scratch = mkdtempSync(join(tmpdir(), 'bp-e2e-'));
  const port = await freePort();
  registryUrl = `http://127.0.0.1:${port}`;
  const config = join(scratch, 'registry.yml');
  writeFileSync(
    config,
    [
      'version: 0.1',
      'log:',
      '  level: error',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${join(scratch, 'registry')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: 127.0.0.1:${port}`,
      '',
    ].join('\n'),
  );
  registry = spawn('docker-registry', ['serve', config], { stdio: 'ignore' });
  await waitForRegistry(registryUrl);
  harness = await startSimulatorHarness({ world: { registryEndpoint: registryUrl } });
  sim = harness.sim;

  workspace = join(scratch, 'repo');
  mkdirSync(join(workspace, 'app'), { recursive: true });
  writeFileSync(join(workspace, 'app', 'Dockerfile'), 'FROM scratch\nARG MODE\nCOPY hello.txt /hello.txt\n');
  writeFileSync(join(workspace, 'app', 'hello.txt'), 'hello from ecs-kit\n');
  git(workspace, 'init', '-q');
  git(workspace, 'add', '.');
  git(workspace, 'commit', '-q', '-m', 'initial');
  shimLog = join(scratch, 'shim.log');
  writeFileSync(shimLog, '');
});

afterAll(async () => {
  await stopSimulatorHarness(harness);
  registry?.kill('SIGTERM');
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

function run(inputs: RunOptions['inputs'], options: Omit<RunOptions, 'inputs'> = {}) {
  return runAction('build-push', {
    endpoint: sim!.endpoint,
    workspace,
    timeoutMs: 60_000,
    ...options,
    inputs,
    env: {
      PATH: `${join(ROOT, 'test', 'e2e', 'bin')}:${process.env.PATH}`,
      DOCKER_SHIM_LOG: shimLog,
      DOCKER_SHIM_ROOT: join(scratch, 'podman'),
      ...options.env,
    },
  });
}

function shimCalls(): string[] {
  return readFileSync(shimLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '');
}

async function registryDigest(repository: string, reference: string): Promise<string | null> {
  const response = await fetch(`${registryUrl}/v2/${repository}/manifests/${reference}`, {
    method: 'HEAD',
    headers: { accept: OCI_ACCEPT },
  });
  return response.ok ? response.headers.get('docker-content-digest') : null;
}

test('builds a real image, pushes it to a real registry, skips the rebuild, promotes by digest within and across repositories', async () => {
  const host = new URL(registryUrl).host;
  const first = await run({
    repository: 'shop',
    context: 'app',
    'create-repository': true,
    'build-args': 'MODE=prod',
  });
  if (first.code !== 0) throw new Error(`first run failed:\n${first.stdout}\n${first.stderr}`);
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const digest = await registryDigest('shop', sha);
  expect(digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(first.outputs).toMatchObject({
    digest,
    image: `${host}/shop@${digest}`,
    skipped: 'false',
    tags: `${sha},main`,
  });
  expect(await registryDigest('shop', 'main')).toBe(digest);
  expect(await registryDigest('shop', `fp-${first.outputs.fingerprint}`)).toBe(digest);
  expect(shimCalls().filter((line) => line.startsWith('build '))).toHaveLength(1);
  expect(shimCalls()[0]).toBe(`login ${host} AWS`);
  // The simulated ECR reflects the real registry: size from the real manifest's layers.
  const image = sim!.world.ecr.repository('shop').byDigest(digest!)!;
  expect(image.sizeBytes).toBeGreaterThan(0);
  expect(first.summary).toContain(digest);

  const second = await run({ repository: 'shop', context: 'app', 'build-args': 'MODE=prod' });
  expect(second.code).toBe(0);
  expect(second.outputs).toMatchObject({ skipped: 'true', digest, fingerprint: first.outputs.fingerprint });
  expect(shimCalls().filter((line) => line.startsWith('build '))).toHaveLength(1);
  expect(second.summary).toContain(`skipped (fingerprint ${first.outputs.fingerprint})`);

  const promoted = await run({ repository: 'shop', 'source-image': `shop@${digest}`, tags: 'production' });
  expect(promoted.code).toBe(0);
  expect(promoted.outputs).toMatchObject({ digest, tags: 'production' });
  expect(await registryDigest('shop', 'production')).toBe(digest);
  expect(shimCalls().filter((line) => line.startsWith('build '))).toHaveLength(1);

  // Across repositories the registry lacks the layers: ECR's LayersNotFoundException, then a registry copy.
  const across = await run({
    repository: 'shop-prod',
    'create-repository': true,
    'source-image': `shop@${digest}`,
    tags: 'production',
  });
  if (across.code !== 0) throw new Error(`cross-repository promotion failed:\n${across.stdout}`);
  expect(across.outputs).toMatchObject({ digest, image: `${host}/shop-prod@${digest}` });
  expect(await registryDigest('shop-prod', 'production')).toBe(digest);
  expect(shimCalls()).toContain(`imagetools ${host}/shop-prod:production from ${host}/shop@${digest}`);

  // ECR deletes reach the registry: the tag goes, the image keeps its other tags.
  await harness!.ecr.send(
    new BatchDeleteImageCommand({ repositoryName: 'shop', imageIds: [{ imageTag: 'production' }] }),
  );
  expect(await registryDigest('shop', 'production')).toBeNull();
  expect(await registryDigest('shop', 'main')).toBe(digest);

  const post = await run({ repository: 'shop' }, { post: true, state: first.state });
  expect(post.code).toBe(0);
  expect(shimCalls().at(-1)).toBe(`logout ${host}`);
});

/** The config of a two-image set, as the seed shape has it: each image its own FROM-scratch context. */
const SET_CONFIG = [
  'version: 1',
  'region: us-east-1',
  'cluster: shop',
  'containers:',
  '  proxy: proxy',
  '  app: app',
  'services:',
  '  - name: web',
  'build:',
  '  images:',
  '    proxy:',
  '      repository: set/proxy',
  '      context: proxy',
  '    app:',
  '      repository: set/app',
  '      context: app',
  '      build-args:',
  '        MODE: prod',
  '',
].join('\n');

/** The `images` (or `built`) output as name → `<repository URI>@<digest>`. */
function imageMap(text: string): Record<string, string> {
  if (text === '') return {};
  return Object.fromEntries(text.split('\n').map((line) => line.split('=') as [string, string]));
}

test('builds a two-image set for real: digests match the registry, an unchanged set is skipped, one changed context rebuilds only its image', async () => {
  const host = new URL(registryUrl).host;
  const sha = '0123456789abcdef0123456789abcdef01234567';
  const repo = join(scratch, 'set-repo');
  for (const dir of ['proxy', 'app', '.github']) mkdirSync(join(repo, dir), { recursive: true });
  writeFileSync(join(repo, 'proxy', 'Dockerfile'), 'FROM scratch\nCOPY proxy.cfg /proxy.cfg\n');
  writeFileSync(join(repo, 'proxy', 'proxy.cfg'), 'listen 80\n');
  writeFileSync(join(repo, 'app', 'Dockerfile'), 'FROM scratch\nARG MODE\nCOPY server.txt /server.txt\n');
  writeFileSync(join(repo, 'app', 'server.txt'), 'serving\n');
  writeFileSync(join(repo, '.github', 'ecs-kit.yml'), SET_CONFIG);
  git(repo, 'init', '-q');
  git(repo, 'add', '.');
  git(repo, 'commit', '-q', '-m', 'initial');
  const builds = () => shimCalls().filter((line) => line.startsWith('build '));
  const buildsBefore = builds().length;
  /** Each build since `from` as the references it tagged, by repository (`set/app` → its tags). */
  const builtSince = (from: number) =>
    builds()
      .slice(from)
      .map((line) => {
        const references = line.slice('build '.length).split(' ');
        const repository = references[0].slice(host.length + 1).split(':')[0];
        return { repository, tags: references.map((reference) => reference.split(':').pop()!) };
      });
  const runSet = () => run({ config: '.github/ecs-kit.yml', 'create-repository': true }, { workspace: repo });

  const first = await runSet();
  if (first.code !== 0) throw new Error(`first set run failed:\n${first.stdout}\n${first.stderr}`);
  const proxy = await registryDigest('set/proxy', sha);
  const app = await registryDigest('set/app', sha);
  expect(proxy).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(app).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(app).not.toBe(proxy);
  // The outputs name the digests the real registry holds, in the config's order.
  expect(first.outputs.images).toBe(`proxy=${host}/set/proxy@${proxy}\napp=${host}/set/app@${app}`);
  expect(first.outputs.built).toBe(first.outputs.images);
  expect(first.outputs.skipped).toBe('false');
  const firstBuilds = builtSince(buildsBefore);
  expect(firstBuilds.map((build) => build.repository)).toEqual(['set/proxy', 'set/app']);
  expect(first.summary).toContain('build-push: built 2 of 2 images');
  // Each image's fingerprint tag (what the next run looks up) is on its own digest in the registry.
  const digests = { 'set/proxy': proxy, 'set/app': app };
  for (const { repository, tags } of firstBuilds) {
    expect(tags).toEqual([sha, 'main', expect.stringMatching(/^fp-[0-9a-f]{64}$/)]);
    expect(await registryDigest(repository, tags[2])).toBe(digests[repository as keyof typeof digests]);
  }

  const second = await runSet();
  expect(second.code).toBe(0);
  expect(second.outputs).toMatchObject({ images: first.outputs.images, built: '', skipped: 'true' });
  expect(builds()).toHaveLength(buildsBefore + 2);

  writeFileSync(join(repo, 'app', 'server.txt'), 'serving, changed\n');
  const third = await runSet();
  if (third.code !== 0) throw new Error(`third set run failed:\n${third.stdout}\n${third.stderr}`);
  expect(builtSince(buildsBefore + 2).map((build) => build.repository)).toEqual(['set/app']);
  const rebuilt = await registryDigest('set/app', sha);
  expect(rebuilt).toMatch(/^sha256:[0-9a-f]{64}$/);
  expect(rebuilt).not.toBe(app);
  expect(imageMap(third.outputs.images)).toEqual({
    proxy: `${host}/set/proxy@${proxy}`,
    app: `${host}/set/app@${rebuilt}`,
  });
  expect(imageMap(third.outputs.built)).toEqual({ app: `${host}/set/app@${rebuilt}` });
  // The unchanged image kept its digest in the registry.
  expect(await registryDigest('set/proxy', sha)).toBe(proxy);
});
