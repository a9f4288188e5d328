/** Starting the deployments: UpdateService for each planned service, never leaving a release half-out. */
import { errorMessage, wrapError } from '../errors.js';
import { shortArn } from './arn.js';
import { desiredCountFor } from './desired-count.js';
import type { ServiceReport } from './report.js';
import { rollBack, rollbackRequestsFor } from './rollback.js';
import { updateService } from './services.js';
import type { DeployOptions, EngineContext, RolloutEvent } from './types.js';

/** What updateAll works on. */
export interface UpdateAllOptions {
  options: DeployOptions;
  /** The plan's entries of the services to update (action `updated`). */
  entries: ServiceReport[];
  targetArn: string;
  knownEventIds: Set<string>;
  onEvent: (event: RolloutEvent) => void;
}

/**
 * Updates every given service and returns their entries with the deployment ECS started. When one update
 * fails after others went through, those are rolled back (with rollback-on-failure) before the error
 * surfaces, so a release is never left half-out.
 */
export async function updateAll(context: EngineContext, update: UpdateAllOptions): Promise<ServiceReport[]> {
  const { options, targetArn, onEvent } = update;
  const started: ServiceReport[] = [];
  try {
    for (const entry of update.entries) {
      const deploymentId = await updateService(context.clients.ecs, options.cluster, {
        service: entry.service,
        taskDefinitionArn: targetArn,
        forceNewDeployment: entry.forceNewDeployment,
        desiredCount: desiredCountFor(options.desiredCount, entry.service),
      });
      started.push({ ...entry, deploymentId });
      context.logger.info(`${entry.service}: deployment ${deploymentId ?? '(unknown)'} started`);
      onEvent({
        time: context.clock.now(),
        service: entry.service,
        message: `deployment of ${shortArn(targetArn)} started`,
      });
    }
  } catch (error) {
    if (started.length === 0 || !options.rollbackOnFailure) throw error;
    context.logger.warning(
      `${errorMessage(error)}: rolling back ${started.map((entry) => entry.service).join(', ')}`,
    );
    await rollBack(context, {
      cluster: options.cluster,
      requests: rollbackRequestsFor(started),
      timeoutMs: options.timeoutMs,
      wait: true,
      knownEventIds: update.knownEventIds,
      onEvent,
    });
    throw wrapError(`${started.map((entry) => entry.service).join(', ')} rolled back`, error);
  }
  return started;
}
