/** Reads of single images in an ECR repository: details by tag or digest, manifests, tag → digest. */
import {
  BatchGetImageCommand,
  DescribeImagesCommand,
  type ECRClient,
  type ImageDetail,
  type ImageIdentifier,
} from '@aws-sdk/client-ecr';
import { awsErrorName, wrapError } from '../errors.js';

/** Which repository (and account) to read. */
export interface RepositoryLocation {
  repositoryName: string;
  registryId?: string;
}

/** Media types we accept from BatchGetImage: whatever was pushed comes back unchanged. */
export const MANIFEST_MEDIA_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws',
];

/** One image's details, or undefined when the repository holds no such tag or digest. */
export async function describeImage(
  ecr: ECRClient,
  location: RepositoryLocation,
  imageId: ImageIdentifier,
): Promise<ImageDetail | undefined> {
  try {
    const response = await ecr.send(new DescribeImagesCommand({ ...location, imageIds: [imageId] }));
    return response.imageDetails?.[0];
  } catch (error) {
    if (awsErrorName(error) === 'ImageNotFoundException') return undefined;
    throw wrapError(
      `describing image ${imageId.imageTag ?? imageId.imageDigest} in ${location.repositoryName}`,
      error,
    );
  }
}

/** An image manifest exactly as stored. */
export interface StoredManifest {
  digest: string;
  manifest: string;
  mediaType?: string;
}

/** The manifest of one image, or undefined when it is not there. */
export async function getManifest(
  ecr: ECRClient,
  location: RepositoryLocation,
  imageId: ImageIdentifier,
): Promise<StoredManifest | undefined> {
  let response;
  try {
    response = await ecr.send(
      new BatchGetImageCommand({
        ...location,
        imageIds: [imageId],
        acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
      }),
    );
  } catch (error) {
    throw wrapError(
      `reading the manifest of ${imageId.imageTag ?? imageId.imageDigest} in ${location.repositoryName}`,
      error,
    );
  }
  const image = response.images?.[0];
  if (!image?.imageManifest || !image.imageId?.imageDigest) return undefined;
  return {
    digest: image.imageId.imageDigest,
    manifest: image.imageManifest,
    mediaType: image.imageManifestMediaType,
  };
}

/** Which digest each tag points at now (tags the repository does not hold are absent). */
export async function digestsOfTags(
  ecr: ECRClient,
  location: RepositoryLocation,
  tags: readonly string[],
): Promise<Map<string, string>> {
  const digests = new Map<string, string>();
  // BatchGetImage takes at most 100 image ids and reports missing ones as failures instead of throwing.
  for (let start = 0; start < tags.length; start += 100) {
    const batch = tags.slice(start, start + 100);
    let response;
    try {
      response = await ecr.send(
        new BatchGetImageCommand({
          ...location,
          imageIds: batch.map((imageTag) => ({ imageTag })),
          acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
        }),
      );
    } catch (error) {
      throw wrapError(`looking up tags in ${location.repositoryName}`, error);
    }
    for (const image of response.images ?? []) {
      if (image.imageId?.imageTag && image.imageId.imageDigest)
        digests.set(image.imageId.imageTag, image.imageId.imageDigest);
    }
  }
  return digests;
}
