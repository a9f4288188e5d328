/** The CreateService request of a preview: the template service's placement and networking, one target group. */
import type { CreateServiceCommandInput, LoadBalancer, Service } from '@aws-sdk/client-ecs';
import type { PreviewTag } from './naming.js';

/** The template's load balancer entry the preview copies (container and port); throws when it has none. */
export function templateLoadBalancer(template: Service): LoadBalancer {
  const entry = (template.loadBalancers ?? []).find((balancer) => balancer.targetGroupArn);
  if (!entry?.containerName || entry.containerPort === undefined)
    throw new Error(
      `template service ${template.serviceName} has no target group: previews copy its load balancer entry`,
    );
  return entry;
}

/** What the preview service needs besides the template. */
export interface PreviewServiceSpec {
  cluster: string;
  serviceName: string;
  taskDefinitionArn: string;
  targetGroupArn: string;
  desiredCount: number;
  tags: PreviewTag[];
}

/** The CreateService request (pure): launch type or capacity providers, network, grace period, roles. */
export function createServiceRequest(template: Service, spec: PreviewServiceSpec): CreateServiceCommandInput {
  const balancer = templateLoadBalancer(template);
  const configuration = template.deploymentConfiguration;
  const usesCapacityProviders = (template.capacityProviderStrategy?.length ?? 0) > 0;
  return {
    cluster: spec.cluster,
    serviceName: spec.serviceName,
    taskDefinition: spec.taskDefinitionArn,
    desiredCount: spec.desiredCount,
    launchType: usesCapacityProviders ? undefined : template.launchType,
    capacityProviderStrategy: usesCapacityProviders ? template.capacityProviderStrategy : undefined,
    platformVersion: template.platformVersion,
    networkConfiguration: template.networkConfiguration,
    loadBalancers: [
      {
        targetGroupArn: spec.targetGroupArn,
        containerName: balancer.containerName,
        containerPort: balancer.containerPort,
      },
    ],
    // The service-linked role is used for awsvpc; a role given to a classic service is copied.
    role: template.roleArn,
    healthCheckGracePeriodSeconds: template.healthCheckGracePeriodSeconds,
    deploymentConfiguration: configuration
      ? {
          minimumHealthyPercent: configuration.minimumHealthyPercent,
          maximumPercent: configuration.maximumPercent,
          deploymentCircuitBreaker: configuration.deploymentCircuitBreaker,
        }
      : undefined,
    enableExecuteCommand: template.enableExecuteCommand,
    propagateTags: 'SERVICE',
    tags: spec.tags,
  };
}
