/** ECR repository/tag rules, default tags from git refs, platforms and image references. */
import fc from 'fast-check';
import {
  defaultTags,
  refTag,
  repositoryNameProblem,
  sanitiseTag,
  tagProblem,
} from '../../src/registry/image-names.js';
import { platformProblem } from '../../src/build/platforms.js';
import { parseEcrImageReference } from '../../src/registry/reference.js';

test('repository names follow ECR rules', () => {
  for (const good of ['shop', 'team/shop-web', 'a1/b.c/d_e', 'ab'])
    expect(repositoryNameProblem(good)).toBeUndefined();
  for (const bad of ['Shop', 'a', 'shop-', '-shop', 'shop//web', 'shop web', 'x'.repeat(257), 'shop/']) {
    expect([bad, repositoryNameProblem(bad)]).toEqual([bad, expect.any(String)]);
  }
});

test('tags follow the docker reference grammar', () => {
  for (const good of ['v1', 'latest', '0123abc', '_x', 'v1.2.3-rc.1', 'A'.repeat(128)])
    expect(tagProblem(good)).toBeUndefined();
  for (const bad of ['', '-v1', '.v1', 'v1/x', 'v 1', 'a'.repeat(129), 'ä']) {
    expect([bad, tagProblem(bad)]).toEqual([bad, expect.any(String)]);
  }
});

test('default tags: commit SHA plus sanitised branch, pr-<n> or git tag', () => {
  const sha = '0123456789abcdef0123456789abcdef01234567';
  expect(defaultTags({ sha, ref: 'refs/heads/main' })).toEqual([sha, 'main']);
  expect(defaultTags({ sha, ref: 'refs/heads/feature/Login_Page' })).toEqual([sha, 'feature-login_page']);
  expect(defaultTags({ sha, ref: 'refs/pull/42/merge' })).toEqual([sha, 'pr-42']);
  expect(defaultTags({ sha, ref: 'refs/tags/v1.2.3' })).toEqual([sha, 'v1.2.3']);
  expect(defaultTags({ sha })).toEqual([sha]);
  expect(refTag('refs/heads/--..')).toBeUndefined();
});

test('a sanitised branch is always a valid tag (or empty)', () => {
  fc.assert(
    fc.property(fc.string({ maxLength: 300 }), (branch) => {
      const tag = sanitiseTag(branch);
      expect(tag === '' || tagProblem(tag) === undefined).toBe(true);
    }),
  );
});

test('platforms buildx builds for', () => {
  for (const good of ['linux/amd64', 'linux/arm64', 'linux/arm/v7', 'linux/arm64/v8', 'windows/amd64']) {
    expect(platformProblem(good)).toBeUndefined();
  }
  expect(platformProblem('linux')).toMatch(/os\/arch/);
  expect(platformProblem('linux/amd46')).toMatch(/unknown architecture 'amd46'/);
  expect(platformProblem('darwin/arm64')).toMatch(/unknown operating system 'darwin'/);
  expect(platformProblem('linux/arm/v9')).toMatch(/unknown variant 'v9'/);
  expect(platformProblem('linux/amd64/v2/x')).toMatch(/os\/arch/);
});

test('image references: repo:tag, repo@digest, ECR URIs', () => {
  const digest = `sha256:${'a'.repeat(64)}`;
  expect(parseEcrImageReference('shop:v1')).toEqual({ repository: 'shop', tag: 'v1' });
  expect(parseEcrImageReference(`team/shop@${digest}`)).toEqual({ repository: 'team/shop', digest });
  expect(parseEcrImageReference(`210987654321.dkr.ecr.eu-west-1.amazonaws.com/shop:v2@${digest}`)).toEqual({
    registryId: '210987654321',
    region: 'eu-west-1',
    repository: 'shop',
    tag: 'v2',
    digest,
  });
  expect(() => parseEcrImageReference('shop')).toThrow(/no tag or digest/);
  expect(() => parseEcrImageReference('docker.io/library/nginx:1')).toThrow(/not an ECR registry host/);
  expect(() => parseEcrImageReference('shop@sha256:abc')).toThrow(/not a sha256 digest/);
  expect(() => parseEcrImageReference('Shop:v1')).toThrow(/repository 'Shop'/);
});
