/**
 * The seed shape's world (examples/seed-shape): EC2 cluster `seed` with three container instances, services
 * web (behind `web-tg`, bridge networking, dynamic host ports), web-writer and worker on revision 1 of the
 * example's task definitions, and the two ECR repositories with known digests.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ImageBehaviour, WorldSeed } from '../../sim/index.js';
import { ROOT } from './action.js';

/** The registry of the simulated account. */
export const SEED_REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** A tag of one of the seed repositories (`seed/haproxy`, `seed/node`). */
export const seedImage = (repository: string, tag: string) => `${SEED_REGISTRY}/${repository}:${tag}`;

/** A fixed digest per repository and tag, so tests can deploy by digest. */
export function seedDigest(repository: string, tag: string): string {
  const hex = Buffer.from(`${repository}:${tag}`).toString('hex').padEnd(64, '0').slice(0, 64);
  return `sha256:${hex}`;
}

/** The image reference by digest, as build-push reports it. */
export const seedImageByDigest = (repository: string, tag: string) =>
  `${SEED_REGISTRY}/${repository}@${seedDigest(repository, tag)}`;

/** One of the example's task definitions with its bare repositories pinned to `tag`. */
export function seedTaskDefinition(file: string, tag: string): Record<string, unknown> {
  const definition = JSON.parse(readFileSync(join(ROOT, 'examples', 'seed-shape', '.aws', file), 'utf8')) as {
    containerDefinitions: { image: string }[];
  };
  for (const container of definition.containerDefinitions) container.image = seedImage(container.image, tag);
  return definition as unknown as Record<string, unknown>;
}

const TAGS = ['v1', 'v2', 'broken'];

/** The world; `behaviours` keyed like the simulator's (`@digest`, references). */
export function seedWorld(behaviours: Record<string, ImageBehaviour>): WorldSeed {
  const service = (serviceName: string, family: string, loadBalanced: boolean) => ({
    cluster: 'seed',
    serviceName,
    taskDefinition: family,
    desiredCount: 1,
    launchType: 'EC2' as const,
    loadBalancers: loadBalanced ? [{ targetGroup: 'web-tg', containerName: 'proxy', containerPort: 80 }] : [],
    deploymentConfiguration: {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: false },
    },
    healthCheckGracePeriodSeconds: loadBalanced ? 10 : undefined,
  });
  const repository = (name: string) => ({
    name,
    images: TAGS.map((tag) => ({ tags: [tag], digest: seedDigest(name, tag), sizeBytes: 10_000_000 })),
  });
  return {
    clusters: [{ name: 'seed', containerInstances: [{ count: 3 }] }],
    loadBalancers: [{ name: 'seed-alb' }],
    targetGroups: [
      {
        name: 'web-tg',
        port: 80,
        targetType: 'instance',
        healthCheck: { path: '/', intervalSeconds: 10, healthyThresholdCount: 2, unhealthyThresholdCount: 2 },
        deregistrationDelaySeconds: 5,
      },
    ],
    listeners: [
      {
        loadBalancer: 'seed-alb',
        port: 80,
        defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
      },
    ],
    taskDefinitions: [seedTaskDefinition('web.json', 'v1'), seedTaskDefinition('worker.json', 'v1')],
    services: [
      service('web', 'seed-web', true),
      service('web-writer', 'seed-web', false),
      service('worker', 'seed-worker', false),
    ],
    repositories: [repository('seed/haproxy'), repository('seed/node')],
    behaviours,
  };
}

/** Every seed image healthy (one-off runs exit 0 after two seconds), by tag and by digest. */
export function healthySeedImages(): Record<string, ImageBehaviour> {
  const healthy: ImageBehaviour = { kind: 'healthy', oneOff: { exitCode: 0, durationMs: 2_000 } };
  return Object.fromEntries(
    ['seed/haproxy', 'seed/node'].flatMap((repository) =>
      TAGS.flatMap((tag) => [
        [seedImage(repository, tag), healthy],
        [`@${seedDigest(repository, tag)}`, healthy],
      ]),
    ),
  );
}
