/**
 * build-push as a process against the simulator. A fake `docker` on PATH records every call; for
 * `buildx build --push` it stores a manifest in the simulated ECR (through the control API, as a push
 * would) and writes the metadata file buildx writes. No real builds here: test/e2e does those.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator, WorldSeed } from '../../sim/index.js';
import { ROOT, runAction, type RunOptions } from '../helpers/action.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';

/** One call the fake docker saw. */
interface DockerCall {
  argv: string[];
  stdin: string;
  env: Record<string, string>;
}

const SHA = '0123456789abcdef0123456789abcdef01234567';
const simulators = useSimulatorPerTest();
let sim: Simulator;
let scratch: string;
let workspace: string;
let dockerLog: string;

function git(cwd: string, ...args: string[]): void {
  execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], { cwd });
}

beforeAll(() => {
  if (!existsSync(join(ROOT, 'dist', 'build-push', 'index.js'))) {
    throw new Error('dist/build-push is missing: run node scripts/build.mjs build-push');
  }
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'bp-int-'));
  dockerLog = installFakeDocker(scratch).log;
  workspace = join(scratch, 'repo');
  mkdirSync(join(workspace, 'app'), { recursive: true });
  writeFileSync(join(workspace, 'app', 'Dockerfile'), 'FROM scratch\nCOPY server.js /\n');
  writeFileSync(join(workspace, 'app', 'server.js'), 'console.log("hi")\n');
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

function run(inputs: RunOptions['inputs'], options: Omit<RunOptions, 'inputs'> = {}) {
  return runAction('build-push', {
    endpoint: sim.endpoint,
    workspace,
    ...options,
    inputs,
    env: {
      PATH: `${join(scratch, 'bin')}:${process.env.PATH}`,
      FAKE_DOCKER_LOG: dockerLog,
      GITHUB_SHA: SHA,
      ...options.env,
    },
  });
}

function dockerCalls(): DockerCall[] {
  return readFileSync(dockerLog, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as DockerCall);
}

function builds(): DockerCall[] {
  return dockerCalls().filter((call) => call.argv[0] === 'buildx' && call.argv[1] === 'build');
}

function ecrImages(repository: string) {
  return sim.world.ecr.listImages(repository);
}

function mutatingCalls(): string[] {
  return sim.world.log
    .list()
    .filter((record) => record.mutating)
    .map((record) => record.operation);
}

const URI = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop';

test('builds, creates the repository, pushes, and reports the digest ECR holds', async () => {
  await start();
  const result = await run({
    repository: 'shop',
    context: 'app',
    'create-repository': true,
    'image-tag-mutability': 'MUTABLE',
    'scan-on-push': true,
    'build-args': 'MODE=prod',
    labels: 'team=shop',
  });
  expect([result.code, result.annotations]).toEqual([0, []]);

  const repository = sim.world.ecr.repository('shop').settings;
  expect(repository).toMatchObject({
    scanOnPush: true,
    imageTagMutability: 'MUTABLE',
    encryption: { encryptionType: 'AES256' },
  });

  const [build] = builds();
  const fp = result.outputs.fingerprint;
  expect(fp).toMatch(/^[0-9a-f]{64}$/);
  const tags = build.argv.flatMap((arg, i) => (build.argv[i - 1] === '--tag' ? [arg] : []));
  expect(tags).toEqual([`${URI}:${SHA}`, `${URI}:main`, `${URI}:fp-${fp}`]);
  expect(build.argv).toEqual(
    expect.arrayContaining([
      '--file',
      'app/Dockerfile',
      '--build-arg',
      'MODE=prod',
      '--label',
      'org.opencontainers.image.source=https://github.com/acme/shop',
      '--label',
      `org.opencontainers.image.revision=${SHA}`,
      '--label',
      'team=shop',
      '--cache-from',
      'type=gha,scope=shop',
      '--push',
    ]),
  );
  expect(build.argv.at(-1)).toBe('app');
  expect(build.argv.some((arg) => arg.startsWith('org.opencontainers.image.created='))).toBe(true);

  const [image] = ecrImages('shop');
  expect(result.outputs).toMatchObject({
    digest: image.digest,
    image: `${URI}@${image.digest}`,
    tags: `${SHA},main`,
    skipped: 'false',
  });
  expect(image.tags.sort()).toEqual([SHA, `fp-${fp}`, 'main'].sort());
  expect(result.summary).toContain(image.digest);
  expect(result.summary).toMatch(/- \*\*Build\*\*: (\d+\.\d s|\d+ ms)/);
  expect(result.summary).toContain('3.8 MiB');
  expect(mutatingCalls()).toEqual(['CreateRepository']);
});

