/**
 * The cleanup-ecr engine: inventory → in-use scan → plan → (dry run stops here) → delete. Reads come first
 * and any failure before the plan aborts the run, so no image is deleted on a partial picture.
 */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import { deleteImages, type DeleteOutcome } from './batch-delete.js';
import { scanImagesInUse, type InUseScan } from './in-use.js';
import { listRepositoryImages, resolveRepositories, type RepositoryInfo } from './inventory.js';
import { mapWithLimit } from './pool.js';
import { protectionsFor, type UnresolvedUse } from './protections.js';
import { planRetention } from './retention-plan.js';
import type { InventoryImage, RetentionPlan, RetentionRules } from './retention-types.js';

/** What to clean and how. */
export interface CleanupOptions {
  /** The action's client set (ECR and ECS are used). */
  clients: AwsClients;
  /** Repository names, globs or /regex/; `*` is every repository. */
  repositories: readonly string[];
  /** Clusters to scan for images in use; every cluster in the region when empty. */
  clusters: readonly string[];
  rules: RetentionRules;
  /** Newest ACTIVE revisions per service family kept (tagged or not), and rollback candidates per service. */
  rollbackRevisions: number;
  dryRun: boolean;
  /** Requests in flight at once (listing, scanning, deleting). */
  concurrency: number;
  clock: Clock;
  logger: Logger;
}

/** Everything the run found and did, for outputs and the summary. */
export interface CleanupResult {
  dryRun: boolean;
  repositories: RepositoryInfo[];
  scan: InUseScan;
  unresolved: UnresolvedUse[];
  plan: RetentionPlan;
  /** Undefined in a dry run. */
  outcome?: DeleteOutcome;
}

/** Runs a cleanup. Throws (before deleting anything) when the inventory or the in-use scan fails. */
export async function cleanupEcr(options: CleanupOptions): Promise<CleanupResult> {
  const { logger } = options;
  const { ecr, ecs } = options.clients;
  const { repositories, images } = await logger.group('Inventory', async () => {
    const repositories = await resolveRepositories(ecr, options.repositories);
    if (repositories.length === 0) logger.warning(`no repository matches ${options.repositories.join(', ')}`);
    const perRepository = await mapWithLimit(repositories, options.concurrency, async (repository) => {
      const repositoryImages = await listRepositoryImages(ecr, repository.name);
      logger.info(`${repository.name}: ${repositoryImages.length} images`);
      return repositoryImages;
    });
    return { repositories, images: perRepository.flat() as InventoryImage[] };
  });

  const scan = await logger.group('In-use scan', async () => {
    const result = await scanImagesInUse({
      ecs,
      clusters: options.clusters,
      rollbackRevisions: options.rollbackRevisions,
      concurrency: options.concurrency,
    });
    logger.info(
      `${result.clusters.length} clusters, ${result.services} services, ${result.tasks} running tasks, ${result.taskDefinitions} task definitions`,
    );
    for (const use of result.uses) logger.debug(`${use.kind}: ${use.image} (${use.reason})`);
    return result;
  });
  const { protections, unresolved } = protectionsFor(scan, repositories, images);
  for (const entry of unresolved)
    logger.warning(`${entry.use.reason} uses ${entry.use.image}, but ${entry.why}`);

  const plan = planRetention(images, protections, options.rules, options.clock.now());
  logger.info(`plan: keep ${plan.keep.length}, delete ${plan.delete.length} of ${images.length} images`);
  for (const decision of plan.decisions) {
    logger.debug(
      `${decision.action} ${decision.image.repository}@${decision.image.digest}: ${decision.reason}`,
    );
  }
  if (options.dryRun || plan.delete.length === 0) {
    return {
      dryRun: options.dryRun,
      repositories,
      scan,
      unresolved,
      plan,
      outcome: options.dryRun ? undefined : emptyOutcome(),
    };
  }

  const outcome = await logger.group('Delete', () =>
    deleteImages({
      ecr,
      images: plan.delete,
      concurrency: options.concurrency,
      onBatch: (batch) =>
        logger.info(
          `${batch.repository}: deleted ${batch.deleted}${batch.failed ? `, ${batch.failed} failed` : ''}`,
        ),
    }),
  );
  for (const failure of outcome.failures) {
    logger.warning(
      `could not delete ${failure.repository}@${failure.digest}: ${failure.code} ${failure.reason}`.trim(),
    );
  }
  return { dryRun: false, repositories, scan, unresolved, plan, outcome };
}

function emptyOutcome(): DeleteOutcome {
  return { deleted: [], alreadyGone: [], failures: [], calls: 0 };
}
