/** Starting the deployments: UpdateService for each planned service, reporting each as it starts. */
import { shortArn } from '../arn.js';
import { desiredCountFor } from './desired-count.js';
import type { ServiceReport } from './report.js';
import { updateService } from './services.js';
import type { DeployOptions, EngineContext, RolloutEvent } from './types.js';

/** What updateAll works on. */
export interface UpdateAllOptions {
  options: DeployOptions;
  /** The plan's entries of the services to update (action `updated`). */
  entries: ServiceReport[];
  targetArn: string;
  onEvent: (event: RolloutEvent) => void;
  /**
   * Called as soon as a service's deployment started, before the next update: when a later update
   * throws, the caller knows exactly which services changed and attends to them (src/deploy/attend.ts).
   */
  onStarted: (entry: ServiceReport) => void;
}

/** Updates every given service in order and returns their entries with the deployment ECS started. */
export async function updateAll(context: EngineContext, update: UpdateAllOptions): Promise<ServiceReport[]> {
  const { options, targetArn, onEvent } = update;
  const started: ServiceReport[] = [];
  for (const entry of update.entries) {
    const deploymentId = await updateService(context.clients.ecs, options.cluster, {
      service: entry.service,
      taskDefinitionArn: targetArn,
      forceNewDeployment: entry.forceNewDeployment,
      desiredCount: desiredCountFor(options.desiredCount, entry.service),
    });
    const report = { ...entry, deploymentId };
    started.push(report);
    update.onStarted(report);
    context.logger.info(`${entry.service}: deployment ${deploymentId ?? '(unknown)'} started`);
    onEvent({
      time: context.clock.now(),
      service: entry.service,
      message: `deployment of ${shortArn(targetArn)} started`,
    });
  }
  return started;
}
