/**
 * The build-push engine: repository → fingerprint → skip when already built (tag the existing digest) →
 * ECR login → `docker buildx build --push` → the digest from buildx's metadata, checked against ECR.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { asMissingPermissions } from '../aws/access-denied.js';
import type { AwsClients } from '../aws/clients.js';
import { wrapError } from '../errors.js';
import type { Logger } from '../logger.js';
import { defaultTags } from '../registry/image-names.js';
import { describeImage } from '../registry/images.js';
import { ensureRepository, type RepositorySettings, type TargetRepository } from '../registry/repository.js';
import { buildxArgs, type BuildCache, type BuildSecret } from './argv.js';
import { builderDriver, chooseCache } from './cache.js';
import { runChecked, type DockerRunner } from './docker.js';
import { loginToEcr } from './ecr-login.js';
import { fingerprint, fingerprintTag } from './fingerprint.js';
import { imageLabels } from './labels.js';
import { digestFromMetadata } from './metadata.js';
import { preflightEcr, TAGS_PART_WAY } from './preflight.js';
import { promoteImage } from './promote.js';
import { sourceTreeHash } from './source-tree.js';

/** What to build. Paths are relative to the workspace. */
export interface BuildRequest {
  context: string;
  file: string;
  target?: string;
  platforms: readonly string[];
  buildArgs: ReadonlyMap<string, string>;
  /** Secret id → value (reaches buildx through the environment). */
  secrets: ReadonlyMap<string, string>;
  /** Secret id → file path. */
  secretFiles: ReadonlyMap<string, string>;
  labels: ReadonlyMap<string, string>;
  /** Explicit tags; empty: the commit SHA and branch or pr-<n>. */
  tags: readonly string[];
  cache: 'auto' | 'gha' | 'registry' | 'none';
  cacheRef?: string;
  noCache: boolean;
  skipIfBuilt: boolean;
}

/** Options of buildAndPush. */
export interface BuildPushOptions {
  /** The action's client set (only ECR is used). */
  clients: AwsClients;
  workspace: string;
  repository: RepositorySettings;
  build: BuildRequest;
  git: { sha?: string; ref?: string; sourceUrl?: string };
  /** Running on GitHub Actions (the default cache is then the Actions cache). */
  onGitHubActions: boolean;
  docker: DockerRunner;
  logger: Logger;
  /** A directory for the metadata file. */
  tempDir: string;
  /** Called after a successful docker login, so the post step can log out. */
  onLogin?: (registry: string) => void;
  signal?: AbortSignal;
}

/** What a build (or a skip) produced. */
export interface BuildPushResult {
  repository: TargetRepository;
  /** `<repositoryUri>@<digest>`. */
  image: string;
  digest: string;
  /** Tags the image carries from this run (without the fingerprint tag). */
  tags: string[];
  fingerprint: string;
  fingerprintTag: string;
  skipped: boolean;
  sizeBytes?: number;
  buildSeconds?: number;
}

/** Fingerprint of the build request: context files, Dockerfile, build args, platforms, target. */
export async function buildFingerprint(workspace: string, build: BuildRequest): Promise<string> {
  const context = await sourceTreeHash(resolve(workspace, build.context));
  const dockerfile = await readFile(resolve(workspace, build.file), 'utf8');
  return fingerprint({
    contextHash: context.hash,
    dockerfile,
    buildArgs: build.buildArgs,
    platforms: build.platforms,
    target: build.target,
  });
}

function chooseTags(options: BuildPushOptions, repository: TargetRepository): string[] {
  if (options.build.tags.length > 0) return [...new Set(options.build.tags)];
  // A branch tag moves with every build; an immutable repository would refuse the second push.
  const immutable = repository.imageTagMutability === 'IMMUTABLE';
  const tags = defaultTags(immutable ? { sha: options.git.sha } : options.git);
  if (tags.length === 0) throw new Error('no tags given and no commit SHA to derive them from');
  return tags;
}

