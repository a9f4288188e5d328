/** Marking a task definition revision as having reached healthy, for rollback-target lookups. */
import { TagResourceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { healthyTag } from '../taskdef/provenance.js';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

/** Tags `taskDefinitionArn` with `ecs-kit:healthy-at`; a failure is a warning, not a failed gate. */
export async function tagHealthyRevision(options: {
  ecs: ECSClient;
  taskDefinitionArn: string;
  at: Date;
  logger?: Logger;
}): Promise<void> {
  const tag = healthyTag(options.at);
  try {
    await options.ecs.send(new TagResourceCommand({ resourceArn: options.taskDefinitionArn, tags: [tag] }));
    options.logger?.info(`tagged ${options.taskDefinitionArn} ${tag.key}=${tag.value}`);
  } catch (error) {
    options.logger?.warning(`could not tag ${options.taskDefinitionArn} as healthy: ${errorMessage(error)}`);
  }
}
