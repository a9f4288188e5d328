/**
 * A cluster of many services for the batched gate's test and bench/multi-service.ts: `web` services behind
 * load balancers (`webPerTargetGroup` of them share each target group, as services behind one ALB path
 * often do) and `workers` without one, each service with its own family and one task.
 */
import type { ImageBehaviour, WorldSeed } from '../../sim/index.js';
import { shopRepository, webTaskDefinition } from './worlds.js';

/** An image of repository `shop` at `tag`. */
export const manyImage = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

/** How many services of each kind, and how web services share target groups. */
export interface ManyServicesOptions {
  web: number;
  workers: number;
  /** Web services per target group (default 1: a target group each). */
  webPerTargetGroup?: number;
  /** Image behaviours by image (e.g. a tag that never turns healthy, or crash-loops). */
  behaviours?: Record<string, ImageBehaviour>;
}

/** `web-3`, `worker-1`: the services' names. */
export const webName = (index: number) => `web-${index}`;
export const workerName = (index: number) => `worker-${index}`;

/** The target group name of web service `index`. */
export function targetGroupOf(index: number, webPerTargetGroup = 1): string {
  return `tg-${Math.floor(index / webPerTargetGroup)}`;
}

/**
 * The world: cluster `prod`, one ALB with a rule per target group, the services steady on `shop:v1`, and
 * repository `shop` with the tags of shopRepository() plus `crash`.
 */
export function manyServicesWorld(options: ManyServicesOptions): WorldSeed {
  const perGroup = options.webPerTargetGroup ?? 1;
  const web = Array.from({ length: options.web }, (_, i) => i);
  const workers = Array.from({ length: options.workers }, (_, i) => i);
  const groups = [...new Set(web.map((i) => targetGroupOf(i, perGroup)))];
  const steady = {
    minimumHealthyPercent: 100,
    maximumPercent: 200,
    deploymentCircuitBreaker: { enable: true, rollback: false },
  };
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: groups.length > 0 ? [{ name: 'alb' }] : [],
    targetGroups: groups.map((name) => ({
      name,
      port: 8080,
      targetType: 'ip' as const,
      healthCheck: { path: '/', intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
      deregistrationDelaySeconds: 5,
    })),
    listeners:
      groups.length > 0
        ? [{ loadBalancer: 'alb', port: 80, defaultActions: [{ type: 'fixed-response', statusCode: '404' }] }]
        : [],
    rules: groups.map((name, i) => ({
      loadBalancer: 'alb',
      listenerPort: 80,
      priority: i + 1,
      conditions: [{ field: 'path-pattern', values: [`/${name}/*`] }],
      actions: [{ type: 'forward' as const, targetGroups: [{ name }] }],
    })),
    taskDefinitions: [
      ...web.map((i) => ({ ...webTaskDefinition(manyImage('v1')), family: webName(i) })),
      ...workers.map((i) => ({ ...webTaskDefinition(manyImage('v1')), family: workerName(i) })),
    ],
    services: [
      ...web.map((i) => ({
        cluster: 'prod',
        serviceName: webName(i),
        taskDefinition: webName(i),
        desiredCount: 1,
        launchType: 'FARGATE' as const,
        loadBalancers: [
          { targetGroup: targetGroupOf(i, perGroup), containerName: 'web', containerPort: 8080 },
        ],
        deploymentConfiguration: steady,
        healthCheckGracePeriodSeconds: 10,
      })),
      ...workers.map((i) => ({
        cluster: 'prod',
        serviceName: workerName(i),
        taskDefinition: workerName(i),
        desiredCount: 1,
        launchType: 'FARGATE' as const,
        deploymentConfiguration: steady,
      })),
    ],
    repositories: [
      {
        ...shopRepository(),
        images: [...shopRepository().images, { tags: ['crash'], sizeBytes: 50_000_000 }],
      },
    ],
    behaviours: options.behaviours ?? {},
  };
}
