/**
 * Before a deployment changes anything: every ECR-hosted image it is about to deploy exists, by tag or
 * by digest, in the image's own account and region. A typo'd repository or an unpushed tag would
 * otherwise be registered and rolled out, and fail minutes later as CannotPullContainerError.
 */
import {
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import { ecrClient } from '../aws/clients.js';
import { denialOf } from '../aws/access-denied.js';
import { awsErrorName, errorMessage, wrapError } from '../errors.js';
import type { Logger } from '../logger.js';
import { nearestNames } from './nearest.js';
import { parseEcrImageReference, type EcrImageReference } from './reference.js';

const ECR_HOST = /^\d{12}\.dkr\.ecr(?:-fips)?\.[a-z0-9-]+\.amazonaws\.com(?:\.cn)?\//;
/** Pages read to list a repository's tags or a registry's repositories for the message (1000 each). */
const LIST_PAGES = 5;

/** What the check needs: the action's ECR client (its region) and where to log. */
export interface ImageExistenceOptions {
  ecr: ECRClient;
  logger: Logger;
  /** Image references as the task definition holds them. */
  images: readonly string[];
}

/** One ECR image that is not there, with what does exist nearby. */
export interface MissingImage {
  image: string;
  message: string;
}

/**
 * Checks every ECR-hosted image; throws one error naming each absent image (repository and tag or digest,
 * with the nearest tags or repositories that exist). Other registries are skipped with a debug line.
 * AWS errors other than "not found" (AccessDenied included) propagate as the SDK raised them; a failed
 * listing of what exists only shortens the message.
 */
export async function checkImagesExist(options: ImageExistenceOptions): Promise<void> {
  const ownRegion = await options.ecr.config.region();
  const foreign = new Map<string, ECRClient>();
  const clientFor = async (region: string | undefined): Promise<ECRClient> => {
    if (!region || region === ownRegion) return options.ecr;
    // An image in another region is read there: the same credentials, a client for its region.
    if (!foreign.has(region)) foreign.set(region, await ecrClient({ region }));
    return foreign.get(region)!;
  };
  const missing: MissingImage[] = [];
  try {
    for (const image of new Set(options.images)) {
      if (!ECR_HOST.test(image)) {
        options.logger.debug(`image ${image}: not in ECR, its existence is not checked`);
        continue;
      }
      const reference = ecrReference(image);
      const problem = await findProblem(await clientFor(reference.region), reference);
      if (problem) missing.push({ image, message: problem });
      else options.logger.debug(`image ${image}: found in ECR`);
    }
  } finally {
    for (const client of foreign.values()) client.destroy();
  }
  if (missing.length > 0)
    throw new Error(
      missing.map((entry) => `image ${entry.image} does not exist: ${entry.message}`).join('; '),
    );
}

/**
 * checkImagesExist as a deploying action runs it: an absent image fails; a role without ECR reads (the
 * official deploy action's) gets a warning naming the permission instead, since the check is a guard and
 * not a read any later phase needs.
 */
export async function checkImagesOrWarn(action: string, options: ImageExistenceOptions): Promise<void> {
  try {
    await checkImagesExist(options);
  } catch (error) {
    const denial = denialOf(error, 'ecr:DescribeImages');
    if (!denial) throw error;
    options.logger.warning(
      `could not check that the images exist (missing permission ${denial.permission}): grant it so that ${action} refuses an absent image before changing anything`,
    );
  }
}

/** The reference, with Docker's implied `latest` when it names neither tag nor digest. */
function ecrReference(image: string): EcrImageReference {
  const lastPart = image.slice(image.lastIndexOf('/') + 1);
  const named = lastPart.includes(':') || lastPart.includes('@');
  return parseEcrImageReference(named ? image : `${image}:latest`);
}

/** Why the image cannot be pulled (absent repository, tag or digest), or undefined when it exists. */
async function findProblem(ecr: ECRClient, reference: EcrImageReference): Promise<string | undefined> {
  const imageId: ImageIdentifier = reference.digest
    ? { imageDigest: reference.digest }
    : { imageTag: reference.tag };
  const location = { repositoryName: reference.repository, registryId: reference.registryId };
  try {
    await ecr.send(new DescribeImagesCommand({ ...location, imageIds: [imageId] }));
    return undefined;
  } catch (error) {
    const name = awsErrorName(error);
    if (name === 'RepositoryNotFoundException') return repositoryProblem(ecr, reference);
    if (name === 'ImageNotFoundException') return imageProblem(ecr, reference);
    // As the SDK raised it (AccessDeniedException included): its message names the action and resource,
    // and the caller can tell an AWS error by its name.
    throw error;
  }
}

async function repositoryProblem(ecr: ECRClient, reference: EcrImageReference): Promise<string> {
  const where = `registry ${reference.registryId ?? 'default'}${reference.region ? ` (${reference.region})` : ''}`;
  const absent = `repository ${reference.repository} does not exist in ${where}`;
  const names = await repositoryNames(ecr, reference).catch((error: unknown) => errorMessage(error));
  if (typeof names === 'string') return `${absent} (listing its repositories failed: ${names})`;
  const existing = nearestNames(reference.repository, names, 10);
  return `${absent}; ${existing.length > 0 ? `repositories there: ${existing.join(', ')}` : 'it has no repositories'}`;
}

/** Up to LIST_PAGES pages of the registry's repository names. */
async function repositoryNames(ecr: ECRClient, reference: EcrImageReference): Promise<string[]> {
  const names: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < LIST_PAGES; page++) {
    const response = await ecr
      .send(
        new DescribeRepositoriesCommand({ registryId: reference.registryId, maxResults: 1000, nextToken }),
      )
      .catch((error: unknown) => {
        throw wrapError(`listing the repositories of registry ${reference.registryId ?? 'default'}`, error);
      });
    names.push(...(response.repositories ?? []).flatMap((repository) => repository.repositoryName ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return names;
}

async function imageProblem(ecr: ECRClient, reference: EcrImageReference): Promise<string> {
  const what = reference.digest ? `digest ${reference.digest}` : `tag ${reference.tag}`;
  const absent = `repository ${reference.repository} has no ${what}`;
  const tags = await repositoryTags(ecr, reference).catch((error: unknown) => errorMessage(error));
  if (typeof tags === 'string') return `${absent} (listing its tags failed: ${tags})`;
  const nearest = nearestNames(reference.tag ?? '', tags, 3);
  return `${absent}; ${nearest.length > 0 ? `nearest tags: ${nearest.join(', ')}` : 'it holds no tagged images'}`;
}

/** Up to LIST_PAGES pages of the repository's tags. */
async function repositoryTags(ecr: ECRClient, reference: EcrImageReference): Promise<string[]> {
  const tags: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < LIST_PAGES; page++) {
    const response = await ecr
      .send(
        new DescribeImagesCommand({
          repositoryName: reference.repository,
          registryId: reference.registryId,
          maxResults: 1000,
          nextToken,
        }),
      )
      .catch((error: unknown) => {
        throw wrapError(`listing the tags of repository ${reference.repository}`, error);
      });
    tags.push(...(response.imageDetails ?? []).flatMap((detail) => detail.imageTags ?? []));
    nextToken = response.nextToken;
    if (!nextToken) break;
  }
  return tags;
}