test('the registry password is masked and never printed; the post step logs out', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const result = await run({ repository: 'shop', context: 'app' });
  expect(result.code).toBe(0);
  const login = dockerCalls().find((call) => call.argv[0] === 'login')!;
  expect(login.argv).toEqual([
    'login',
    '--username',
    'AWS',
    '--password-stdin',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com',
  ]);
  const password = login.stdin;
  expect(password.length).toBeGreaterThan(10);
  expect(result.masks).toContain(password);
  const firstMask = result.stdout.indexOf(`::add-mask::${password}`);
  expect(firstMask).toBeGreaterThanOrEqual(0);
  expect(result.stdout.replace(`::add-mask::${password}`, '')).not.toContain(password);
  expect(result.stderr).not.toContain(password);
  expect(
    dockerCalls()
      .flatMap((call) => call.argv)
      .join(' '),
  ).not.toContain(password);
  expect(result.state).toMatchObject({
    registry: '123456789012.dkr.ecr.us-east-1.amazonaws.com',
    logout: 'true',
  });

  const post = await run({ repository: 'shop' }, { post: true, state: result.state });
  expect(post.code).toBe(0);
  expect(dockerCalls().at(-1)!.argv).toEqual(['logout', '123456789012.dkr.ecr.us-east-1.amazonaws.com']);

  const calls = dockerCalls().length;
  const kept = await run({ repository: 'shop' }, { post: true, state: { ...result.state, logout: 'false' } });
  expect(kept.code).toBe(0);
  expect(dockerCalls().length).toBe(calls);
});

test('build secrets reach buildx through the environment or a file, never the argv', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const secret = 'npm_0123456789abcdefSECRET';
  const netrc = join(scratch, 'netrc');
  writeFileSync(netrc, 'machine example.com password x\n');
  const result = await run({
    repository: 'shop',
    context: 'app',
    secrets: `npm_token=${secret}`,
    'secret-files': `netrc=${netrc}`,
  });
  expect(result.code).toBe(0);
  const [build] = builds();
  expect(build.argv).toEqual(
    expect.arrayContaining([
      '--secret',
      'id=npm_token,env=ECS_KIT_BUILD_SECRET_1',
      '--secret',
      `id=netrc,src=${netrc}`,
    ]),
  );
  expect(build.argv.join(' ')).not.toContain(secret);
  expect(build.env).toEqual({ ECS_KIT_BUILD_SECRET_1: secret });
  expect(result.masks).toContain(secret);
  expect(result.stdout.replace(`::add-mask::${secret}`, '')).not.toContain(secret);
});

test('a second run over the same source skips the build and tags the existing image', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const first = await run({ repository: 'shop', context: 'app' });
  expect(first.code).toBe(0);
  // A new commit that leaves the context alone, on another branch.
  const nextSha = 'fedcba9876543210fedcba9876543210fedcba98';
  const second = await run(
    { repository: 'shop', context: 'app' },
    { env: { GITHUB_SHA: nextSha, GITHUB_REF: 'refs/pull/7/merge' } },
  );
  expect(second.code).toBe(0);
  expect(builds()).toHaveLength(1);
  expect(second.outputs).toMatchObject({
    skipped: 'true',
    digest: first.outputs.digest,
    fingerprint: first.outputs.fingerprint,
    tags: `${nextSha},pr-7`,
  });
  expect(second.summary).toContain(`skipped (fingerprint ${first.outputs.fingerprint})`);
  expect(dockerCalls().filter((call) => call.argv[0] === 'login')).toHaveLength(1);
  const [image] = ecrImages('shop');
  expect(image.tags).toEqual(expect.arrayContaining([SHA, nextSha, 'pr-7', 'main']));

  // A changed source builds again.
  writeFileSync(join(workspace, 'app', 'server.js'), 'console.log("v2")\n');
  const third = await run({ repository: 'shop', context: 'app' });
  expect(third.outputs.skipped).toBe('false');
  expect(third.outputs.fingerprint).not.toBe(first.outputs.fingerprint);
  expect(builds()).toHaveLength(2);

  // skip-if-built: false always builds.
  writeFileSync(join(workspace, 'app', 'server.js'), 'console.log("hi")\n');
  const forced = await run({ repository: 'shop', context: 'app', 'skip-if-built': false });
  expect(forced.outputs.skipped).toBe('false');
  expect(builds()).toHaveLength(3);
});

