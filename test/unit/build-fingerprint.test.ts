/**
 * Source fingerprints over real git work trees: stable for the same files whatever the commit, sensitive
 * to any change in the context (committed or not), the Dockerfile, build args, platforms and target.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFingerprint, type BuildRequest } from '../../src/build/build-push.js';
import { fingerprint, fingerprintTag } from '../../src/build/fingerprint.js';
import { digestFromMetadata } from '../../src/build/metadata.js';
import { sourceTreeHash } from '../../src/build/source-tree.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.email=ci@example.com', '-c', 'user.name=ci', ...args], {
    cwd,
    encoding: 'utf8',
  });
}

/** A git repository with app/ (the context: Dockerfile, server.js), docs/ outside it, and a .gitignore. */
function workspace(message = 'initial'): string {
  const dir = mkdtempSync(join(tmpdir(), 'bp-fp-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'app'));
  mkdirSync(join(dir, 'docs'));
  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM scratch\nCOPY server.js /\n');
  writeFileSync(join(dir, 'app', 'server.js'), 'console.log("hi")\n');
  writeFileSync(join(dir, 'docs', 'README.md'), '# docs\n');
  writeFileSync(join(dir, '.gitignore'), 'app/build/\n');
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '-m', message);
  return dir;
}

const request: BuildRequest = {
  context: 'app',
  file: 'app/Dockerfile',
  platforms: ['linux/amd64'],
  buildArgs: new Map([['MODE', 'prod']]),
  secrets: new Map(),
  secretFiles: new Map(),
  labels: new Map(),
  tags: [],
  cache: 'none',
  noCache: false,
  skipIfBuilt: true,
};

test('same files, different commits and checkouts: same fingerprint', async () => {
  const first = workspace('one');
  const second = workspace('a different commit message');
  expect(git(first, 'rev-parse', 'HEAD')).not.toEqual(git(second, 'rev-parse', 'HEAD'));
  const hash = await buildFingerprint(first, request);
  expect(hash).toMatch(/^[0-9a-f]{64}$/);
  expect(await buildFingerprint(second, request)).toBe(hash);
  expect((await sourceTreeHash(join(first, 'app'))).method).toBe('git');
});

test('uncommitted, staged, untracked and deleted files count; ignored files and files outside the context do not', async () => {
  const dir = workspace();
  const clean = await buildFingerprint(dir, request);
  writeFileSync(join(dir, 'app', 'server.js'), 'console.log("changed")\n');
  const dirty = await buildFingerprint(dir, request);
  expect(dirty).not.toBe(clean);
  git(dir, 'add', 'app/server.js');
  expect(await buildFingerprint(dir, request)).toBe(dirty);
  writeFileSync(join(dir, 'app', 'server.js'), 'console.log("hi")\n');
  expect(await buildFingerprint(dir, request)).toBe(clean);
  git(dir, 'add', 'app/server.js');

  writeFileSync(join(dir, 'app', 'extra.txt'), 'untracked\n');
  const untracked = await buildFingerprint(dir, request);
  expect(untracked).not.toBe(clean);
  unlinkSync(join(dir, 'app', 'extra.txt'));

  mkdirSync(join(dir, 'app', 'build'));
  writeFileSync(join(dir, 'app', 'build', 'out.js'), 'ignored\n');
  writeFileSync(join(dir, 'docs', 'README.md'), '# changed docs\n');
  expect(await buildFingerprint(dir, request)).toBe(clean);

  unlinkSync(join(dir, 'app', 'server.js'));
  expect(await buildFingerprint(dir, request)).not.toBe(clean);
});

test('the executable bit counts', async () => {
  const dir = workspace();
  const clean = await buildFingerprint(dir, request);
  execFileSync('chmod', ['+x', join(dir, 'app', 'server.js')]);
  expect(await buildFingerprint(dir, request)).not.toBe(clean);
});

test('Dockerfile, build args, platforms and target change it; their order does not', async () => {
  const dir = workspace();
  const base = await buildFingerprint(dir, request);
  const variants = [
    { ...request, buildArgs: new Map([['MODE', 'dev']]) },
    { ...request, buildArgs: new Map([...request.buildArgs, ['EXTRA', '1']]) },
    { ...request, platforms: ['linux/arm64'] },
    { ...request, platforms: ['linux/amd64', 'linux/arm64'] },
    { ...request, target: 'runtime' },
  ];
  const hashes = await Promise.all(variants.map((variant) => buildFingerprint(dir, variant)));
  expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);

  const swapped = fingerprint({
    contextHash: 'c',
    dockerfile: 'FROM scratch',
    buildArgs: new Map([
      ['B', '2'],
      ['A', '1'],
    ]),
    platforms: ['linux/arm64', 'linux/amd64'],
  });
  expect(
    fingerprint({
      contextHash: 'c',
      dockerfile: 'FROM scratch',
      buildArgs: new Map([
        ['A', '1'],
        ['B', '2'],
      ]),
      platforms: ['linux/amd64', 'linux/arm64'],
    }),
  ).toBe(swapped);

  writeFileSync(join(dir, 'app', 'Dockerfile'), 'FROM scratch\nCOPY server.js /srv/\n');
  expect(await buildFingerprint(dir, request)).not.toBe(base);
});

test('a Dockerfile outside the context is part of it', async () => {
  const dir = workspace();
  writeFileSync(join(dir, 'docs', 'Dockerfile'), 'FROM scratch\n');
  const outside = { ...request, file: 'docs/Dockerfile' };
  const before = await buildFingerprint(dir, outside);
  writeFileSync(join(dir, 'docs', 'Dockerfile'), 'FROM scratch\nLABEL x=y\n');
  expect(await buildFingerprint(dir, outside)).not.toBe(before);
});

test('outside a git checkout every file is hashed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'bp-fp-plain-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'Dockerfile'), 'FROM scratch\n');
  writeFileSync(join(dir, 'a.txt'), 'a\n');
  const first = await sourceTreeHash(dir);
  expect(first).toMatchObject({ method: 'files', files: 2 });
  expect((await sourceTreeHash(dir)).hash).toBe(first.hash);
  writeFileSync(join(dir, 'a.txt'), 'b\n');
  expect((await sourceTreeHash(dir)).hash).not.toBe(first.hash);
});

test('fingerprint tag and buildx metadata', () => {
  expect(fingerprintTag('ab'.repeat(32))).toBe(`fp-${'ab'.repeat(32)}`);
  const digest = `sha256:${'c'.repeat(64)}`;
  expect(digestFromMetadata(JSON.stringify({ 'containerimage.digest': digest, 'image.name': 'x' }))).toBe(
    digest,
  );
  expect(() => digestFromMetadata('{}')).toThrow(/no containerimage.digest/);
  expect(() => digestFromMetadata('not json')).toThrow(/not JSON/);
});
