/**
 * ECR image operations: DescribeImages, ListImages, BatchGetImage, PutImage, BatchDeleteImage.
 * Image ids resolve by digest or tag; batch operations report per-id failures with ECR's failure codes.
 */
import { SimError, invalidParameter } from '../errors.js';
import type { Handler } from '../protocol/handler.js';
import { DOCKER_MANIFEST, isDigest, isIndexMediaType, manifestDigest, readManifest } from './manifest.js';
import type { EcrStore } from './store.js';
import { decodeToken, encodeToken, readMaxResults, type PagePosition } from './paging.js';
import type { EcrRepository, StoredImage } from './repository.js';

/** An image id as the API carries it. */
interface ImageId {
  imageDigest?: string;
  imageTag?: string;
}

/** A per-id failure as BatchGetImage / BatchDeleteImage report it. */
interface ImageFailure {
  imageId: ImageId;
  failureCode: string;
  failureReason: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,299}$/;
const TAG_STATUS = ['TAGGED', 'UNTAGGED', 'ANY'];
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

function readImageIds(value: unknown, operation: string, max: number): ImageId[] {
  if (!Array.isArray(value) || value.length < 1 || value.length > max) {
    throw invalidParameter(
      `Invalid parameter at 'imageIds' failed to satisfy constraint: 'Member must have length between 1 and ${max}' (${operation})`,
    );
  }
  return value.map((id: ImageId | null) => ({ imageDigest: id?.imageDigest, imageTag: id?.imageTag }));
}

/** Resolves an id to an image, or says why it cannot (ECR's ImageFailureCode values). */
function resolve(repository: EcrRepository, id: ImageId): { image: StoredImage } | ImageFailure {
  const fail = (failureCode: string, failureReason: string): ImageFailure => ({
    imageId: id,
    failureCode,
    failureReason,
  });
  if (id.imageDigest === undefined && id.imageTag === undefined) {
    return fail('MissingDigestAndTag', 'Invalid request parameters: both tag and digest cannot be null');
  }
  if (id.imageDigest !== undefined && !isDigest(id.imageDigest)) {
    return fail('InvalidImageDigest', 'Invalid request parameters: image digest should satisfy the regex');
  }
  if (id.imageTag !== undefined && !TAG.test(id.imageTag)) {
    return fail('InvalidImageTag', 'Invalid request parameters: image tag should satisfy the regex');
  }
  const image =
    id.imageDigest !== undefined ? repository.byDigest(id.imageDigest) : repository.byTag(id.imageTag!);
  if (!image) return fail('ImageNotFound', 'Requested image not found');
  if (id.imageTag !== undefined && !image.tags.includes(id.imageTag)) {
    return fail(
      'ImageTagDoesNotMatchDigest',
      'Invalid request parameters: given tag does not map to the given digest',
    );
  }
  return { image };
}

function readTagStatus(filter: unknown): string {
  const tagStatus = (filter as { tagStatus?: unknown } | undefined)?.tagStatus ?? 'ANY';
  if (typeof tagStatus !== 'string' || !TAG_STATUS.includes(tagStatus)) {
    throw invalidParameter(
      `Invalid parameter at 'filter.tagStatus': expected one of ${TAG_STATUS.join(', ')}`,
    );
  }
  return tagStatus;
}

function passes(image: StoredImage, tagStatus: string): boolean {
  if (tagStatus === 'TAGGED') return image.tags.length > 0;
  if (tagStatus === 'UNTAGGED') return image.tags.length === 0;
  return true;
}

function detail(repository: EcrRepository, image: StoredImage): Record<string, unknown> {
  return {
    registryId: repository.settings.registryId,
    repositoryName: repository.settings.name,
    imageDigest: image.digest,
    imageTags: image.tags.length > 0 ? [...image.tags] : undefined,
    imageSizeInBytes: image.sizeBytes,
    imagePushedAt: new Date(image.pushedAt),
    imageManifestMediaType: image.mediaType,
    artifactMediaType: image.artifactMediaType,
  };
}

