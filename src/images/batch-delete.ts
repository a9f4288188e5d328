/**
 * Deletes planned images with BatchDeleteImage: by digest (deleting by tag would only untag), 100 ids per
 * call, bounded concurrency, per-image failures collected. Indexes go in earlier calls than other images,
 * because ECR refuses to delete a manifest that a remaining index references.
 */
import { BatchDeleteImageCommand, type ECRClient } from '@aws-sdk/client-ecr';
import { awsErrorName, errorMessage } from '../errors.js';
import { chunk } from '../chunk.js';
import { mapWithLimit } from './pool.js';
import type { InventoryImage } from './retention-types.js';

/** BatchDeleteImage takes at most 100 image ids. */
export const DELETE_BATCH_SIZE = 100;

/** An image that could not be deleted. */
export interface DeleteFailure {
  repository: string;
  digest: string;
  code: string;
  reason: string;
}

/** What a delete run did. */
export interface DeleteOutcome {
  deleted: InventoryImage[];
  /** Images already gone (ImageNotFound): the goal is met, nothing was freed by this run. */
  alreadyGone: InventoryImage[];
  failures: DeleteFailure[];
  /** BatchDeleteImage requests sent (not counting the SDK's retries). */
  calls: number;
}

interface Batch {
  repository: string;
  images: InventoryImage[];
}

function batchesOf(images: readonly InventoryImage[], parents: boolean): Batch[] {
  const byRepository = new Map<string, InventoryImage[]>();
  for (const image of images) {
    if (image.children.length > 0 !== parents) continue;
    const list = byRepository.get(image.repository);
    if (list) list.push(image);
    else byRepository.set(image.repository, [image]);
  }
  return [...byRepository].flatMap(([repository, list]) =>
    chunk(list, DELETE_BATCH_SIZE).map((batchImages) => ({ repository, images: batchImages })),
  );
}

/** Deletes `images` (any repositories); never throws for a failed call, it reports the images instead. */
export async function deleteImages(options: {
  ecr: ECRClient;
  images: readonly InventoryImage[];
  concurrency: number;
  onBatch?: (batch: { repository: string; deleted: number; failed: number }) => void;
}): Promise<DeleteOutcome> {
  const outcome: DeleteOutcome = { deleted: [], alreadyGone: [], failures: [], calls: 0 };
  const run = async (batch: Batch) => {
    outcome.calls++;
    const byDigest = new Map(batch.images.map((image) => [image.digest, image]));
    let failed = 0;
    try {
      const response = await options.ecr.send(
        new BatchDeleteImageCommand({
          repositoryName: batch.repository,
          imageIds: batch.images.map((image) => ({ imageDigest: image.digest })),
        }),
      );
      const failedDigests = new Set<string>();
      for (const failure of response.failures ?? []) {
        const digest = failure.imageId?.imageDigest ?? '';
        const image = byDigest.get(digest);
        if (!image) continue;
        failedDigests.add(digest);
        if (failure.failureCode === 'ImageNotFound') outcome.alreadyGone.push(image);
        else {
          failed++;
          outcome.failures.push({
            repository: batch.repository,
            digest,
            code: failure.failureCode ?? 'Unknown',
            reason: failure.failureReason ?? '',
          });
        }
      }
      for (const image of batch.images) if (!failedDigests.has(image.digest)) outcome.deleted.push(image);
    } catch (error) {
      // The whole call failed after the SDK's retries: every image of the batch stays and is reported.
      failed = batch.images.length;
      for (const image of batch.images) {
        outcome.failures.push({
          repository: batch.repository,
          digest: image.digest,
          code: awsErrorName(error) ?? 'Error',
          reason: errorMessage(error),
        });
      }
    }
    options.onBatch?.({ repository: batch.repository, deleted: batch.images.length - failed, failed });
  };
  await mapWithLimit(batchesOf(options.images, true), options.concurrency, run);
  await mapWithLimit(batchesOf(options.images, false), options.concurrency, run);
  return outcome;
}
