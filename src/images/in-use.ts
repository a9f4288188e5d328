/**
 * The in-use scan: every image that a cluster runs or may need to roll back to. Per cluster: services (their
 * task definition and PRIMARY/ACTIVE deployments), running tasks, and the task definitions behind them; per
 * service, every rollback candidate of the one rule rollback mode uses (src/deploy/rollback-candidates.ts);
 * per task definition family of a service, the newest K ACTIVE revisions, tagged or not.
 * Any failure aborts the scan with the cluster it concerns: a partial picture must never drive deletion.
 */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTaskDefinitionsCommand,
  ListTasksCommand,
  type ECSClient,
  type Service,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import { findRollbackCandidates } from '../deploy/rollback-candidates.js';
import { wrapError } from '../errors.js';
import { chunk } from '../chunk.js';
import { mapWithLimit } from './pool.js';
import { familyOf, lastSegment, shortArn } from '../arn.js';

/** One image reference found in the scan, as the task definition or task wrote it. */
export interface ImageUse {
  /** e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1` or `...shop@sha256:...` */
  image: string;
  /** The digest a running task actually pulled, when ECS reported it. */
  digest?: string;
  kind: 'in-use' | 'rollback';
  reason: string;
}

/** What the scan looked at, for the summary and the API call budget. */
export interface InUseScan {
  uses: ImageUse[];
  clusters: string[];
  services: number;
  tasks: number;
  taskDefinitions: number;
}

/** How to scan. */
export interface InUseScanOptions {
  ecs: ECSClient;
  /** Cluster names or ARNs; every cluster in the region when empty. */
  clusters: readonly string[];
  /**
   * How many of the newest ACTIVE revisions per service family to protect, tagged or not; also how many
   * rollback candidates per service (at least one: the revision rollback mode would choose).
   */
  rollbackRevisions: number;
  /** Clusters scanned at once. */
  concurrency: number;
}

interface DescribedTaskDefinition {
  definition: TaskDefinition;
  tags: Tag[];
}

