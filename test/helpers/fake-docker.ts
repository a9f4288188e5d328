/**
 * A fake `docker` for running build-push as a process: it records every call (a build with its context's
 * files and their sha256, so a test sees what the build was given), answers `login`, `logout`
 * and `buildx inspect`, and for `buildx build --push` stores a manifest in the simulated ECR (through the
 * simulator's control API, as a push would) and writes the metadata file buildx writes.
 */
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The fake docker's source (an ES module run by node). */
export const FAKE_DOCKER = `
import { appendFileSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
const argv = process.argv.slice(2);
const stdin = argv[0] === 'login' ? readFileSync(0, 'utf8') : '';
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => name.startsWith('ECS_KIT_BUILD_SECRET_')));
// A build records its context as it found it: each file (outside .git) with its content's sha256.
const contextOf = (dir) => Object.fromEntries(
  readdirSync(dir, { recursive: true })
    .filter((path) => path !== '.git' && !path.startsWith('.git/') && statSync(join(dir, path)).isFile())
    .sort()
    .map((path) => [path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex')]),
);
const building = argv[0] === 'buildx' && argv[1] === 'build';
const context = building ? contextOf(argv.at(-1)) : undefined;
appendFileSync(process.env.FAKE_DOCKER_LOG, JSON.stringify({ argv, stdin, env, context }) + '\\n');
if (argv[0] === 'login') { console.log('Login Succeeded'); process.exit(0); }
if (argv[0] === 'logout') process.exit(0);
if (argv[0] === 'buildx' && argv[1] === 'inspect') { console.log('Name: ci\\nDriver: ' + (process.env.FAKE_DOCKER_DRIVER ?? 'docker-container')); process.exit(0); }
if (argv[0] === 'buildx' && argv[1] === 'build') {
  if (process.env.FAKE_DOCKER_SLEEP) { console.log('building slowly'); await new Promise((resolve) => setTimeout(resolve, 30000)); }
  if (process.env.FAKE_DOCKER_FAIL) { console.error('ERROR: failed to solve: process did not complete'); process.exit(1); }
  const value = (flag) => argv.flatMap((arg, i) => (argv[i - 1] === flag ? [arg] : []));
  const tags = value('--tag');
  // A manifest unique to this argv (labels carry the creation time), like a real build.
  const salt = createHash('sha256').update(argv.join(' ')).digest('hex');
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', size: 1000, digest: 'sha256:' + salt },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', size: 4000000, digest: 'sha256:' + createHash('sha256').update(salt).digest('hex') }],
  });
  const [repository] = tags[0].replace(/^[^/]+\\//, '').split(':');
  const response = await fetch(process.env.AWS_ENDPOINT_URL + '/_sim/seed', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ repositories: [{ name: repository, images: [{ tags: tags.map((tag) => tag.split(':').pop()), manifest, mediaType: 'application/vnd.oci.image.manifest.v1+json' }] }] }),
  });
  if (!response.ok) { console.error('push failed: ' + (await response.text())); process.exit(1); }
  const digest = 'sha256:' + createHash('sha256').update(manifest).digest('hex');
  writeFileSync(value('--metadata-file')[0], JSON.stringify({ 'containerimage.digest': digest, 'image.name': tags.join(',') }));
  console.log('pushed ' + digest);
  process.exit(0);
}
if (argv[0] === 'buildx' && argv[1] === 'imagetools') process.exit(0);
console.error('fake docker: unsupported ' + argv.join(' '));
process.exit(1);
`;

/** Where the fake docker was installed, and the environment that puts it first on PATH. */
export interface FakeDocker {
  bin: string;
  log: string;
  env: Record<string, string>;
}

/** Installs the fake docker under `scratch`. */
export function installFakeDocker(scratch: string): FakeDocker {
  const bin = join(scratch, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'fake-docker.mjs'), FAKE_DOCKER);
  writeFileSync(
    join(bin, 'docker'),
    `#!/bin/sh\nexec "${process.execPath}" "${join(bin, 'fake-docker.mjs')}" "$@"\n`,
  );
  chmodSync(join(bin, 'docker'), 0o755);
  const log = join(scratch, 'docker.log');
  writeFileSync(log, '');
  return { bin, log, env: { PATH: `${bin}:${process.env.PATH}`, FAKE_DOCKER_LOG: log } };
}
