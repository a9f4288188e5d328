/** The pure `docker buildx build` argv: every option, in a fixed order, secrets never inline. */
import { buildxArgs, supportsAttestations, type BuildSpec } from '../../src/build/argv.js';
import { chooseCache } from '../../src/build/cache.js';
import { imageLabels } from '../../src/build/labels.js';

const base: BuildSpec = {
  context: 'app',
  file: 'app/Dockerfile',
  platforms: [],
  buildArgs: new Map(),
  secrets: [],
  labels: new Map(),
  tags: ['123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:abc'],
  cache: { type: 'none' },
  metadataFile: '/tmp/meta.json',
  push: true,
};

test('minimal build: file, tag, metadata file, push, context last', () => {
  expect(buildxArgs(base)).toEqual([
    'buildx',
    'build',
    '--file',
    'app/Dockerfile',
    '--tag',
    '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:abc',
    '--metadata-file',
    '/tmp/meta.json',
    '--push',
    'app',
  ]);
});

test('every option', () => {
  const args = buildxArgs({
    ...base,
    target: 'runtime',
    platforms: ['linux/amd64', 'linux/arm64'],
    buildArgs: new Map([
      ['NODE_VERSION', '22'],
      ['MODE', 'a=b,c'],
    ]),
    secrets: [
      { id: 'npm', env: 'ECS_KIT_BUILD_SECRET_1' },
      { id: 'netrc', src: 'ci/netrc' },
    ],
    labels: new Map([['team', 'shop']]),
    tags: ['r/shop:abc', 'r/shop:main'],
    cache: { type: 'gha', scope: 'shop' },
  });
  expect(args).toEqual([
    'buildx',
    'build',
    '--file',
    'app/Dockerfile',
    '--target',
    'runtime',
    '--platform',
    'linux/amd64,linux/arm64',
    '--build-arg',
    'NODE_VERSION=22',
    '--build-arg',
    'MODE=a=b,c',
    '--secret',
    'id=npm,env=ECS_KIT_BUILD_SECRET_1',
    '--secret',
    'id=netrc,src=ci/netrc',
    '--label',
    'team=shop',
    '--tag',
    'r/shop:abc',
    '--tag',
    'r/shop:main',
    '--cache-from',
    'type=gha,scope=shop',
    '--cache-to',
    'type=gha,mode=max,scope=shop,ignore-error=true',
    '--metadata-file',
    '/tmp/meta.json',
    '--push',
    'app',
  ]);
});

describe('provenance and SBOM', () => {
  test('a docker-container builder is asked for max provenance and an SBOM, before the metadata file', () => {
    expect(buildxArgs({ ...base, driver: 'docker-container' })).toEqual([
      'buildx',
      'build',
      '--file',
      'app/Dockerfile',
      '--tag',
      '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:abc',
      '--provenance=mode=max',
      '--sbom=true',
      '--metadata-file',
      '/tmp/meta.json',
      '--push',
      'app',
    ]);
  });

  test('the docker driver, and a builder whose driver is unknown (podman), get no attestation flags', () => {
    for (const driver of ['docker', undefined, 'podman']) {
      const args = buildxArgs({ ...base, driver });
      expect(args).toEqual(buildxArgs(base));
      expect(args.some((arg) => arg.startsWith('--provenance') || arg.startsWith('--sbom'))).toBe(false);
    }
  });

  test('BuildKit drivers support attestations; the docker driver does not', () => {
    expect(['docker-container', 'kubernetes', 'remote'].map(supportsAttestations)).toEqual([
      true,
      true,
      true,
    ]);
    expect([undefined, 'docker', 'podman'].map(supportsAttestations)).toEqual([false, false, false]);
  });
});

test('registry cache stores an image manifest (ECR needs it)', () => {
  const args = buildxArgs({ ...base, cache: { type: 'registry', ref: 'r/shop:buildcache' } });
  expect(args).toContain('type=registry,ref=r/shop:buildcache');
  expect(args).toContain(
    'type=registry,ref=r/shop:buildcache,mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true',
  );
});

test('no-cache drops cache import and export; push off drops --push', () => {
  const args = buildxArgs({ ...base, cache: { type: 'gha', scope: 's' }, noCache: true, push: false });
  expect(args).toContain('--no-cache');
  expect(args.some((arg) => arg.startsWith('type=gha'))).toBe(false);
  expect(args).not.toContain('--push');
});

test('OCI labels from git metadata come first; user labels win', () => {
  const created = new Date('2026-11-21T12:00:00Z');
  const labels = imageLabels(
    { sourceUrl: 'https://github.com/acme/shop', revision: 'abc123', created },
    new Map([
      ['org.opencontainers.image.source', 'https://example.com/mirror'],
      ['team', 'shop'],
    ]),
  );
  const args = buildxArgs({ ...base, labels });
  const labelArgs = args.flatMap((arg, index) => (args[index - 1] === '--label' ? [arg] : []));
  expect(labelArgs).toEqual([
    'org.opencontainers.image.source=https://example.com/mirror',
    'org.opencontainers.image.revision=abc123',
    'org.opencontainers.image.created=2026-11-21T12:00:00.000Z',
    'team=shop',
  ]);
});

describe('cache choice', () => {
  const choice = {
    repositoryName: 'shop',
    repositoryUri: 'r/shop',
    onGitHubActions: true,
  };
  test('auto: the Actions cache on GitHub with a container builder, none otherwise', () => {
    expect(chooseCache({ ...choice, mode: 'auto', driver: 'docker-container' })).toEqual({
      cache: { type: 'gha', scope: 'shop' },
    });
    expect(chooseCache({ ...choice, mode: 'auto', driver: 'docker' })).toEqual({
      cache: { type: 'none' },
      note: expect.stringContaining('builder driver docker cannot export'),
    });
    expect(
      chooseCache({ ...choice, mode: 'auto', onGitHubActions: false, driver: 'docker-container' }),
    ).toEqual({
      cache: { type: 'none' },
    });
  });
  test('explicit modes are taken as given', () => {
    expect(chooseCache({ ...choice, mode: 'gha', driver: 'docker' }).cache).toEqual({
      type: 'gha',
      scope: 'shop',
    });
    expect(chooseCache({ ...choice, mode: 'registry' }).cache).toEqual({
      type: 'registry',
      ref: 'r/shop:buildcache',
    });
    expect(chooseCache({ ...choice, mode: 'registry', cacheRef: 'r/cache:x' }).cache).toEqual({
      type: 'registry',
      ref: 'r/cache:x',
    });
    expect(chooseCache({ ...choice, mode: 'none' }).cache).toEqual({ type: 'none' });
  });
});
