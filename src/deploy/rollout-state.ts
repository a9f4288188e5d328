/**
 * The pure reading of one DescribeServices observation for a deployment being waited on: still rolling,
 * completed, or failed (and whether ECS's circuit breaker is already rolling back by itself).
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { shortArn } from '../arn.js';
import { placementFailureReason, stuckPlacement } from '../health/placement-failure.js';

/** What a deployment is doing now. */
export type RolloutPhase = 'in-progress' | 'completed' | 'failed';

/** The evaluation of one observation. */
export interface RolloutReading {
  phase: RolloutPhase;
  reason: string;
  deployment?: Deployment;
  /** On failure: the deployment ECS started to roll back (circuit breaker with rollback), if any. */
  ecsRollbackDeploymentId?: string;
  /** Something should change within a poll or two (tasks starting). */
  transitionExpected: boolean;
  /** Compact picture of the counts, to notice movement between polls. */
  fingerprint: string;
  /** A known future moment worth a reading (the end of a settle window), clock ms. */
  wakeAt?: number;
}

/** Which deployment to follow: by id when known, else the PRIMARY one on the expected revision. */
export interface RolloutTarget {
  deploymentId?: string;
  taskDefinitionArn: string;
}

function counts(deployment: Deployment): string {
  return `${deployment.runningCount ?? 0}/${deployment.desiredCount ?? 0} running, ${deployment.pendingCount ?? 0} pending`;
}

/** Finds the followed deployment in a service description. */
export function findDeployment(service: Service, target: RolloutTarget): Deployment | undefined {
  const deployments = service.deployments ?? [];
  if (target.deploymentId) return deployments.find((deployment) => deployment.id === target.deploymentId);
  return deployments.find(
    (deployment) => deployment.status === 'PRIMARY' && deployment.taskDefinition === target.taskDefinitionArn,
  );
}

/**
 * The followed deployment is no longer listed: ECS drops a failed deployment once its circuit-breaker
 * rollback has replaced it, sometimes between two polls. The service events still say what happened.
 */
function goneDeployment(service: Service, target: RolloutTarget, fingerprint: string): RolloutReading {
  const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
  // Events are newest first: a rollback counts only when announced after this deployment failed.
  const messages = (service.events ?? []).map((event) => event.message ?? '');
  const failureIndex = messages.findIndex(
    (message) => target.deploymentId && message.includes(target.deploymentId) && /fail/i.test(message),
  );
  const failure = failureIndex >= 0 ? messages[failureIndex] : undefined;
  const rolledBack = messages.slice(0, failureIndex + 1).some((message) => /rolling back/i.test(message));
  const why = failure ? failure.replace(/^\(service [^)]*\)\s*/, '') : 'the deployment is no longer listed';
  return {
    phase: 'failed',
    reason: rolledBack
      ? `ECS circuit breaker rolled back: ${why}`
      : `${why}; the service now runs ${primary?.taskDefinition ?? 'nothing'}`,
    ecsRollbackDeploymentId:
      rolledBack && primary?.taskDefinition !== target.taskDefinitionArn ? primary?.id : undefined,
    transitionExpected: false,
    fingerprint,
  };
}

/** Reads one observation of a service for the followed deployment. */
export function readRollout(service: Service, target: RolloutTarget): RolloutReading {
  const deployments = service.deployments ?? [];
  const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
  const deployment = findDeployment(service, target);
  const fingerprint = JSON.stringify(
    deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks]),
  );
  if (!deployment) return goneDeployment(service, target, fingerprint);
  if (deployment.taskDefinition && deployment.taskDefinition !== target.taskDefinitionArn) {
    // Followed by id, yet on another revision: whatever it completes, it is not this run's revision.
    return {
      phase: 'failed',
      reason: `deployment ${deployment.id} runs ${shortArn(deployment.taskDefinition)}, not ${shortArn(target.taskDefinitionArn)} that this run expects`,
      deployment,
      transitionExpected: false,
      fingerprint,
    };
  }
  const rollback = primary && primary.id !== deployment.id ? primary.id : undefined;
  if (deployment.rolloutState === 'FAILED') {
    const why = deployment.rolloutStateReason ?? 'rolloutState FAILED';
    return {
      phase: 'failed',
      reason: rollback ? `ECS circuit breaker rolled back: ${why}` : `deployment failed: ${why}`,
      deployment,
      ecsRollbackDeploymentId: rollback,
      transitionExpected: false,
      fingerprint,
    };
  }
  if (deployment.status !== 'PRIMARY' && deployment.rolloutState === 'COMPLETED') {
    // It reached steady state before a later deployment (a queued run, or a person) replaced it.
    return {
      phase: 'completed',
      reason: `completed, since replaced by ${primary?.id ?? 'a later deployment'} (${shortArn(primary?.taskDefinition ?? 'unknown revision')})`,
      deployment,
      transitionExpected: false,
      fingerprint,
    };
  }
  if (deployment.status !== 'PRIMARY') {
    return {
      phase: 'failed',
      reason: `deployment ${deployment.id} was superseded by ${primary?.id ?? 'another deployment'} (${primary?.taskDefinition ?? 'unknown revision'})`,
      deployment,
      transitionExpected: false,
      fingerprint,
    };
  }
  const unplaced = stuckPlacement(service.events ?? [], deployment);
  if (unplaced) {
    // The circuit breaker never trips on this: tasks that cannot be placed never fail to start.
    const reason = placementFailureReason(deployment.id, unplaced);
    return { phase: 'failed', reason, deployment, transitionExpected: false, fingerprint };
  }
  const running = deployment.runningCount ?? 0;
  const desired = deployment.desiredCount ?? 0;
  // A scale-only update keeps the COMPLETED deployment and raises its desired count: also wait for the tasks.
  const completed =
    running >= desired &&
    (deployment.rolloutState === 'COMPLETED' ||
      (deployment.rolloutState === undefined && deployments.length === 1));
  return {
    phase: completed ? 'completed' : 'in-progress',
    reason: completed
      ? `completed: ${counts(deployment)}`
      : `${deployment.rolloutState ?? 'rolling'}: ${counts(deployment)}`,
    deployment,
    transitionExpected: (deployment.pendingCount ?? 0) > 0 || running < desired,
    fingerprint,
  };
}
