/**
 * Reading the ECS service being gated: its load balancers and its deployments. An unknown cluster or
 * service is named with the ones that exist (src/aws/lookup-hints.ts), as ecs-deploy names them.
 */
import { DescribeServicesCommand, type Deployment, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import { unknownClusterMessage, unknownServicesMessage } from '../aws/lookup-hints.js';
import { awsErrorName, wrapError } from '../errors.js';

/** One load balancer entry of a service: which container port a target group forwards to. */
export interface ServiceLoadBalancer {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
}

/** Describes one ACTIVE service; throws a clear error when it is missing or draining. */
export async function describeService(ecs: ECSClient, cluster: string, service: string): Promise<Service> {
  let found: Service | undefined;
  let failure: string | undefined;
  try {
    const response = await ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
    found = response.services?.[0];
    failure = response.failures?.[0]?.reason;
  } catch (error) {
    throw await lookupError(ecs, cluster, [service], error);
  }
  if (!found) throw new Error(await unknownServicesMessage(ecs, cluster, [service]));
  if (found.status !== 'ACTIVE') {
    const why = failure ? ` (${failure.toLowerCase()})` : ` (status ${found.status})`;
    throw new Error(`service '${service}' not found in cluster '${cluster}'${why}`);
  }
  return found;
}

/** Describes several services in one call (DescribeServices takes up to 10), in the order asked. */
export async function describeServices(ecs: ECSClient, cluster: string, names: string[]): Promise<Service[]> {
  let response;
  try {
    response = await ecs.send(new DescribeServicesCommand({ cluster, services: names }));
  } catch (error) {
    throw await lookupError(ecs, cluster, names, error);
  }
  const found = names.map((name) =>
    response.services?.find(
      (service) =>
        service.status === 'ACTIVE' && (service.serviceName === name || service.serviceArn === name),
    ),
  );
  const missing = names.filter((_, index) => !found[index]);
  if (missing.length > 0) throw new Error(await unknownServicesMessage(ecs, cluster, missing));
  return found as Service[];
}

/** A failed DescribeServices: an unknown cluster names the clusters that exist; anything else is wrapped. */
async function lookupError(ecs: ECSClient, cluster: string, names: string[], error: unknown): Promise<Error> {
  if (awsErrorName(error) === 'ClusterNotFoundException')
    return new Error(await unknownClusterMessage(ecs, cluster));
  return wrapError(
    `describing service${names.length > 1 ? 's' : ''} ${names.join(', ')} in cluster '${cluster}'`,
    error,
  );
}

/** The service's target-group attachments; throws when it has none, since there is no target health to gate on. */
export function serviceLoadBalancers(service: Service): ServiceLoadBalancer[] {
  const entries = (service.loadBalancers ?? []).filter((entry) => entry.targetGroupArn);
  if (entries.length === 0) {
    throw new Error(
      `service '${service.serviceName}' has no load balancer target group: there is no target health to gate on`,
    );
  }
  return entries.map((entry) => ({
    targetGroupArn: entry.targetGroupArn!,
    containerName: entry.containerName ?? '',
    containerPort: entry.containerPort ?? 0,
  }));
}

/** The deployment to gate: the one with `deploymentId`, else the PRIMARY one; undefined when gone. */
export function findDeployment(service: Service, deploymentId?: string): Deployment | undefined {
  const deployments = service.deployments ?? [];
  if (deploymentId) return deployments.find((deployment) => deployment.id === deploymentId);
  return deployments.find((deployment) => deployment.status === 'PRIMARY');
}
