/** The pure plan of a deployment: which services need an update, and whether to force a new deployment. */
import type { Service } from '@aws-sdk/client-ecs';
import { isMovingTag } from '../taskdef/image.js';
import { type TaskDefinitionInput } from '../taskdef/types.js';
import { desiredCountFor, type DesiredCount } from './desired-count.js';
import type { ServiceReport } from './report.js';

/** What the plan decides on. */
export interface PlanInput {
  services: Service[];
  /** The existing revision identical to the rendered one, if any. */
  identicalArn?: string;
  rendered: TaskDefinitionInput;
  forceNewDeployment: 'auto' | boolean;
  desiredCount?: DesiredCount;
  dryRun: boolean;
}

/**
 * `auto` forces a new deployment only when nothing else would start one (the revision is unchanged) and an
 * image names a moving tag, which may have been pushed again since the running tasks pulled it.
 */
export function shouldForce(
  input: Pick<PlanInput, 'forceNewDeployment' | 'identicalArn' | 'rendered'>,
): boolean {
  if (input.forceNewDeployment !== 'auto') return input.forceNewDeployment;
  return (
    input.identicalArn !== undefined &&
    (input.rendered.containerDefinitions ?? []).some((container) => isMovingTag(container.image ?? ''))
  );
}

/** One report per service: `updated` (or `planned` in a dry run) when anything would change, else `unchanged`. */
export function planServiceUpdates(input: PlanInput): ServiceReport[] {
  const force = shouldForce(input);
  return input.services.map((service) => {
    const onTarget = input.identicalArn !== undefined && service.taskDefinition === input.identicalArn;
    const count = desiredCountFor(input.desiredCount, service.serviceName ?? '');
    const countChanges = count !== undefined && count !== service.desiredCount;
    const update = !onTarget || force || countChanges;
    return {
      service: service.serviceName ?? '',
      previousTaskDefinitionArn: service.taskDefinition ?? '',
      previousDesiredCount: countChanges ? service.desiredCount : undefined,
      action: !update ? 'unchanged' : input.dryRun ? 'planned' : 'updated',
      forceNewDeployment: update && force,
      stoppedReasons: [],
    };
  });
}
