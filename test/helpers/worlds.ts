/**
 * Standard simulated worlds shared by tests, benchmarks and the demo. Health-check settings are AWS's
 * realistic ones (interval 30 s, healthy threshold 3 by default here 2 to keep tests short); run them
 * with a time scale.
 */
import type { WorldSeed } from '../../sim/index.js';

/** The web task definition: one container `web` listening on 8080, Fargate. */
export function webTaskDefinition(image = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1') {
  return {
    family: 'shop-web',
    networkMode: 'awsvpc',
    requiresCompatibilities: ['FARGATE'],
    cpu: '256',
    memory: '512',
    executionRoleArn: 'arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
    containerDefinitions: [
      {
        name: 'web',
        image,
        essential: true,
        portMappings: [{ containerPort: 8080, protocol: 'tcp' }],
        environment: [{ name: 'MODE', value: 'production' }],
      },
    ],
  };
}

/**
 * Tags the tests deploy from repository `shop`: ecs-deploy checks that an ECR image exists before it
 * registers anything, so every tag a test deploys is pushed (an unpushed tag is a test of its own).
 */
export const PUSHED_SHOP_TAGS = ['v2', 'v3', 'v4', 'v5', 'latest', 'broken', 'stuck', 'slow', 'sick', 'bad'];

/** Repository `shop`: the running image v1 (50 MB) and the tags in PUSHED_SHOP_TAGS. */
export function shopRepository() {
  return {
    name: 'shop',
    images: [
      { tags: ['v1'], sizeBytes: 50_000_000 },
      ...PUSHED_SHOP_TAGS.map((tag) => ({ tags: [tag], sizeBytes: 50_000_000 })),
    ],
  };
}

/** Options for the rolling world. */
export interface RollingWorldOptions {
  image?: string;
  desiredCount?: number;
  circuitBreaker?: boolean;
  healthCheckIntervalSeconds?: number;
  healthyThresholdCount?: number;
  deregistrationDelaySeconds?: number;
}

/**
 * One cluster `prod`, one service `web` (task family shop-web, 2 tasks) behind target group `web-tg`
 * on listener `shop-alb:80`, and an ECR repository `shop` holding the running image.
 */
export function rollingWorld(options: RollingWorldOptions = {}): WorldSeed {
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [
      {
        name: 'web-tg',
        port: 8080,
        targetType: 'ip',
        healthCheck: {
          path: '/health',
          intervalSeconds: options.healthCheckIntervalSeconds ?? 30,
          healthyThresholdCount: options.healthyThresholdCount ?? 2,
          unhealthyThresholdCount: 2,
        },
        deregistrationDelaySeconds: options.deregistrationDelaySeconds ?? 300,
      },
    ],
    listeners: [
      {
        loadBalancer: 'shop-alb',
        port: 80,
        defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
      },
    ],
    taskDefinitions: [webTaskDefinition(options.image)],
    services: [
      {
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'shop-web',
        desiredCount: options.desiredCount ?? 2,
        launchType: 'FARGATE',
        loadBalancers: [{ targetGroup: 'web-tg', containerName: 'web', containerPort: 8080 }],
        deploymentConfiguration: {
          minimumHealthyPercent: 100,
          maximumPercent: 200,
          deploymentCircuitBreaker: { enable: options.circuitBreaker ?? true, rollback: true },
        },
        healthCheckGracePeriodSeconds: 60,
      },
    ],
    repositories: [shopRepository()],
  };
}

/**
 * Kit-managed blue/green: services `web-blue` (live, 100% weight, target group `blue-tg`) and `web-green`
 * (idle, 0 tasks, `green-tg`), both forwarded by listener `shop-alb:80`, plus a production rule
 * on path `/api/*` for rule-based tests.
 */
