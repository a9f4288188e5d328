/**
 * ECS's API is eventually consistent: right after UpdateService, DescribeServices may answer the service as
 * it was before. A deployment this run started is "visible" once the service lists it or an event names it
 * (ECS drops a failed deployment after rolling it back, but its events still name it). Until then a
 * reading says nothing about that deployment, and is not evidence that it failed or was rolled back.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { describeServices } from './services.js';
import type { EngineContext } from './types.js';

/** How long a deployment this run started may stay invisible before its absence counts. */
export const DEPLOYMENT_VISIBILITY_MS = 30_000;
const REREAD_MS = 2_000;

/** True when the description reflects the deployment: listed, or named by an event. */
export function showsDeployment(service: Service, deploymentId: string): boolean {
  if ((service.deployments ?? []).some((deployment) => deployment.id === deploymentId)) return true;
  return (service.events ?? []).some((event) => event.message?.includes(deploymentId));
}

/** The service once it shows `deploymentId` (read again every 2 s for up to 30 s); else the last answer. */
export async function describeShowing(
  context: EngineContext,
  cluster: string,
  service: Service,
  deploymentId: string,
): Promise<Service> {
  if (showsDeployment(service, deploymentId)) return service;
  const deadline = context.clock.now() + DEPLOYMENT_VISIBILITY_MS;
  let current: Service;
  // At least one read after a pause, however late the clock already is.
  do {
    await context.clock.sleep(REREAD_MS);
    [current] = await describeServices(context.clients.ecs, cluster, [service.serviceName!]);
  } while (!showsDeployment(current, deploymentId) && context.clock.now() < deadline);
  return current;
}