test('auto cache: none on the default docker driver, none off GitHub, registry cache on request', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const cacheArgs = () =>
    builds()
      .at(-1)!
      .argv.filter((arg) => /^type=/.test(arg));
  const dockerDriver = await run(
    { repository: 'shop', context: 'app', 'skip-if-built': false },
    { env: { FAKE_DOCKER_DRIVER: 'docker' } },
  );
  expect(dockerDriver.code).toBe(0);
  expect(cacheArgs()).toEqual([]);
  expect(dockerDriver.stdout).toContain('builder driver docker cannot export the GitHub Actions cache');
  // The classic docker driver cannot attach attestations: no provenance or SBOM is asked for.
  expect(
    builds()
      .at(-1)!
      .argv.filter((arg) => /^--(provenance|sbom)/.test(arg)),
  ).toEqual([]);

  const local = await run(
    { repository: 'shop', context: 'app', 'skip-if-built': false },
    { env: { GITHUB_ACTIONS: undefined } },
  );
  expect(local.code).toBe(0);
  expect(cacheArgs()).toEqual([]);
  // One `buildx inspect` per build: its driver decides both the cache and the attestations.
  expect(dockerCalls().filter((call) => call.argv[1] === 'inspect')).toHaveLength(2);
  // The fake builder's default driver is docker-container, which attaches provenance and an SBOM.
  expect(
    builds()
      .at(-1)!
      .argv.filter((arg) => /^--(provenance|sbom)/.test(arg)),
  ).toEqual(['--provenance=mode=max', '--sbom=true']);

  const registry = await run({
    repository: 'shop',
    context: 'app',
    'skip-if-built': false,
    cache: 'registry',
  });
  expect(registry.code).toBe(0);
  expect(cacheArgs()).toEqual([
    `type=registry,ref=${URI}:buildcache`,
    `type=registry,ref=${URI}:buildcache,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
  ]);
});

test('creates an immutable, KMS-encrypted repository; immutable repositories get only the commit SHA by default', async () => {
  await start();
  const result = await run({
    repository: 'team/shop',
    context: 'app',
    'create-repository': true,
    'image-tag-mutability': 'IMMUTABLE',
    'encryption-type': 'KMS',
    'kms-key': 'alias/shop',
    'scan-on-push': false,
  });
  expect(result.code).toBe(0);
  expect(sim.world.ecr.repository('team/shop').settings).toMatchObject({
    imageTagMutability: 'IMMUTABLE',
    scanOnPush: false,
    encryption: { encryptionType: 'KMS', kmsKey: 'alias/shop' },
  });
  expect(result.outputs.tags).toBe(SHA);
  const [image] = ecrImages('team/shop');
  expect(image.tags).toEqual([SHA, `fp-${result.outputs.fingerprint}`]);
});

test('the config file fills inputs the step leaves empty; explicit inputs win', async () => {
  await start({ repositories: [{ name: 'shop' }, { name: 'shop-ci' }] });
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github', 'ecs-kit.yml'),
    [
      'version: 1',
      'region: us-east-1',
      'build:',
      '  repository: shop',
      '  context: app',
      '  build-args:',
      '    MODE: base',
      'environments:',
      '  staging:',
      '    build:',
      '      target: runtime',
      '',
    ].join('\n'),
  );
  const result = await run({ config: '.github/ecs-kit.yml', environment: 'staging' });
  expect([result.code, result.annotations]).toEqual([0, []]);
  const argv = builds().at(-1)!.argv;
  expect(argv).toEqual(expect.arrayContaining(['--target', 'runtime', '--build-arg', 'MODE=base']));
  expect(argv.at(-1)).toBe('app');
  expect(result.outputs.image).toMatch(new RegExp(`^${URI}@sha256:`));

  const explicit = await run({
    config: '.github/ecs-kit.yml',
    repository: 'shop-ci',
    'skip-if-built': false,
  });
  expect(explicit.code).toBe(0);
  expect(explicit.outputs.image).toMatch(new RegExp(`^${URI}-ci@sha256:`));
});

test('a missing repository is an error when creation is off, before any login or build', async () => {
  await start();
  const result = await run({ repository: 'shop', context: 'app' });
  expect(result.code).toBe(1);
  expect(result.annotations[0].message).toBe(
    'build-push failed: repository shop does not exist: create it or set create-repository: true',
  );
  expect(mutatingCalls()).toEqual([]);
  expect(dockerCalls()).toEqual([]);
});

test('a failing build fails the step with docker’s error', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const result = await run({ repository: 'shop', context: 'app' }, { env: { FAKE_DOCKER_FAIL: '1' } });
  expect(result.code).toBe(1);
  expect(result.annotations[0].message).toMatch(
    /^build-push failed: docker buildx build failed \(exit 1\): ERROR: failed to solve/,
  );
  expect(ecrImages('shop')).toEqual([]);
});

test('a cancelled run stops the build and fails with the cancellation', async () => {
  await start({ repositories: [{ name: 'shop' }] });
  const result = await run(
    { repository: 'shop', context: 'app' },
    {
      env: { FAKE_DOCKER_SLEEP: '1' },
      interrupt: { signal: 'SIGTERM', when: (stdout) => stdout.includes('building slowly') },
    },
  );
  expect(result.code).toBe(1);
  expect(result.annotations.map((annotation) => annotation.message)).toContain(
    'build-push failed: cancelled by SIGTERM',
  );
  expect(result.durationMs).toBeLessThan(25_000);
  expect(ecrImages('shop')).toEqual([]);
});

describe('promotion', () => {
  const world: WorldSeed = {
    repositories: [
      { name: 'shop', images: [{ tags: ['v1'], sizeBytes: 50_000_000 }, { tags: ['v2'] }] },
      { name: 'shop-prod', imageTagMutability: 'IMMUTABLE', images: [{ tags: ['production'] }] },
    ],
  };

  test('adds a tag to the same digest without building', async () => {
    await start(world);
    const v1 = sim.world.ecr.repository('shop').byTag('v1')!;
    const result = await run({ repository: 'shop', 'source-image': 'shop:v1', tags: 'staging,stable' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      digest: v1.digest,
      image: `${URI}@${v1.digest}`,
      tags: 'staging,stable',
      skipped: 'true',
      fingerprint: '',
    });
    expect(v1.tags).toEqual(['v1', 'staging', 'stable']);
    const puts = sim.world.log.list().filter((record) => record.operation === 'PutImage');
    expect(puts.map((record) => record.params)).toEqual([
      expect.objectContaining({
        imageManifest: v1.manifest,
        imageManifestMediaType: v1.mediaType,
        imageTag: 'staging',
      }),
      expect.objectContaining({
        imageManifest: v1.manifest,
        imageManifestMediaType: v1.mediaType,
        imageTag: 'stable',
      }),
    ]);
    expect(result.summary).toContain(`promoted from <code title="shop@${v1.digest}">`);
    expect(result.summary).toContain('47.7 MiB');
    expect(builds()).toEqual([]);
    expect(dockerCalls()).toEqual([]);

    // Re-running converges: nothing to write.
    const again = await run({ repository: 'shop', 'source-image': `shop@${v1.digest}`, tags: 'staging' });
    expect(again.code).toBe(0);
    expect(sim.world.log.list().filter((record) => record.operation === 'PutImage')).toHaveLength(2);
  });

  test('across repositories, by digest, into a repository it creates', async () => {
    await start(world);
    const v2 = sim.world.ecr.repository('shop').byTag('v2')!;
    const result = await run({
      repository: 'shop-staging',
      'create-repository': true,
      'source-image': `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@${v2.digest}`,
      tags: 'candidate',
    });
    expect(result.code).toBe(0);
    const promoted = sim.world.ecr.repository('shop-staging').byTag('candidate')!;
    expect(promoted.digest).toBe(v2.digest);
    expect(promoted.manifest).toBe(v2.manifest);
    expect(result.outputs.image).toBe(
      `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop-staging@${v2.digest}`,
    );
  });

  test('an immutable tag on another digest is an error naming both digests, and nothing is written', async () => {
    await start(world);
    const v2 = sim.world.ecr.repository('shop').byTag('v2')!;
    const production = sim.world.ecr.repository('shop-prod').byTag('production')!;
    const before = sim.world.log.list().length;
    const result = await run({
      repository: 'shop-prod',
      'source-image': 'shop:v2',
      tags: 'release-42,production',
    });
    expect(result.code).toBe(1);
    expect(result.annotations[0].message).toBe(
      `build-push failed: cannot tag ${v2.digest}: tag production is immutable and points at ${production.digest}, not ${v2.digest}`,
    );
    expect(
      sim.world.log
        .list(before)
        .filter((record) => record.mutating)
        .map((record) => record.operation),
    ).toEqual([]);
    expect(sim.world.ecr.repository('shop-prod').byTag('release-42')).toBeUndefined();
  });

  test('a missing source image is a clear error', async () => {
    await start(world);
    const result = await run({ repository: 'shop', 'source-image': 'shop:v9', tags: 'x' });
    expect(result.code).toBe(1);
    expect(result.annotations[0].message).toBe('build-push failed: source image shop:v9 does not exist');
    expect(mutatingCalls()).toEqual([]);
  });
});

describe('bad inputs fail before any AWS call or docker command', () => {
  const cases: [string, Record<string, string>, string][] = [
    [
      'repository name',
      { repository: 'Shop_Web' },
      "input 'repository': expected a repository name (2 to 256 lowercase letters",
    ],
    [
      'tag',
      { repository: 'shop', context: 'app', tags: 'v1,bad tag' },
      "input 'tags': tag 'bad tag' must start",
    ],
    [
      'platform',
      { repository: 'shop', context: 'app', platforms: 'linux/amd64,linux/sparc' },
      "input 'platforms': 'linux/sparc': unknown architecture",
    ],
    [
      'context outside the workspace',
      { repository: 'shop', context: '..' },
      "input 'context': '..' is outside the workspace",
    ],
    [
      'missing context',
      { repository: 'shop', context: 'nope' },
      "input 'context': directory 'nope' does not exist",
    ],
    [
      'missing Dockerfile',
      { repository: 'shop', context: '.' },
      "input 'file': file 'Dockerfile' does not exist",
    ],
    ['Dockerfile is a directory', { repository: 'shop', file: 'app' }, "input 'file': 'app' is not a file"],
    [
      'build arg name',
      { repository: 'shop', context: 'app', 'build-args': '1X=2' },
      "input 'build-args': '1X' is not a valid",
    ],
    [
      'missing secret file',
      { repository: 'shop', context: 'app', 'secret-files': 'netrc=nope/netrc' },
      "input 'secret-files': file 'nope/netrc' of secret 'netrc' does not exist",
    ],
    [
      'boolean',
      { repository: 'shop', context: 'app', 'create-repository': 'maybe' },
      "input 'create-repository': expected true or false",
    ],
    [
      'mutability',
      { repository: 'shop', context: 'app', 'image-tag-mutability': 'immutable' },
      "input 'image-tag-mutability': expected one of MUTABLE, IMMUTABLE",
    ],
    [
      'cache-ref without registry cache',
      { repository: 'shop', context: 'app', 'cache-ref': 'x' },
      "input 'cache-ref': only applies with cache: registry",
    ],
    [
      'promotion without tags',
      { repository: 'shop', 'source-image': 'shop:v1' },
      "input 'tags': promotion (source-image) needs the tags",
    ],
    [
      'source image elsewhere',
      { repository: 'shop', 'source-image': 'docker.io/nginx:1', tags: 'x' },
      "input 'source-image': expected repo:tag",
    ],
    [
      'source image in another region',
      {
        repository: 'shop',
        'source-image': '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:v1',
        tags: 'x',
      },
      "input 'source-image': is in eu-west-1",
    ],
  ];

  test.each(cases)('%s', async (_name, inputs, message) => {
    await start({ repositories: [{ name: 'shop', images: [{ tags: ['v1'] }] }] });
    const result = await run(inputs);
    expect(result.code).toBe(1);
    expect(result.annotations[0].message).toContain(`build-push failed: ${message}`);
    expect(sim.world.log.list()).toEqual([]);
    expect(dockerCalls()).toEqual([]);
  });
});
