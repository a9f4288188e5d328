/** What a world seed may hold for ECS: clusters, task definitions and steady services. */
import type { CapacityProviderSeed, ContainerInstanceSeed } from './container-instances.js';

/** A service in a seed. Seeded services start steady: desiredCount tasks RUNNING, their targets healthy. */
export interface ServiceSeed {
  cluster: string;
  serviceName: string;
  /** Family, family:revision or ARN of a seeded task definition. */
  taskDefinition: string;
  /** Default 2. */
  desiredCount?: number;
  launchType?: 'FARGATE' | 'EC2';
  /** Target groups by name or ARN. */
  loadBalancers?: {
    targetGroup: string;
    containerName: string;
    containerPort: number;
    /** Native blue/green: alternate target group by name or ARN; rules by ARN or `lb:port[:priority]`. */
    advancedConfiguration?: {
      alternateTargetGroup: string;
      productionListenerRule: string;
      testListenerRule?: string;
      roleArn?: string;
    };
  }[];
  /** As in the ECS API (deploymentCircuitBreaker, minimumHealthyPercent, maximumPercent, strategy, ...). */
  deploymentConfiguration?: Record<string, unknown>;
  healthCheckGracePeriodSeconds?: number;
  networkConfiguration?: Record<string, unknown>;
  capacityProviderStrategy?: Record<string, unknown>[];
  placementStrategy?: Record<string, unknown>[];
  placementConstraints?: Record<string, unknown>[];
  tags?: { key: string; value: string }[];
}

/** What a world seed may hold for ECS (sections documented in sim/README.md). */
export interface EcsSeed {
  clusters?: {
    name: string;
    tags?: { key: string; value: string }[];
    /** EC2 container instances (sim/ecs/container-instances.ts); EC2 tasks are placed on them when present. */
    containerInstances?: ContainerInstanceSeed[];
    /** Capacity providers backed by an auto scaling group. */
    capacityProviders?: CapacityProviderSeed[];
  }[];
  /** RegisterTaskDefinition requests (plus `tags`), registered in order: revisions count per family. */
  taskDefinitions?: Record<string, unknown>[];
  services?: ServiceSeed[];
}
