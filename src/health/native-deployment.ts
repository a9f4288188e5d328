/** ECS native blue/green/linear/canary service deployments: finding, reading and stopping them. */
import {
  DescribeServiceDeploymentsCommand,
  ListServiceDeploymentsCommand,
  StopServiceDeploymentCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
} from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';
import type { ServiceLoadBalancer } from './service.js';

/** Strategies ECS shifts traffic for itself. */
export const NATIVE_STRATEGIES = ['BLUE_GREEN', 'LINEAR', 'CANARY'];

/** A production target group, its alternate, and the production listener rule ECS shifts. */
export interface NativeLoadBalancer extends ServiceLoadBalancer {
  alternateTargetGroupArn: string;
  productionListenerRule?: string;
}

/** The service's native load balancer pairs; throws when the service is not set up for native blue/green. */
export function nativeLoadBalancers(service: Service): NativeLoadBalancer[] {
  const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
  if (!NATIVE_STRATEGIES.includes(strategy)) {
    throw new Error(
      `service '${service.serviceName}' uses deployment strategy ${strategy}, not BLUE_GREEN, LINEAR or CANARY: use strategy rolling or blue-green`,
    );
  }
  const entries = (service.loadBalancers ?? []).filter((entry) => entry.targetGroupArn);
  if (entries.length === 0)
    throw new Error(`service '${service.serviceName}' has no load balancer target group`);
  return entries.map((entry) => {
    const alternate = entry.advancedConfiguration?.alternateTargetGroupArn;
    if (!alternate) {
      throw new Error(
        `load balancer ${entry.targetGroupArn} of service '${service.serviceName}' has no alternate target group`,
      );
    }
    return {
      targetGroupArn: entry.targetGroupArn!,
      alternateTargetGroupArn: alternate,
      productionListenerRule: entry.advancedConfiguration?.productionListenerRule,
      containerName: entry.containerName ?? '',
      containerPort: entry.containerPort ?? 0,
    };
  });
}

/** The service deployment to follow: the given ARN, else the newest pending or in-progress one, else the newest. */
export async function findServiceDeployment(
  ecs: ECSClient,
  options: { cluster: string; service: string; arn?: string },
): Promise<string> {
  if (options.arn) return options.arn;
  try {
    for (const status of [['PENDING', 'IN_PROGRESS'] as const, undefined]) {
      const response = await ecs.send(
        new ListServiceDeploymentsCommand({
          cluster: options.cluster,
          service: options.service,
          status: status ? [...status] : undefined,
        }),
      );
      const newest = (response.serviceDeployments ?? []).sort(
        (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
      )[0];
      if (newest?.serviceDeploymentArn) return newest.serviceDeploymentArn;
    }
  } catch (error) {
    throw wrapError(`listing service deployments of '${options.service}'`, error);
  }
  throw new Error(`service '${options.service}' has no service deployment to follow`);
}

/** Describes one service deployment; an unknown ARN is a clear error. */
export async function describeServiceDeployment(ecs: ECSClient, arn: string): Promise<ServiceDeployment> {
  let found: ServiceDeployment | undefined;
  try {
    const response = await ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }));
    found = response.serviceDeployments?.[0];
  } catch (error) {
    throw wrapError(`describing service deployment ${arn}`, error);
  }
  if (!found) throw new Error(`service deployment ${arn} not found`);
  return found;
}

/** Asks ECS to roll the deployment back (StopServiceDeployment, stopType ROLLBACK). */
export async function stopWithRollback(ecs: ECSClient, arn: string): Promise<void> {
  try {
    await ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
  } catch (error) {
    throw wrapError(`stopping service deployment ${arn} with rollback`, error);
  }
}

/** Statuses after which a service deployment no longer changes. */
export const FINAL_STATUSES = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];
