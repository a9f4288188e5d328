/**
 * build-push's preflight: before a repository is created, a tag written or an image pushed, the ECR reads
 * the run will need are made once. A role that could create the repository but not log in (or not read
 * the source of a promotion) fails here, naming every missing permission and docs/iam/build-push.json,
 * with nothing changed; a promotion whose source image does not exist fails here too.
 */
import type { ECRClient, ImageIdentifier } from '@aws-sdk/client-ecr';
import { beforeMutation, phasesTogether } from '../aws/access-denied.js';
import { awsErrorName } from '../errors.js';
import { describeImage, getManifest } from '../registry/images.js';
import { registryCredentials } from '../registry/login.js';
import { describeRepository } from '../registry/repository.js';

/** What a failed tag write left: tags are written one at a time, and a re-run writes the rest. */
export const TAGS_PART_WAY = 'tags are written one at a time: re-run the step to write the rest';

/** What the run is about to touch. */
export interface EcrPreflight {
  /** The repository pushed or tagged into. */
  repositoryName: string;
  /** A build: the fingerprint tag looked up to skip an unchanged build (undefined: not looked up). */
  fingerprintTag?: string;
  /** A build pushes through `docker login`, which needs a registry token. */
  login: boolean;
  /** An image looked up in the target repository after the change (a promotion's check of its result). */
  targetImage?: ImageIdentifier;
  /** A promotion's source image. */
  source?: { repositoryName: string; registryId?: string; imageId: ImageIdentifier };
}

/** The reads, concurrently; throws MissingPermissionsError naming every denied action, or a missing source. */
export async function preflightEcr(ecr: ECRClient, preflight: EcrPreflight): Promise<void> {
  const { source } = preflight;
  await beforeMutation('build-push', () =>
    phasesTogether<unknown[]>('build-push', [
      () => describeRepository(ecr, preflight.repositoryName),
      () => (preflight.login ? registryCredentials(ecr) : Promise.resolve(undefined)),
      () => {
        const imageId = preflight.fingerprintTag
          ? { imageTag: preflight.fingerprintTag }
          : preflight.targetImage;
        return imageId
          ? describeImage(ecr, { repositoryName: preflight.repositoryName }, imageId).catch(absentRepository)
          : Promise.resolve(undefined);
      },
      async () => {
        if (!source) return;
        const found = await getManifest(ecr, source, source.imageId);
        if (!found)
          throw new Error(
            `source image ${source.repositoryName}${source.imageId.imageDigest ? `@${source.imageId.imageDigest}` : `:${source.imageId.imageTag}`} does not exist`,
          );
      },
    ]),
  );
}

/** A repository this run will create holds no images yet: that is not a failure of the preflight. */
function absentRepository(error: unknown): undefined {
  for (let current = error; current; current = (current as { cause?: unknown }).cause)
    if (awsErrorName(current) === 'RepositoryNotFoundException') return undefined;
  throw error;
}