async function listAll(fetch: (nextToken?: string) => Promise<{ arns?: string[]; nextToken?: string }>) {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await fetch(nextToken);
    arns.push(...(page.arns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

/** Scans clusters for the images they use and the images their services could roll back to. */
export async function scanImagesInUse(options: InUseScanOptions): Promise<InUseScan> {
  const { ecs } = options;
  const taskDefinitions = new Map<string, Promise<DescribedTaskDefinition>>();
  const describeTaskDefinition = (arn: string) => {
    let pending = taskDefinitions.get(arn);
    if (!pending) {
      pending = ecs
        .send(new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }))
        .then((response) => ({ definition: response.taskDefinition!, tags: response.tags ?? [] }));
      // A failed read must not stay cached as the answer for the next caller.
      pending.catch(() => taskDefinitions.delete(arn));
      taskDefinitions.set(arn, pending);
    }
    return pending;
  };
  const uses: ImageUse[] = [];
  const useImages = async (arn: string, kind: ImageUse['kind'], reason: (revision: string) => string) => {
    const { definition } = await describeTaskDefinition(arn);
    for (const container of definition.containerDefinitions ?? []) {
      if (container.image) uses.push({ image: container.image, kind, reason: reason(shortArn(arn)) });
    }
  };

  let clusters = [...options.clusters];
  if (clusters.length === 0) {
    try {
      clusters = await listAll(async (nextToken) => {
        const page = await ecs.send(new ListClustersCommand({ maxResults: 100, nextToken }));
        return { arns: page.clusterArns, nextToken: page.nextToken };
      });
    } catch (error) {
      throw wrapError('listing ECS clusters for the in-use scan', error);
    }
  }

  let services = 0;
  let tasks = 0;
  // family -> the clusters whose services use it (for rollback targets and error messages)
  const families = new Map<string, Set<string>>();
  const scanned: { cluster: string; name: string; service: Service }[] = [];
  await mapWithLimit(clusters, options.concurrency, async (cluster) => {
    const name = lastSegment(cluster);
    try {
      const serviceArns = await listAll(async (nextToken) => {
        const page = await ecs.send(new ListServicesCommand({ cluster, maxResults: 100, nextToken }));
        return { arns: page.serviceArns, nextToken: page.nextToken };
      });
      for (const batch of chunk(serviceArns, 10)) {
        const response = await ecs.send(new DescribeServicesCommand({ cluster, services: batch }));
        // A service deleted since ListServices is MISSING; anything else means we cannot see it.
        const failure = response.failures?.find((entry) => entry.reason !== 'MISSING');
        if (failure)
          throw new Error(
            `cannot describe service ${failure.arn}: ${failure.reason} ${failure.detail ?? ''}`.trim(),
          );
        for (const service of response.services ?? []) {
          services++;
          const deployments = (service.deployments ?? []).filter(
            (deployment) => deployment.status === 'PRIMARY' || deployment.status === 'ACTIVE',
          );
          // The service's own revision counts even when its deployments do not list it.
          if (
            service.taskDefinition &&
            !deployments.some((d) => d.taskDefinition === service.taskDefinition)
          ) {
            deployments.push({ status: 'PRIMARY', taskDefinition: service.taskDefinition });
          }
          for (const deployment of deployments) {
            if (!deployment.taskDefinition) continue;
            const family = familyOf(deployment.taskDefinition);
            families.set(family, (families.get(family) ?? new Set()).add(name));
            await useImages(
              deployment.taskDefinition,
              'in-use',
              (revision) =>
                `service ${name}/${service.serviceName}, ${deployment.status} deployment of ${revision}`,
            );
          }
          scanned.push({ cluster, name, service });
        }
      }
      const taskArns = await listAll(async (nextToken) => {
        const page = await ecs.send(
          new ListTasksCommand({ cluster, desiredStatus: 'RUNNING', maxResults: 100, nextToken }),
        );
        return { arns: page.taskArns, nextToken: page.nextToken };
      });
      for (const batch of chunk(taskArns, 100)) {
        const response = await ecs.send(new DescribeTasksCommand({ cluster, tasks: batch }));
        const failure = response.failures?.find((entry) => entry.reason !== 'MISSING');
        if (failure)
          throw new Error(
            `cannot describe task ${failure.arn}: ${failure.reason} ${failure.detail ?? ''}`.trim(),
          );
        for (const task of response.tasks ?? []) {
          tasks++;
          const reason = `running task ${name}/${lastSegment(task.taskArn ?? '?')}${task.group ? ` (${task.group})` : ''}`;
          if (task.taskDefinitionArn) {
            await useImages(task.taskDefinitionArn, 'in-use', (revision) => `${reason} of ${revision}`);
          }
          for (const container of task.containers ?? []) {
            if (container.image && container.imageDigest) {
              uses.push({ image: container.image, digest: container.imageDigest, kind: 'in-use', reason });
            }
          }
        }
      }
    } catch (error) {
      throw wrapError(`scanning cluster ${name} for images in use`, error);
    }
  });

  const describe = async (arn: string) => {
    const { definition, tags } = await describeTaskDefinition(arn);
    return { status: definition.status, tags };
  };
  await mapWithLimit(scanned, options.concurrency, async ({ cluster, name, service }) => {
    if (!service.taskDefinition) return;
    const candidates = await findRollbackCandidates(ecs, {
      cluster,
      service,
      limit: Math.max(1, options.rollbackRevisions),
      describe,
    }).catch((error: unknown) => {
      throw wrapError(`scanning cluster ${name} for rollback targets of ${service.serviceName}`, error);
    });
    for (const candidate of candidates) {
      await useImages(
        candidate.taskDefinitionArn,
        'rollback',
        (revision) => `rollback target ${revision} of ${name}/${service.serviceName} (${candidate.reason})`,
      );
    }
  });

  await mapWithLimit([...families], options.concurrency, async ([family, usedBy]) => {
    try {
      await protectNewestRevisions({
        ecs,
        family,
        count: options.rollbackRevisions,
        useImages,
      });
    } catch (error) {
      throw wrapError(
        `scanning cluster ${[...usedBy].sort().join(', ')} for rollback targets of ${family}`,
        error,
      );
    }
  });

  return {
    uses,
    clusters: clusters.map(lastSegment),
    services,
    tasks,
    taskDefinitions: taskDefinitions.size,
  };
}

/** The revision number of a task definition ARN (0 when it has none). */
const revisionNumber = (arn: string) => Number(/:(\d+)$/.exec(arn)?.[1] ?? 0);

/**
 * Protects the newest `count` ACTIVE revisions of `family`, tagged or not: a person may roll back to any of
 * them by hand. Newest by revision number, sorted here rather than trusting the API's order.
 */
async function protectNewestRevisions(options: {
  ecs: ECSClient;
  family: string;
  count: number;
  useImages: (arn: string, kind: ImageUse['kind'], reason: (revision: string) => string) => Promise<void>;
}): Promise<void> {
  if (options.count <= 0) return;
  const arns = await listAll(async (nextToken) => {
    const page = await options.ecs.send(
      new ListTaskDefinitionsCommand({
        familyPrefix: options.family,
        status: 'ACTIVE',
        sort: 'DESC',
        maxResults: 100,
        nextToken,
      }),
    );
    return { arns: page.taskDefinitionArns, nextToken: page.nextToken };
  });
  // familyPrefix is a prefix on some APIs' readings; keep only this exact family.
  const newest = arns
    .filter((arn) => familyOf(arn) === options.family)
    .sort((a, b) => revisionNumber(b) - revisionNumber(a))
    .slice(0, options.count);
  for (const [index, arn] of newest.entries()) {
    await options.useImages(
      arn,
      'rollback',
      (revision) =>
        `rollback window: ${revision} is #${index + 1} of the newest ${options.count} ACTIVE revisions`,
    );
  }
}
