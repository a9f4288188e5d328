/**
 * Several images built in one step (the config's `build.images`): every fingerprint first, then every
 * repository, then each image skipped or built in the config's order. Checking all the sources and
 * repositories before the first push means a typo in the last image fails the step before anything is
 * pushed; one login serves every build.
 */
import { phasesTogether } from '../aws/access-denied.js';
import type { RepositorySettings, TargetRepository } from '../registry/repository.js';
import {
  buildFingerprint,
  preflightBuild,
  pushImage,
  registryLogin,
  targetRepository,
  type BuildPushOptions,
  type BuildPushResult,
  type BuildRequest,
} from './build-push.js';

/** One image of the set: its name in `build.images`, where it goes and what to build. */
export interface SetImage {
  name: string;
  repository: RepositorySettings;
  build: BuildRequest;
}

/** Options of buildImageSet: buildAndPush's, with one repository and build request per image. */
export interface ImageSetOptions extends Omit<BuildPushOptions, 'repository' | 'build'> {
  images: readonly SetImage[];
}

/** What one image of the set got: built, or skipped because its fingerprint was there. */
export interface SetImageResult extends BuildPushResult {
  name: string;
}

/** Runs `step` for each item in order (one at a time: builds share the machine, calls stay readable). */
async function inOrder<T, R>(
  items: readonly T[],
  step: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (const [index, item] of items.entries()) results.push(await step(item, index));
  return results;
}

/** Builds and pushes every image of the set, skipping each one whose fingerprint its repository holds. */
export async function buildImageSet(options: ImageSetOptions): Promise<SetImageResult[]> {
  const { logger, images } = options;
  const { ecr } = options.clients;
  const hashes = await logger.group('Fingerprints', () =>
    inOrder(images, async (image) => {
      const hash = await buildFingerprint(options.workspace, image.build);
      logger.info(`${image.name}: fingerprint ${hash}`);
      return hash;
    }),
  );
  // Every image's reads before any repository is created or image pushed: one failure names every denial.
  await logger.group('Preflight', () =>
    phasesTogether(
      'build-push',
      images.map((image, index) => () => preflightBuild(ecr, image, hashes[index])),
    ),
  );
  const repositories: TargetRepository[] = await logger.group('Repositories', () =>
    inOrder(images, (image) => targetRepository(ecr, image.repository, logger)),
  );
  const login = registryLogin(ecr, options);
  return inOrder(images, async (image, index) => {
    const result = await pushImage(
      { ...options, repository: image.repository, build: image.build },
      { repository: repositories[index], hash: hashes[index], login, title: ` ${image.name}` },
    );
    return { name: image.name, ...result };
  });
}
