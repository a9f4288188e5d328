/** The Service and Deployment objects as DescribeServices returns them. */
import type { DeploymentRecord, ServiceRecord } from './records.js';
import { isLive, tasksOf } from './tasks.js';

function counts(service: ServiceRecord, deploymentId?: string) {
  const tasks = tasksOf(service).filter(
    (task) => isLive(task) && (deploymentId === undefined || task.deploymentId === deploymentId),
  );
  return {
    runningCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingCount: tasks.filter((task) => task.lastStatus !== 'RUNNING').length,
  };
}

function describeDeployment(service: ServiceRecord, deployment: DeploymentRecord): Record<string, unknown> {
  return {
    id: deployment.id,
    status: deployment.status,
    taskDefinition: deployment.taskDefinitionArn,
    desiredCount: deployment.desiredCount,
    ...counts(service, deployment.id),
    failedTasks: deployment.failedTasks,
    createdAt: new Date(deployment.createdAt),
    updatedAt: new Date(deployment.updatedAt),
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: service.launchType === 'FARGATE' ? 'Linux' : undefined,
    networkConfiguration: service.networkConfiguration,
    rolloutState: deployment.rolloutState,
    rolloutStateReason: deployment.rolloutStateReason,
  };
}

/** The Service object. */
export function describeService(service: ServiceRecord, withTags: boolean): Record<string, unknown> {
  return {
    ...service.extra,
    serviceArn: service.arn,
    serviceName: service.name,
    clusterArn: service.cluster.arn,
    loadBalancers: service.loadBalancers.map((loadBalancer) => ({ ...loadBalancer })),
    serviceRegistries: [],
    status: service.status,
    desiredCount: service.desiredCount,
    ...counts(service),
    launchType: service.launchType,
    capacityProviderStrategy: service.capacityProviderStrategy,
    platformVersion: service.launchType === 'FARGATE' ? 'LATEST' : undefined,
    platformFamily: service.launchType === 'FARGATE' ? 'Linux' : undefined,
    taskDefinition: service.taskDefinitionArn,
    deploymentConfiguration: service.deploymentConfiguration,
    deployments: service.deployments.map((deployment) => describeDeployment(service, deployment)),
    events: service.events.map((event) => ({ ...event, createdAt: new Date(event.createdAt) })),
    createdAt: new Date(service.createdAt),
    createdBy: `arn:aws:iam::${service.arn.split(':')[4]}:role/ecs-kit-sim`,
    placementConstraints: service.extra.placementConstraints ?? [],
    placementStrategy: service.extra.placementStrategy ?? [],
    networkConfiguration: service.networkConfiguration,
    healthCheckGracePeriodSeconds: service.healthCheckGracePeriodSeconds,
    schedulingStrategy: 'REPLICA',
    deploymentController: { type: 'ECS' },
    enableECSManagedTags: service.extra.enableECSManagedTags ?? false,
    propagateTags: service.extra.propagateTags ?? 'NONE',
    enableExecuteCommand: service.extra.enableExecuteCommand ?? false,
    availabilityZoneRebalancing: service.extra.availabilityZoneRebalancing ?? 'ENABLED',
    tags: withTags ? service.tags : undefined,
  };
}
