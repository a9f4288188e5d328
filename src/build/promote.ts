/**
 * Promotion without rebuilding: the source image's manifest is read with BatchGetImage and written under
 * new tags with PutImage, byte for byte with the same media type, so the digest cannot change.
 */
import { PutImageCommand, type ECRClient, type ImageIdentifier } from '@aws-sdk/client-ecr';
import { awsErrorName, wrapError } from '../errors.js';
import { conflictMessage, planPromotion, type PromotionPlan } from './promote-plan.js';
import {
  digestsOfTags,
  getManifest,
  type RepositoryLocation,
  type StoredManifest,
} from '../registry/images.js';

/** What to promote where. */
export interface PromoteOptions {
  source: RepositoryLocation & { imageId: ImageIdentifier };
  target: RepositoryLocation & { immutable: boolean };
  tags: readonly string[];
  /**
   * Called for a tag when ECR refuses PutImage because the target repository lacks the layers or an index's
   * child manifests (as across repositories): copies the image through the registry instead.
   */
  copyThroughRegistry?: (digest: string, tag: string) => Promise<void>;
}

/** What a promotion did. */
export interface PromotionResult extends PromotionPlan {
  digest: string;
  mediaType?: string;
  /** Tags that needed a registry copy because the target lacked the layers. */
  copied: string[];
}

function describeSource(options: PromoteOptions): string {
  const { imageId, repositoryName } = options.source;
  return imageId.imageDigest
    ? `${repositoryName}@${imageId.imageDigest}`
    : `${repositoryName}:${imageId.imageTag}`;
}

/** A promotion checked against the registry, not yet written. */
export interface CheckedPromotion {
  manifest: StoredManifest;
  plan: PromotionPlan;
}

/**
 * Reads the source manifest and where the target's tags point now, and plans the promotion. Reads only:
 * a missing source or a tag another digest holds immutably is an error before anything is written.
 */
export async function checkPromotion(
  ecr: ECRClient,
  options: Omit<PromoteOptions, 'copyThroughRegistry'>,
): Promise<CheckedPromotion> {
  const { imageId, ...sourceLocation } = options.source;
  const manifest = await getManifest(ecr, sourceLocation, imageId);
  if (!manifest) throw new Error(`source image ${describeSource(options)} does not exist`);
  if (imageId.imageDigest && manifest.digest !== imageId.imageDigest) {
    throw new Error(`source image ${describeSource(options)} resolved to ${manifest.digest}`);
  }
  const { immutable, ...targetLocation } = options.target;
  const existing = await digestsOfTags(ecr, targetLocation, options.tags);
  const plan = planPromotion({ digest: manifest.digest, tags: options.tags, existing, immutable });
  if (plan.conflicts.length > 0) throw new Error(conflictMessage(manifest.digest, plan.conflicts));
  return { manifest, plan };
}

/** Writes a checked promotion: the manifest under each tag to put (PutImage), byte for byte. */
export async function applyPromotion(
  ecr: ECRClient,
  checked: CheckedPromotion,
  options: PromoteOptions,
): Promise<PromotionResult> {
  const { manifest, plan } = checked;
  const { immutable: _immutable, ...targetLocation } = options.target;
  const copied: string[] = [];
  for (const tag of plan.put) {
    try {
      await ecr.send(
        new PutImageCommand({
          ...targetLocation,
          imageManifest: manifest.manifest,
          imageManifestMediaType: manifest.mediaType,
          imageDigest: manifest.digest,
          imageTag: tag,
        }),
      );
    } catch (error) {
      const name = awsErrorName(error);
      // Already there with this exact manifest and tag: a re-run, nothing to do.
      if (name === 'ImageAlreadyExistsException') continue;
      if (name === 'ImageTagAlreadyExistsException') {
        // Someone took the tag between our check and our write.
        const now = (await digestsOfTags(ecr, targetLocation, [tag])).get(tag) ?? 'another image';
        throw new Error(conflictMessage(manifest.digest, [{ tag, existingDigest: now }]), { cause: error });
      }
      // The target repository lacks the layers (or an index's child manifests): copy through the registry.
      const missingContent =
        name === 'LayersNotFoundException' || name === 'ReferencedImagesNotFoundException';
      if (missingContent && options.copyThroughRegistry) {
        await options.copyThroughRegistry(manifest.digest, tag);
        copied.push(tag);
        continue;
      }
      throw wrapError(`tagging ${manifest.digest} as ${targetLocation.repositoryName}:${tag}`, error);
    }
  }
  return { ...plan, digest: manifest.digest, mediaType: manifest.mediaType, copied };
}

/** Adds `tags` to the source image in the target repository. Checks every tag before writing any. */
export async function promoteImage(ecr: ECRClient, options: PromoteOptions): Promise<PromotionResult> {
  return applyPromotion(ecr, await checkPromotion(ecr, options), options);
}