export function blueGreenWorld(options: RollingWorldOptions = {}): WorldSeed {
  const healthCheck = {
    path: '/health',
    intervalSeconds: options.healthCheckIntervalSeconds ?? 30,
    healthyThresholdCount: options.healthyThresholdCount ?? 2,
    unhealthyThresholdCount: 2,
  };
  const deregistrationDelaySeconds = options.deregistrationDelaySeconds ?? 300;
  const service = (name: string, targetGroup: string, desiredCount: number) => ({
    cluster: 'prod',
    serviceName: name,
    taskDefinition: 'shop-web',
    desiredCount,
    launchType: 'FARGATE' as const,
    loadBalancers: [{ targetGroup, containerName: 'web', containerPort: 8080 }],
    deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
  });
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [
      { name: 'blue-tg', port: 8080, healthCheck, deregistrationDelaySeconds },
      { name: 'green-tg', port: 8080, healthCheck, deregistrationDelaySeconds },
    ],
    listeners: [
      {
        loadBalancer: 'shop-alb',
        port: 80,
        defaultActions: [
          {
            type: 'forward',
            targetGroups: [
              { name: 'blue-tg', weight: 100 },
              { name: 'green-tg', weight: 0 },
            ],
          },
        ],
      },
    ],
    taskDefinitions: [webTaskDefinition(options.image)],
    services: [
      service('web-blue', 'blue-tg', options.desiredCount ?? 2),
      service('web-green', 'green-tg', 0),
    ],
    repositories: [shopRepository()],
  };
}

/** Options for the native blue/green world. */
export interface NativeBlueGreenWorldOptions extends RollingWorldOptions {
  bakeTimeInMinutes?: number;
}

/**
 * ECS native blue/green: service `web` (strategy BLUE_GREEN) with target group `blue-tg` live and
 * `green-tg` as the alternate. Production traffic goes through rule priority 10 (`/*`) of listener
 * `shop-alb:80`, test traffic through listener `shop-alb:9000`; both forward blue 100 / green 0.
 */
export function nativeBlueGreenWorld(options: NativeBlueGreenWorldOptions = {}): WorldSeed {
  const healthCheck = {
    path: '/health',
    intervalSeconds: options.healthCheckIntervalSeconds ?? 30,
    healthyThresholdCount: options.healthyThresholdCount ?? 2,
    unhealthyThresholdCount: 2,
  };
  const deregistrationDelaySeconds = options.deregistrationDelaySeconds ?? 300;
  const forward = {
    type: 'forward' as const,
    targetGroups: [
      { name: 'blue-tg', weight: 100 },
      { name: 'green-tg', weight: 0 },
    ],
  };
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [
      { name: 'blue-tg', port: 8080, healthCheck, deregistrationDelaySeconds },
      { name: 'green-tg', port: 8080, healthCheck, deregistrationDelaySeconds },
    ],
    listeners: [
      {
        loadBalancer: 'shop-alb',
        port: 80,
        defaultActions: [{ type: 'fixed-response', statusCode: '404' }],
      },
      { loadBalancer: 'shop-alb', port: 9000, defaultActions: [forward] },
    ],
    rules: [
      {
        loadBalancer: 'shop-alb',
        listenerPort: 80,
        priority: 10,
        conditions: [{ field: 'path-pattern', values: ['/*'] }],
        actions: [forward],
      },
    ],
    taskDefinitions: [webTaskDefinition(options.image)],
    services: [
      {
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'shop-web',
        desiredCount: options.desiredCount ?? 2,
        launchType: 'FARGATE',
        loadBalancers: [
          {
            targetGroup: 'blue-tg',
            containerName: 'web',
            containerPort: 8080,
            advancedConfiguration: {
              alternateTargetGroup: 'green-tg',
              productionListenerRule: 'shop-alb:80:10',
              testListenerRule: 'shop-alb:9000',
            },
          },
        ],
        deploymentConfiguration: {
          strategy: 'BLUE_GREEN',
          bakeTimeInMinutes: options.bakeTimeInMinutes ?? 5,
          deploymentCircuitBreaker: { enable: options.circuitBreaker ?? true, rollback: true },
        },
        healthCheckGracePeriodSeconds: 60,
      },
    ],
    repositories: [shopRepository()],
  };
}
