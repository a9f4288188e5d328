/**
 * An EC2-backed world: cluster `prod` with container instances (m5.large-sized: 2048 CPU units, 7680 MiB)
 * spread over three zones, a `bridge` service `web` with dynamic host ports behind an `instance` target
 * group, and the ECR repository holding its image.
 */
import type { WorldSeed } from '../../sim/index.js';
import { shopRepository } from './worlds.js';

/** The EC2 web task definition: container `web` on 8080, bridge networking, dynamic host port. */
export function ec2TaskDefinition(
  image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1',
  memory = 512,
): Record<string, unknown> {
  return {
    family: 'shop-web',
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        cpu: 256,
        memory,
        portMappings: [{ containerPort: 8080, hostPort: 0, protocol: 'tcp' }],
      },
    ],
  };
}

/** Options for ec2World. */
export interface Ec2WorldOptions {
  instances?: number;
  desiredCount?: number;
  /** Replaces the web task definition (its first container must be `web` on 8080, unless given). */
  taskDefinition?: Record<string, unknown>;
  container?: { name: string; port: number };
  /** Place through this capacity provider instead of launch type EC2. */
  capacityProvider?: string;
  deploymentConfiguration?: Record<string, unknown>;
  placementStrategy?: Record<string, unknown>[];
  placementConstraints?: Record<string, unknown>[];
  networkConfiguration?: Record<string, unknown>;
  deregistrationDelaySeconds?: number;
}

/** The EC2 world (see the file comment). */
export function ec2World(options: Ec2WorldOptions = {}): WorldSeed {
  const taskDefinition = options.taskDefinition ?? ec2TaskDefinition();
  const container = options.container ?? { name: 'web', port: 8080 };
  const awsvpc = taskDefinition.networkMode === 'awsvpc';
  return {
    clusters: [
      {
        name: 'prod',
        containerInstances: [{ count: options.instances ?? 3, capacityProvider: options.capacityProvider }],
        capacityProviders: options.capacityProvider ? [{ name: options.capacityProvider }] : [],
      },
    ],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [
      {
        name: 'web-tg',
        port: container.port,
        targetType: awsvpc ? 'ip' : 'instance',
        healthCheck: { path: '/', intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
        deregistrationDelaySeconds: options.deregistrationDelaySeconds ?? 30,
      },
    ],
    listeners: [
      {
        loadBalancer: 'shop-alb',
        port: 80,
        defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
      },
    ],
    taskDefinitions: [taskDefinition],
    services: [
      {
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: String(taskDefinition.family),
        desiredCount: options.desiredCount ?? 2,
        ...(options.capacityProvider
          ? { capacityProviderStrategy: [{ capacityProvider: options.capacityProvider, weight: 1 }] }
          : { launchType: 'EC2' as const }),
        loadBalancers: [
          { targetGroup: 'web-tg', containerName: container.name, containerPort: container.port },
        ],
        deploymentConfiguration: options.deploymentConfiguration ?? {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: true, rollback: true },
        },
        placementStrategy: options.placementStrategy,
        placementConstraints: options.placementConstraints,
        networkConfiguration: options.networkConfiguration,
        healthCheckGracePeriodSeconds: 30,
      },
    ],
    repositories: [shopRepository()],
  };
}
