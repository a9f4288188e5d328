/**
 * Putting services back on a known-good revision: after a failed or timed-out rollout (automatic
 * rollback), or on request (rollback mode). When ECS's circuit breaker is already rolling back, the kit
 * follows that deployment instead of starting a competing one.
 */
import { shortArn } from '../arn.js';
import type { ServiceReport } from './report.js';
import { describeServices, updateService } from './services.js';
import type { EngineContext, RolloutEvent } from './types.js';
import { describeShowing, showsDeployment } from './visible.js';
import { waitForRollouts, type RolloutResult, type ServiceRollout } from './wait.js';

/** One service to put back. */
export interface RollbackRequest {
  service: string;
  /** The revision to return to. */
  taskDefinitionArn: string;
  /** The failed deployment, if any (to tell ECS's own rollback apart from it). */
  failedDeploymentId?: string;
  /** The desired count to restore, when the failed run changed it. */
  desiredCount?: number;
}

/**
 * What to put back for services this run updated: their rollback target (rollbackTargetOf) and, if
 * changed, count. Normally the revision the service ran when the run started, taken from the run itself: it
 * served (so cleanup-ecr protects it as in use), a forced redeployment of the same revision has no older
 * candidate to go to, and ECS's circuit breaker likewise returns there. When that revision was a failed
 * half-deploy, the preflight set the newest candidate of the rollback rule instead (automatic-rollback.ts).
 */
export function rollbackRequestsFor(updated: ServiceReport[]): RollbackRequest[] {
  return updated.map((entry) => ({
    service: entry.service,
    taskDefinitionArn: rollbackTargetOf(entry),
    failedDeploymentId: entry.deploymentId,
    desiredCount: entry.previousDesiredCount,
  }));
}

/**
 * Where a service this run updated goes back to: the revision it ran before, unless that was a failed
 * half-deploy and the rollback rule named another (automatic-rollback.ts).
 */
export function rollbackTargetOf(entry: ServiceReport): string {
  return entry.rollbackTaskDefinitionArn ?? entry.previousTaskDefinitionArn;
}

/** Options of rollBack. */
export interface RollbackOptions {
  cluster: string;
  requests: RollbackRequest[];
  timeoutMs: number;
  /** Wait for the rollback to complete (rollback mode with wait none does not). */
  wait: boolean;
  knownEventIds?: Set<string>;
  onEvent?: (event: RolloutEvent) => void;
}

/** Starts (or adopts ECS's) rollback deployments and waits for them in `deployment` mode. */
export async function rollBack(context: EngineContext, options: RollbackOptions): Promise<RolloutResult[]> {
  const services = await describeServices(
    context.clients.ecs,
    options.cluster,
    options.requests.map((request) => request.service),
  );
  const rollouts: ServiceRollout[] = [];
  for (const [index, request] of options.requests.entries()) {
    // A stale read shows the service as before the failed deployment: that PRIMARY is not ECS's rollback.
    const failed = request.failedDeploymentId;
    const service = failed
      ? await describeShowing(context, options.cluster, services[index], failed)
      : services[index];
    const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    let deploymentId: string | undefined;
    if (
      primary &&
      (!failed || showsDeployment(service, failed)) &&
      primary.taskDefinition === request.taskDefinitionArn &&
      primary.id !== request.failedDeploymentId
    ) {
      deploymentId = primary.id;
      context.logger.info(
        `${request.service}: ECS is already rolling back to ${request.taskDefinitionArn} (${deploymentId})`,
      );
    } else {
      context.logger.info(`${request.service}: rolling back to ${request.taskDefinitionArn}`);
      deploymentId = await updateService(context.clients.ecs, options.cluster, {
        service: request.service,
        taskDefinitionArn: request.taskDefinitionArn,
        forceNewDeployment: false,
        desiredCount: request.desiredCount,
      });
    }
    options.onEvent?.({
      time: context.clock.now(),
      service: request.service,
      message: `rollback to ${shortArn(request.taskDefinitionArn)} started`,
    });
    rollouts.push({ service: request.service, deploymentId, taskDefinitionArn: request.taskDefinitionArn });
  }
  if (!options.wait) {
    return rollouts.map((rollout) => ({
      ...rollout,
      status: 'completed',
      reason: 'rollback started (not waited for)',
      events: [],
    }));
  }
  return waitForRollouts(
    // A cancelled run still gets its rollback waited for: aborting here would leave services half-way.
    { ...context, signal: undefined },
    {
      cluster: options.cluster,
      rollouts,
      timeoutMs: options.timeoutMs,
      knownEventIds: options.knownEventIds,
      onEvent: options.onEvent,
    },
  );
}