async function skipBuild(
  ecr: ECRClient,
  options: BuildPushOptions,
  context: { repository: TargetRepository; tags: string[]; hash: string; digest: string },
): Promise<BuildPushResult> {
  const { repository, tags, hash, digest } = context;
  options.logger.info(
    `${repository.repositoryName} already holds fingerprint ${hash} as ${digest}: skipping the build`,
  );
  const promotion = await promoteImage(ecr, {
    source: { repositoryName: repository.repositoryName, imageId: { imageDigest: digest } },
    target: {
      repositoryName: repository.repositoryName,
      immutable: repository.imageTagMutability === 'IMMUTABLE',
    },
    tags,
  }).catch((error: unknown) => {
    throw asMissingPermissions('build-push', error, TAGS_PART_WAY, 'ecr:PutImage');
  });
  for (const moved of promotion.moved)
    options.logger.info(`moved tag ${moved.tag} from ${moved.existingDigest}`);
  const detail = await describeImage(
    ecr,
    { repositoryName: repository.repositoryName },
    { imageDigest: digest },
  );
  return {
    repository,
    image: `${repository.repositoryUri}@${digest}`,
    digest,
    tags,
    fingerprint: hash,
    fingerprintTag: fingerprintTag(hash),
    skipped: true,
    sizeBytes: detail?.imageSizeInBytes,
  };
}

/** The layer cache for this build, chosen by the cache mode and what the builder's driver can export. */
function cacheFor(
  options: BuildPushOptions,
  repository: TargetRepository,
  driver: string | undefined,
): BuildCache {
  const mode = options.build.cache;
  const { cache, note } = chooseCache({
    mode,
    onGitHubActions: options.onGitHubActions,
    driver,
    repositoryName: repository.repositoryName,
    repositoryUri: repository.repositoryUri,
    cacheRef: options.build.cacheRef,
  });
  if (note) options.logger.info(note);
  return cache;
}

function secretsFor(build: BuildRequest): { secrets: BuildSecret[]; env: Record<string, string> } {
  const secrets: BuildSecret[] = [];
  const env: Record<string, string> = {};
  let index = 0;
  for (const [id, value] of build.secrets) {
    const name = `ECS_KIT_BUILD_SECRET_${++index}`;
    env[name] = value;
    secrets.push({ id, env: name });
  }
  for (const [id, src] of build.secretFiles) secrets.push({ id, src });
  return { secrets, env };
}

/**
 * A docker login to the account's registry that happens at most once, on first use: a run that only skips
 * never logs in, and a set of images built in one step shares one login.
 */
export function registryLogin(
  ecr: ECRClient,
  options: Pick<BuildPushOptions, 'docker' | 'logger' | 'onLogin'>,
): () => Promise<string> {
  let registry: Promise<string> | undefined;
  return () => {
    registry ??= options.logger.group('Login', async () => {
      const host = await loginToEcr({
        ecr,
        docker: options.docker,
        logger: options.logger,
        onLogin: options.onLogin,
      });
      options.logger.info(`logged in to ${host}`);
      return host;
    });
    return registry;
  };
}

/** Runs `docker buildx build --push` and returns the digest from its metadata file. */
async function buildImage(
  options: BuildPushOptions,
  context: { repository: TargetRepository; tags: string[]; fpTag: string; title: string },
): Promise<{ digest: string; buildSeconds: number }> {
  const { build, logger } = options;
  const { repository, tags, fpTag } = context;
  const started = Date.now();
  const metadataFile = join(options.tempDir, `build-push-metadata-${process.pid}-${started}.json`);
  const { secrets, env } = secretsFor(build);
  // On an immutable repository a rebuild of the same source (skip-if-built off) could not re-point the tag.
  const withFingerprint = build.skipIfBuilt || repository.imageTagMutability !== 'IMMUTABLE';
  // One `buildx inspect` serves both choices that depend on the builder: the cache and the attestations.
  const driver = await builderDriver(options.docker);
  const args = buildxArgs({
    context: build.context,
    file: build.file,
    target: build.target,
    platforms: build.platforms,
    buildArgs: build.buildArgs,
    secrets,
    labels: imageLabels(
      { sourceUrl: options.git.sourceUrl, revision: options.git.sha, created: new Date(started) },
      build.labels,
    ),
    tags: [...tags, ...(withFingerprint ? [fpTag] : [])].map((tag) => `${repository.repositoryUri}:${tag}`),
    cache: cacheFor(options, repository, driver),
    driver,
    metadataFile,
    push: true,
    noCache: build.noCache,
  });
  await logger.group(`Build and push${context.title}`, async () => {
    logger.info(`docker ${args.join(' ')}`);
    await runChecked(options.docker, args, {
      what: 'docker buildx build',
      env,
      cwd: options.workspace,
      signal: options.signal,
    });
  });
  const buildSeconds = (Date.now() - started) / 1000;
  try {
    return { digest: digestFromMetadata(await readFile(metadataFile, 'utf8')), buildSeconds };
  } catch (error) {
    throw wrapError('reading the digest buildx pushed', error);
  } finally {
    await rm(metadataFile, { force: true });
  }
}

