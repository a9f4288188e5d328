/** Deleting a closed pull request's images with cleanup-ecr's engine: only tags matching the PR's pattern. */
import { cleanupEcr } from '../images/cleanup.js';
import { compilePattern } from '../images/tag-pattern.js';
import type { PreviewChange, TeardownPreviewOptions } from './types.js';

/** `pr-{number}-*` → `pr-12-*`. */
export function imageTagPatternFor(template: string, pullRequest: number): string {
  return template.replace(/\{number\}/g, String(pullRequest));
}

/**
 * Deletes the images whose every tag matches the pattern (`dryRun`: only reads and plans, which is
 * teardown's preflight of the ECR reads); cleanup-ecr's in-use scan still protects any
 * image a service or running task uses, whatever the pattern says.
 */
export async function deletePreviewImages(
  options: TeardownPreviewOptions,
  dryRun = false,
): Promise<PreviewChange[]> {
  if (options.repositories.length === 0) return [];
  const pattern = imageTagPatternFor(options.imageTagPattern, options.pullRequest);
  const matcher = compilePattern(pattern);
  const result = await cleanupEcr({
    clients: options.clients,
    repositories: options.repositories,
    clusters: [],
    rules: {
      keepNewest: 0,
      keepTags: [],
      keepNewestMatching: [],
      deleteTags: [matcher],
      deleteUnkept: false,
    },
    rollbackRevisions: 3,
    dryRun,
    concurrency: 4,
    clock: options.clock,
    logger: options.logger,
  });
  const deleted = [...(result.outcome?.deleted ?? []), ...(result.outcome?.alreadyGone ?? [])];
  const protectedImages = result.plan.decisions.filter(
    (decision) =>
      (decision.rule === 'in-use' || decision.rule === 'rollback') &&
      decision.image.tags.length > 0 &&
      decision.image.tags.every((tag) => matcher.test(tag)),
  );
  const changes: PreviewChange[] = [
    { resource: 'images', name: pattern, action: 'deleted', detail: `${deleted.length} images` },
  ];
  if (protectedImages.length > 0)
    changes.push({
      resource: 'images',
      name: pattern,
      action: 'kept',
      detail: `${protectedImages.length} still in use: ${protectedImages.map((d) => d.reason).join('; ')}`,
    });
  for (const failure of result.outcome?.failures ?? [])
    options.logger.warning(`could not delete ${failure.repository}@${failure.digest}: ${failure.code}`);
  return changes;
}