/**
 * One page of `entries(image)` over the images passing the filter, from `start`: at most `max` entries,
 * with the position to resume at when more remain.
 */
function page<T>(options: {
  images: StoredImage[];
  start: PagePosition | undefined;
  max: number;
  entries: (image: StoredImage) => T[];
}): { items: T[]; next?: PagePosition } {
  const items: T[] = [];
  const startSeq = options.start?.seq ?? 0;
  for (const image of options.images) {
    if (image.seq < startSeq) continue;
    const entries = options.entries(image);
    const skip = image.seq === startSeq ? (options.start?.offset ?? 0) : 0;
    for (let index = skip; index < entries.length; index++) {
      if (items.length === options.max) return { items, next: { seq: image.seq, offset: index } };
      items.push(entries[index]);
    }
  }
  return { items };
}

function notFound(repository: EcrRepository, id: ImageId): SimError {
  return new SimError(
    'ImageNotFoundException',
    `The image with imageId {imageDigest:'${id.imageDigest ?? 'null'}', imageTag:'${id.imageTag ?? 'null'}'} does not exist within the repository with name '${repository.settings.name}' in the registry with id '${repository.settings.registryId}'`,
  );
}

/** Handlers for the image operations. */
export function imageHandlers(model: EcrStore): Record<string, Handler> {
  return {
    DescribeImages: (params) => {
      const repository = model.repository(params.repositoryName);
      if (params.imageIds !== undefined) {
        if (params.maxResults !== undefined || params.nextToken !== undefined) {
          throw invalidParameter('maxResults and nextToken cannot be used together with imageIds');
        }
        const seen = new Set<string>();
        const imageDetails: Record<string, unknown>[] = [];
        for (const id of readImageIds(params.imageIds, 'DescribeImages', 100)) {
          const found = resolve(repository, id);
          if (!('image' in found)) {
            if (found.failureCode === 'ImageNotFound' || found.failureCode === 'ImageTagDoesNotMatchDigest') {
              throw notFound(repository, id);
            }
            throw invalidParameter(found.failureReason);
          }
          if (seen.has(found.image.digest)) continue;
          seen.add(found.image.digest);
          imageDetails.push(detail(repository, found.image));
        }
        return { imageDetails };
      }
      const tagStatus = readTagStatus(params.filter);
      const result = page({
        images: repository.listImages(),
        start: decodeToken(params.nextToken, 'DescribeImages'),
        max: readMaxResults(params.maxResults, 'DescribeImages'),
        entries: (image) => (passes(image, tagStatus) ? [detail(repository, image)] : []),
      });
      return {
        imageDetails: result.items,
        nextToken: result.next && encodeToken('DescribeImages', result.next),
      };
    },

    ListImages: (params) => {
      const repository = model.repository(params.repositoryName);
      const tagStatus = readTagStatus(params.filter);
      const result = page({
        images: repository.listImages(),
        start: decodeToken(params.nextToken, 'ListImages'),
        max: readMaxResults(params.maxResults, 'ListImages'),
        entries: (image): ImageId[] => {
          if (!passes(image, tagStatus)) return [];
          if (image.tags.length === 0) return [{ imageDigest: image.digest }];
          return image.tags.map((imageTag) => ({ imageDigest: image.digest, imageTag }));
        },
      });
      return { imageIds: result.items, nextToken: result.next && encodeToken('ListImages', result.next) };
    },

    BatchGetImage: (params) => {
      const repository = model.repository(params.repositoryName);
      const images: Record<string, unknown>[] = [];
      const failures: ImageFailure[] = [];
      for (const id of readImageIds(params.imageIds, 'BatchGetImage', 100)) {
        const found = resolve(repository, id);
        if (!('image' in found)) {
          failures.push(found);
          continue;
        }
        images.push({
          registryId: repository.settings.registryId,
          repositoryName: repository.settings.name,
          imageId: { imageDigest: found.image.digest, imageTag: id.imageTag },
          imageManifest: found.image.manifest,
          imageManifestMediaType: found.image.mediaType,
        });
      }
      return { images, failures };
    },

    PutImage: (params, context) => {
      const repository = model.repository(params.repositoryName);
      const manifest: unknown = params.imageManifest;
      if (
        typeof manifest !== 'string' ||
        manifest === '' ||
        Buffer.byteLength(manifest) > MAX_MANIFEST_BYTES
      ) {
        throw invalidParameter("Invalid parameter at 'imageManifest': expected 1 byte to 4 MiB of JSON");
      }
      let facts;
      try {
        facts = readManifest(manifest);
      } catch {
        throw invalidParameter(
          "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'",
        );
      }
      const declared = params.imageManifestMediaType as string | undefined;
      if (declared !== undefined && facts.mediaType !== undefined && declared !== facts.mediaType) {
        throw invalidParameter(
          `Invalid parameter at 'imageManifestMediaType': '${declared}' does not match the manifest's mediaType '${facts.mediaType}'`,
        );
      }
      const tag = params.imageTag as string | undefined;
      if (tag !== undefined && (typeof tag !== 'string' || !TAG.test(tag))) {
        throw invalidParameter(
          `Invalid parameter at 'imageTag' failed to satisfy constraint: '${String(tag)}'`,
        );
      }
      const digest = manifestDigest(manifest);
      if (params.imageDigest !== undefined && params.imageDigest !== digest) {
        throw new SimError(
          'ImageDigestDoesNotMatchException',
          `Invalid parameter at 'imageDigest': the given digest '${String(params.imageDigest)}' does not match the manifest's digest '${digest}'`,
        );
      }
      const mediaType = declared ?? facts.mediaType ?? DOCKER_MANIFEST;
      if (isIndexMediaType(mediaType)) {
        const missing = facts.children.filter((child) => !repository.byDigest(child));
        if (missing.length > 0) {
          throw new SimError(
            'ReferencedImagesNotFoundException',
            `Some of the images referenced in the manifest list are missing: ${missing.join(', ')}`,
          );
        }
      }
      const image = model.putImage(repository.settings.name, {
        digest,
        manifest,
        mediaType,
        artifactMediaType: facts.artifactMediaType,
        pushedAt: context.now,
        sizeBytes: facts.sizeBytes,
        children: isIndexMediaType(mediaType) ? facts.children : [],
        tag,
      });
      return {
        image: {
          registryId: repository.settings.registryId,
          repositoryName: repository.settings.name,
          imageId: { imageDigest: image.digest, imageTag: tag },
          imageManifest: image.manifest,
          imageManifestMediaType: image.mediaType,
        },
      };
    },

    BatchDeleteImage: (params) => {
      const repository = model.repository(params.repositoryName);
      const name = repository.settings.name;
      const ids = readImageIds(params.imageIds, 'BatchDeleteImage', 100);
      const imageIds: ImageId[] = [];
      const failures: ImageFailure[] = [];
      // Indexes go first, so a request that names an index and its children deletes all of them.
      const resolved = ids.map((id) => ({ id, found: resolve(repository, id) }));
      const isIndex = (entry: (typeof resolved)[number]) =>
        'image' in entry.found && entry.found.image.children.length > 0;
      const ordered = [...resolved.filter(isIndex), ...resolved.filter((entry) => !isIndex(entry))];
      for (const { id } of ordered) {
        // Resolve again: an earlier id in this request may have removed the image or the tag.
        const found = resolve(repository, id);
        if (!('image' in found)) {
          failures.push(found);
          continue;
        }
        const { image } = found;
        const lastTag = id.imageDigest === undefined && image.tags.length === 1;
        const parents = repository.parentsOf(image.digest);
        if ((id.imageDigest !== undefined || lastTag) && parents.length > 0) {
          failures.push({
            imageId: id,
            failureCode: 'ImageReferencedByManifestList',
            failureReason: `Requested image is referenced by a manifest list: [${parents.join(', ')}]`,
          });
          continue;
        }
        if (id.imageDigest === undefined) model.untagImage(name, id.imageTag!);
        else model.deleteImage(name, image.digest);
        imageIds.push({ imageDigest: image.digest, imageTag: id.imageTag });
      }
      return { imageIds, failures };
    },
  };
}
