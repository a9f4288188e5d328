/**
 * Promotion of a whole image set (the config's `build.images`) without rebuilding: each image's existing
 * digest gets the new tags in its repository. Every image is checked (source there, no immutable tag on
 * another digest) before the first tag is written, so a set is never left half promoted by a conflict.
 * A write that still fails (a limit, a permission scoped to one repository) leaves the images before it
 * tagged: the error then names them, the rest, and that a re-run finishes the set.
 */
import { phasesTogether } from '../aws/access-denied.js';
import type { EcrImageReference } from '../registry/reference.js';
import type { RepositorySettings, TargetRepository } from '../registry/repository.js';
import {
  checkPromotionInto,
  finishPromotion,
  preflightPromotion,
  promotionTarget,
  type PromotionRunOptions,
  type PromotionRunResult,
} from './promote-run.js';
import { unfinishedSetError } from './unfinished-set.js';

/** One image of the set: its name, the image to promote and the repository that receives the tags. */
export interface PromotionSetImage {
  name: string;
  source: EcrImageReference;
  repository: RepositorySettings;
}

/** Options of runPromotionSet: runPromotion's, with one source and repository per image. */
export interface PromotionSetOptions extends Omit<PromotionRunOptions, 'source' | 'repository'> {
  images: readonly PromotionSetImage[];
}

/** What one image of the set got. */
export interface PromotionSetResult extends PromotionRunResult {
  name: string;
}

/** Tags every image of the set by digest: repositories, then every check, then the writes. */
export async function runPromotionSet(options: PromotionSetOptions): Promise<PromotionSetResult[]> {
  const { logger, images } = options;
  const { ecr } = options.clients;
  const each = images.map((image) => ({
    name: image.name,
    run: { ...options, source: image.source, repository: image.repository } satisfies PromotionRunOptions,
  }));
  // Every image's reads before any repository is created or tag written: one failure names every denial.
  await logger.group('Preflight', () =>
    phasesTogether(
      'build-push',
      each.map(
        ({ run }) =>
          () =>
            preflightPromotion(ecr, run),
      ),
    ),
  );
  const targets: TargetRepository[] = [];
  await logger.group('Repositories', async () => {
    for (const { run } of each) targets.push(await promotionTarget(ecr, run));
  });
  const checked = await logger.group('Check', () =>
    Promise.all(each.map(({ run }, index) => checkPromotionInto(ecr, run, targets[index]))),
  );
  const results: PromotionSetResult[] = [];
  for (const [index, { name, run }] of each.entries()) {
    const result = await logger
      .group(`Promote ${name}`, () => finishPromotion(run, targets[index], checked[index]))
      .catch((error: unknown) => {
        // From here on the set can be part tagged: the error says which images are and how to finish.
        throw unfinishedSetError(
          { names: each.map((image) => image.name), failedAt: index, tags: options.tags },
          error,
        );
      });
    results.push({ name, ...result });
  }
  return results;
}
