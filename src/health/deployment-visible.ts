/**
 * ECS's API is eventually consistent: right after UpdateService, DescribeServices may still answer the
 * service as it was, without the deployment UpdateService just returned. A deployment id the service does
 * not list yet is read again for a short while before it counts as unknown.
 */
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { Clock } from '../clock.js';
import { describeService, findDeployment } from './service.js';

/** How long a deployment id may stay invisible after the write that created it. */
export const DEPLOYMENT_VISIBILITY_MS = 30_000;
const REREAD_MS = 2_000;

/** What the re-read needs. */
export interface DeploymentVisibilityOptions {
  ecs: ECSClient;
  clock: Clock;
  signal?: AbortSignal;
  cluster: string;
  deploymentId: string;
}

/**
 * The service, once it lists `deploymentId` (read again every 2 s for up to 30 s); the last answer when it
 * never does, for the caller to report.
 */
export async function serviceListingDeployment(
  options: DeploymentVisibilityOptions,
  service: Service,
): Promise<Service> {
  if (findDeployment(service, options.deploymentId)) return service;
  const deadline = options.clock.now() + DEPLOYMENT_VISIBILITY_MS;
  let current: Service;
  // At least one read after a pause, however late the clock already is.
  do {
    await options.clock.sleep(REREAD_MS, options.signal);
    current = await describeService(options.ecs, options.cluster, service.serviceName!);
  } while (!findDeployment(current, options.deploymentId) && options.clock.now() < deadline);
  return current;
}

/**
 * Why a deployment the service no longer lists ended, from the service events that name it as failed
 * (ECS drops a deployment once its circuit breaker rolled it back); undefined when no event says so.
 */
export function endedDeployment(service: Service, deploymentId: string): string | undefined {
  if (findDeployment(service, deploymentId)) return undefined;
  const failure = (service.events ?? []).find(
    (event) => event.message?.includes(deploymentId) && /fail/i.test(event.message),
  );
  return failure?.message?.replace(/^\(service [^)]*\)\s*/, '');
}
