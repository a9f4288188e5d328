/** UpdateService for each service, returning the deployment ECS started. */
import { UpdateServiceCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';

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
