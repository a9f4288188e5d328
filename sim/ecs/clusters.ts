/** ListClusters and DescribeClusters. */
import type { Handler } from '../protocol/handler.js';
import { paginate } from './paging.js';
import type { ClusterRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';

/** The Cluster object of DescribeClusters. */
function describeCluster(cluster: ClusterRecord, withTags: boolean): Record<string, unknown> {
  const tasks = [...cluster.tasks.values()].filter((task) => task.desiredStatus === 'RUNNING');
  return {
    clusterArn: cluster.arn,
    clusterName: cluster.name,
    status: 'ACTIVE',
    registeredContainerInstancesCount: cluster.containerInstances.size,
    runningTasksCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((task) => task.lastStatus !== 'RUNNING').length,
    activeServicesCount: [...cluster.services.values()].filter((service) => service.status === 'ACTIVE')
      .length,
    statistics: [],
    settings: [{ name: 'containerInsights', value: 'disabled' }],
    capacityProviders: [
      'FARGATE',
      'FARGATE_SPOT',
      ...cluster.capacityProviders.map((provider) => provider.name),
    ],
    defaultCapacityProviderStrategy: [],
    tags: withTags ? cluster.tags : undefined,
  };
}

/** The cluster handlers. */
export function clusterHandlers(state: EcsState): Record<string, Handler> {
  return {
    ListClusters(params: { maxResults?: unknown; nextToken?: unknown }) {
      const arns = [...state.clusters.values()].map((cluster) => cluster.arn);
      const page = paginate(arns, params, { defaultSize: 100, maxSize: 100 });
      return { clusterArns: page.items, nextToken: page.nextToken };
    },
    DescribeClusters(params: { clusters?: unknown; include?: unknown }) {
      const references = Array.isArray(params.clusters) ? params.clusters.map(String) : ['default'];
      if (references.length > 100) throw ecsError.invalid('Clusters cannot have more than 100 elements.');
      const withTags = Array.isArray(params.include) && params.include.includes('TAGS');
      const clusters: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const reference of references) {
        const name = reference.startsWith('arn:') ? reference.slice(reference.indexOf('/') + 1) : reference;
        const cluster = state.clusters.get(name);
        if (cluster) clusters.push(describeCluster(cluster, withTags));
        else failures.push({ arn: state.arn(`cluster/${name}`), reason: 'MISSING' });
      }
      return { clusters, failures };
    },
  };
}
