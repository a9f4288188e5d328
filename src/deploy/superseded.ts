/**
 * Telling "our rollout failed" apart from "someone else deployed over it". When another run (or a person)
 * has pointed the service at a different revision since this run's UpdateService, rolling back would undo
 * their deployment and interleave the two: the service is left alone and the run fails, naming the other
 * deployment.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { shortArn } from '../arn.js';

/** What this run did to one service. */
export interface OwnRollout {
  deploymentId?: string;
  taskDefinitionArn: string;
  previousTaskDefinitionArn: string;
}

/**
 * Why the service is no longer ours, or undefined when its PRIMARY deployment is still this run's, or is
 * ECS's own rollback to the previous revision (circuit breaker).
 */
export function supersededBy(service: Service, own: OwnRollout): string | undefined {
  const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
  if (!primary) return undefined;
  if (own.deploymentId && primary.id === own.deploymentId) return undefined;
  if (
    primary.taskDefinition === own.taskDefinitionArn ||
    primary.taskDefinition === own.previousTaskDefinitionArn
  )
    return undefined;
  return `superseded by another deployment (${primary.id ?? 'unknown id'}, ${shortArn(primary.taskDefinition ?? '')}), started by another run or by hand; not rolled back`;
}
