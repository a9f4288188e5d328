/**
 * Promotion mode of build-push: the target repository (created when allowed), then the source image's
 * manifest written under the new tags. Nothing is built; docker is only needed when ECR lacks the layers
 * in the target repository and the image has to be copied through the registry.
 */
import type { ECRClient } from '@aws-sdk/client-ecr';
import { asMissingPermissions } from '../aws/access-denied.js';
import type { AwsClients } from '../aws/clients.js';
import type { Logger } from '../logger.js';
import { describeImage } from '../registry/images.js';
import type { EcrImageReference } from '../registry/reference.js';
import {
  describeRepository,
  ensureRepository,
  type RepositorySettings,
  type TargetRepository,
} from '../registry/repository.js';
import { runChecked, type DockerRunner } from './docker.js';
import { loginToEcr } from './ecr-login.js';
import { preflightEcr, TAGS_PART_WAY } from './preflight.js';
import { applyPromotion, checkPromotion, type CheckedPromotion, type PromotionResult } from './promote.js';

/** Options of runPromotion. */
export interface PromotionRunOptions {
  /** The action's client set (only ECR is used). */
  clients: AwsClients;
  source: EcrImageReference;
  repository: RepositorySettings;
  tags: readonly string[];
  docker: DockerRunner;
  logger: Logger;
  onLogin?: (registry: string) => void;
}

/** What a promotion produced. */
export interface PromotionRunResult {
  repository: TargetRepository;
  image: string;
  digest: string;
  tags: string[];
  sizeBytes?: number;
  promotion: PromotionResult;
  /** The source as `repo@digest`. */
  source: string;
}

async function copier(ecr: ECRClient, options: PromotionRunOptions, target: TargetRepository) {
  let loggedIn = false;
  return async (digest: string, tag: string) => {
    const source = await describeRepository(ecr, options.source.repository, options.source.registryId);
    if (!source?.repositoryUri) throw new Error(`source repository ${options.source.repository} not found`);
    if (!loggedIn) {
      await loginToEcr({ ecr, docker: options.docker, logger: options.logger, onLogin: options.onLogin });
      loggedIn = true;
    }
    options.logger.info(
      `ECR lacks the layers in ${target.repositoryName}: copying ${digest} through the registry`,
    );
    await runChecked(
      options.docker,
      [
        'buildx',
        'imagetools',
        'create',
        '--tag',
        `${target.repositoryUri}:${tag}`,
        `${source.repositoryUri}@${digest}`,
      ],
      { what: 'docker buildx imagetools create' },
    );
  };
}

/** Where a promotion writes: the target repository, created first when the settings allow. */
export function promotionTarget(ecr: ECRClient, options: PromotionRunOptions): Promise<TargetRepository> {
  // The first change a promotion makes: denied, it changed nothing (the preflight read before it).
  return ensureRepository(ecr, options.repository).catch((error: unknown) => {
    throw asMissingPermissions('build-push', error, 'nothing was changed', 'ecr:CreateRepository');
  });
}

/** The image a promotion tags, as ECR addresses it. */
function promotionSource(options: PromotionRunOptions) {
  return {
    repositoryName: options.source.repository,
    registryId: options.source.registryId,
    imageId: options.source.digest
      ? { imageDigest: options.source.digest }
      : { imageTag: options.source.tag },
  };
}

function promoteOptions(options: PromotionRunOptions, target: TargetRepository) {
  return {
    source: promotionSource(options),
    target: { repositoryName: target.repositoryName, immutable: target.imageTagMutability === 'IMMUTABLE' },
    tags: options.tags,
  };
}

/** Checks a promotion into `target` without writing (see checkPromotion). */
export function checkPromotionInto(
  ecr: ECRClient,
  options: PromotionRunOptions,
  target: TargetRepository,
): Promise<CheckedPromotion> {
  return checkPromotion(ecr, promoteOptions(options, target));
}

/** Writes a checked promotion into `target` and reports it. */
export async function finishPromotion(
  options: PromotionRunOptions,
  target: TargetRepository,
  checked: CheckedPromotion,
): Promise<PromotionRunResult> {
  const { ecr } = options.clients;
  const promotion = await applyPromotion(ecr, checked, {
    ...promoteOptions(options, target),
    copyThroughRegistry: await copier(ecr, options, target),
  }).catch((error: unknown) => {
    throw asMissingPermissions('build-push', error, TAGS_PART_WAY, 'ecr:PutImage');
  });
  for (const tag of promotion.put)
    options.logger.info(`tagged ${promotion.digest} as ${target.repositoryName}:${tag}`);
  for (const tag of promotion.unchanged)
    options.logger.info(`${target.repositoryName}:${tag} already is ${promotion.digest}`);
  const detail = await describeImage(
    ecr,
    { repositoryName: target.repositoryName },
    { imageDigest: promotion.digest },
  );
  return {
    repository: target,
    image: `${target.repositoryUri}@${promotion.digest}`,
    digest: promotion.digest,
    tags: [...new Set(options.tags)],
    sizeBytes: detail?.imageSizeInBytes,
    promotion,
    source: `${options.source.repository}@${promotion.digest}`,
  };
}

/**
 * The reads a promotion makes after its first change, made before it: the source image (which must exist)
 * and the target repository. Throws MissingPermissionsError (nothing changed) or a missing source.
 */
export function preflightPromotion(ecr: ECRClient, options: PromotionRunOptions): Promise<void> {
  const source = promotionSource(options);
  return preflightEcr(ecr, {
    repositoryName: options.repository.repositoryName,
    login: false,
    source,
    targetImage: source.imageId,
  });
}

/** Adds tags to an existing image, in its own or another repository. */
export async function runPromotion(options: PromotionRunOptions): Promise<PromotionRunResult> {
  const { ecr } = options.clients;
  await options.logger.group('Preflight', () => preflightPromotion(ecr, options));
  const target = await options.logger.group('Repository', () => promotionTarget(ecr, options));
  return options.logger.group('Promote', async () =>
    finishPromotion(options, target, await checkPromotionInto(ecr, options, target)),
  );
}
