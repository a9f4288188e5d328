/**
 * The service calls: reading services (ten per DescribeServices call, as the API allows) with errors that
 * name what is missing, and UpdateService, which starts a deployment (or a rollback).
 */
import {
  DescribeServicesCommand,
  UpdateServiceCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { awsErrorName, wrapError } from '../errors.js';
import { serviceName } from '../arn.js';
import { unknownClusterMessage, unknownServicesMessage } from '../aws/lookup-hints.js';

const BATCH = 10;

/** A service that cannot be deployed to, named with its cluster. */
export class ServiceLookupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServiceLookupError';
  }
}

/** Describes services in batches of ten; order follows `services`. Throws naming unknown cluster or services. */
export async function describeServices(
  ecs: ECSClient,
  cluster: string,
  services: string[],
): Promise<Service[]> {
  const found: Service[] = [];
  const missing: string[] = [];
  for (let start = 0; start < services.length; start += BATCH) {
    const batch = services.slice(start, start + BATCH);
    let response;
    try {
      response = await ecs.send(new DescribeServicesCommand({ cluster, services: batch }));
    } catch (error) {
      if (awsErrorName(error) === 'ClusterNotFoundException')
        throw new ServiceLookupError(await unknownClusterMessage(ecs, cluster));
      if (awsErrorName(error) === 'CredentialsProviderError')
        throw wrapError(
          'no AWS credentials (configure them, e.g. with aws-actions/configure-aws-credentials)',
          error,
        );
      throw wrapError(`describing services in cluster '${cluster}'`, error);
    }
    for (const name of batch) {
      const service = response.services?.find(
        (candidate) => candidate.serviceName === serviceName(name) || candidate.serviceArn === name,
      );
      if (service) found.push(service);
      else missing.push(name);
    }
  }
  if (missing.length > 0) {
    throw new ServiceLookupError(await unknownServicesMessage(ecs, cluster, missing));
  }
  return found;
}

/** Throws unless every service can take a rolling update of its task definition. */
export function checkDeployable(cluster: string, services: Service[]): void {
  for (const service of services) {
    if (service.status !== 'ACTIVE') {
      throw new ServiceLookupError(
        `service '${service.serviceName}' in cluster '${cluster}' is ${service.status ?? 'not active'}, not ACTIVE`,
      );
    }
    const controller = service.deploymentController?.type ?? 'ECS';
    if (controller !== 'ECS') {
      throw new ServiceLookupError(
        `service '${service.serviceName}' uses the ${controller} deployment controller; ecs-deploy updates services with the ECS controller`,
      );
    }
  }
}

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
