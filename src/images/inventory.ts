/**
 * ECR inventory: which repositories a cleanup covers, and every image in them with its tags, push time,
 * size and (for multi-arch indexes and referrers such as signatures) the manifests that belong to it.
 * Reads only: DescribeRepositories, DescribeImages (1000 per page) and BatchGetImage for index manifests.
 */
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  DescribeRepositoriesCommand,
  type ECRClient,
  type ImageDetail,
} from '@aws-sdk/client-ecr';
import { InputError, wrapError } from '../errors.js';
import { chunk } from '../chunk.js';
import type { InventoryImage } from './retention-types.js';
import { compilePattern, isPatternOfMany } from './tag-pattern.js';

/** A repository in scope. */
export interface RepositoryInfo {
  name: string;
  /** `<account>.dkr.ecr.<region>.amazonaws.com/<name>`: how task definitions name its images. */
  uri: string;
  registryId: string;
}

const INDEX_MEDIA_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
]);

/** True for a multi-arch index (OCI image index or Docker manifest list). */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType !== undefined && INDEX_MEDIA_TYPES.has(mediaType);
}

/**
 * The repositories the selectors name: exact names (each must exist), globs or /regex/ (may match
 * none), `*` for every repository. Lists the registry once, 1000 repositories per call.
 */
export async function resolveRepositories(
  ecr: ECRClient,
  selectors: readonly string[],
  inputName = 'repositories',
): Promise<RepositoryInfo[]> {
  const all: RepositoryInfo[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await ecr.send(new DescribeRepositoriesCommand({ maxResults: 1000, nextToken }));
      for (const repository of page.repositories ?? []) {
        all.push({
          name: repository.repositoryName!,
          uri: repository.repositoryUri!,
          registryId: repository.registryId!,
        });
      }
      nextToken = page.nextToken;
    } while (nextToken);
  } catch (error) {
    throw wrapError('listing ECR repositories', error);
  }
  const names = new Set(all.map((repository) => repository.name));
  const missing = selectors.filter((selector) => !isPatternOfMany(selector) && !names.has(selector));
  if (missing.length > 0) {
    throw new InputError(
      inputName,
      `no repository named ${missing.map((name) => `'${name}'`).join(', ')} in this region (${all.length} repositories exist)`,
    );
  }
  const patterns = selectors.map((selector) => compilePattern(selector, 'repository'));
  return all.filter((repository) => patterns.some((pattern) => pattern.test(repository.name)));
}

function toInventoryImage(repository: string, detail: ImageDetail): InventoryImage {
  return {
    repository,
    digest: detail.imageDigest!,
    tags: detail.imageTags ?? [],
    pushedAt: detail.imagePushedAt?.getTime() ?? 0,
    sizeBytes: detail.imageSizeInBytes ?? 0,
    mediaType: detail.imageManifestMediaType,
    children: [],
  };
}

/** Child manifest digests of an index manifest (empty when it is not one or does not parse). */
export function indexChildren(manifest: string | undefined): string[] {
  if (!manifest) return [];
  try {
    const parsed = JSON.parse(manifest) as { manifests?: { digest?: unknown }[] };
    if (!Array.isArray(parsed.manifests)) return [];
    return parsed.manifests
      .map((entry) => entry.digest)
      .filter((digest): digest is string => typeof digest === 'string');
  } catch {
    return [];
  }
}

/** Reads the manifests of the repository's indexes (100 per BatchGetImage) and fills in their children. */
async function fillIndexChildren(
  ecr: ECRClient,
  repository: string,
  images: InventoryImage[],
): Promise<void> {
  const indexes = images.filter((image) => isIndexMediaType(image.mediaType));
  const byDigest = new Map(indexes.map((image) => [image.digest, image]));
  for (const batch of chunk(indexes, 100)) {
    const response = await ecr.send(
      new BatchGetImageCommand({
        repositoryName: repository,
        imageIds: batch.map((image) => ({ imageDigest: image.digest })),
        acceptedMediaTypes: [...INDEX_MEDIA_TYPES],
      }),
    );
    for (const image of response.images ?? []) {
      const index = byDigest.get(image.imageId?.imageDigest ?? '');
      if (index) index.children = indexChildren(image.imageManifest);
    }
    // An index we cannot read could hide children we would then delete: refuse to guess.
    const failure = response.failures?.find((entry) => entry.failureCode !== 'ImageNotFound');
    if (failure) {
      throw new Error(
        `cannot read index ${failure.imageId?.imageDigest}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim(),
      );
    }
  }
}

/** Every image of one repository (DescribeImages, 1000 per page), indexes with their children. */
export async function listRepositoryImages(ecr: ECRClient, repository: string): Promise<InventoryImage[]> {
  const images: InventoryImage[] = [];
  const details: ImageDetail[] = [];
  let nextToken: string | undefined;
  try {
    do {
      const page = await ecr.send(
        new DescribeImagesCommand({ repositoryName: repository, maxResults: 1000, nextToken }),
      );
      for (const detail of page.imageDetails ?? []) {
        details.push(detail);
        images.push(toInventoryImage(repository, detail));
      }
      nextToken = page.nextToken;
    } while (nextToken);
    await fillIndexChildren(ecr, repository, images);
  } catch (error) {
    throw wrapError(`listing images of repository ${repository}`, error);
  }
  // Referrers (signatures, SBOMs, SOCI indexes) belong to their subject: kept and deleted with it.
  const byDigest = new Map(images.map((image) => [image.digest, image]));
  details.forEach((detail, index) => {
    const subject = detail.subjectManifestDigest && byDigest.get(detail.subjectManifestDigest);
    if (subject && subject !== images[index]) subject.children = [...subject.children, images[index].digest];
  });
  return images;
}