/** Finds the repository the image goes to, or creates it when the settings allow. */
export async function targetRepository(
  ecr: ECRClient,
  settings: RepositorySettings,
  logger: Logger,
): Promise<TargetRepository> {
  // The first change a build makes: denied, it changed nothing (the preflight read everything before it).
  const found = await ensureRepository(ecr, settings).catch((error: unknown) => {
    throw asMissingPermissions('build-push', error, 'nothing was changed', 'ecr:CreateRepository');
  });
  logger.info(
    `${found.created ? 'created' : 'using'} ${found.repositoryUri} (tags ${found.imageTagMutability})`,
  );
  return found;
}

/** Where pushImage puts the image and what it already knows about it. */
export interface PushTarget {
  repository: TargetRepository;
  /** The source fingerprint (buildFingerprint). */
  hash: string;
  /** Logs docker in to the registry (registryLogin: once per step). */
  login: () => Promise<string>;
  /** Names the image in the log groups when a step pushes several (` proxy`); empty for one. */
  title?: string;
}

/**
 * Skips the build when the repository already holds the fingerprint (the existing image gets the tags),
 * else builds, pushes and checks the digest buildx reports against ECR.
 */
export async function pushImage(options: BuildPushOptions, target: PushTarget): Promise<BuildPushResult> {
  const { logger, build } = options;
  const { ecr } = options.clients;
  const { repository, hash } = target;
  const title = target.title ?? '';
  const tags = chooseTags(options, repository);
  const location = { repositoryName: repository.repositoryName };
  const fpTag = fingerprintTag(hash);
  if (build.skipIfBuilt) {
    const existing = await describeImage(ecr, location, { imageTag: fpTag });
    if (existing?.imageDigest) {
      return logger.group(`Skip${title}`, () =>
        skipBuild(ecr, options, { repository, tags, hash, digest: existing.imageDigest! }),
      );
    }
  }
  await target.login();
  const { digest, buildSeconds } = await buildImage(options, { repository, tags, fpTag, title });
  const detail = await describeImage(ecr, location, { imageDigest: digest });
  logger.debug(`DescribeImages ${digest}: ${JSON.stringify(detail)}`);
  if (!detail)
    throw new Error(`buildx reported digest ${digest}, but ${repository.repositoryName} does not hold it`);
  const missing = tags.filter((tag) => !(detail.imageTags ?? []).includes(tag));
  if (missing.length > 0) logger.warning(`${digest} is not tagged ${missing.join(', ')} in ECR`);
  return {
    repository,
    image: `${repository.repositoryUri}@${digest}`,
    digest,
    tags,
    fingerprint: hash,
    fingerprintTag: fpTag,
    skipped: false,
    sizeBytes: detail.imageSizeInBytes,
    buildSeconds,
  };
}

/**
 * The reads a build makes after its first change, made before it: the repository, a registry token and
 * the fingerprint lookup. Throws MissingPermissionsError (nothing changed).
 */
export function preflightBuild(
  ecr: ECRClient,
  options: Pick<BuildPushOptions, 'repository' | 'build'>,
  hash: string,
): Promise<void> {
  return preflightEcr(ecr, {
    repositoryName: options.repository.repositoryName,
    fingerprintTag: options.build.skipIfBuilt ? fingerprintTag(hash) : undefined,
    login: true,
  });
}

/** Builds and pushes the image, unless the repository already holds its fingerprint. */
export async function buildAndPush(options: BuildPushOptions): Promise<BuildPushResult> {
  const { logger, build } = options;
  const hash = await logger.group('Fingerprint', async () => {
    const value = await buildFingerprint(options.workspace, build);
    logger.info(`fingerprint ${value}`);
    return value;
  });
  const { ecr } = options.clients;
  await logger.group('Preflight', () => preflightBuild(ecr, options, hash));
  const repository = await logger.group('Repository', () =>
    targetRepository(ecr, options.repository, logger),
  );
  return pushImage(options, { repository, hash, login: registryLogin(ecr, options) });
}
