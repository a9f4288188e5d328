/** UpdateService for each service, returning the deployment ECS started. */
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { errorMessage, wrapError } from '../errors.js';
import type { DeployOptions } from './deploy.js';
import type { DeployReport } from './report.js';
import { rollBack, rollbackRequestsFor, shortArn } from './rollback.js';
import type { EngineContext, RolloutEvent } from './types.js';

/** One service update. */
export interface ServiceUpdate {
  service: string;
  taskDefinitionArn: string;
  forceNewDeployment: boolean;
  desiredCount?: number;
}

/** Updates a service; returns the id of its new PRIMARY deployment. */
export async function updateService(
  ecs: ECSClient,
  cluster: string,
  update: ServiceUpdate,
): Promise<string | undefined> {
  try {
    const response = await ecs.send(
      new UpdateServiceCommand({
        cluster,
        service: update.service,
        taskDefinition: update.taskDefinitionArn,
        forceNewDeployment: update.forceNewDeployment,
        desiredCount: update.desiredCount,
      }),
    );
    return response.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id;
  } catch (error) {
    throw wrapError(`updating service '${update.service}'`, error);
  }
}

/** What updateAll works on. */
export interface UpdateAllOptions {
  options: DeployOptions;
  report: DeployReport;
  targetArn: string;
  knownEventIds: Set<string>;
  onEvent: (event: RolloutEvent) => void;
}

/**
 * Updates every service the plan marks `updated`. When one update fails after others went through, those
 * are rolled back (with rollback-on-failure) before the error surfaces, so a release is never left half-out.
 */
export async function updateAll(context: EngineContext, update: UpdateAllOptions): Promise<void> {
  const { options, report, targetArn, onEvent } = update;
  const pending = report.services.filter((entry) => entry.action === 'updated');
  const started: typeof pending = [];
  try {
    for (const entry of pending) {
      entry.deploymentId = await updateService(context.ecs, options.cluster, {
        service: entry.service,
        taskDefinitionArn: targetArn,
        forceNewDeployment: entry.forceNewDeployment,
        desiredCount: options.desiredCount,
      });
      started.push(entry);
      context.logger.info(`${entry.service}: deployment ${entry.deploymentId ?? '(unknown)'} started`);
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
}
