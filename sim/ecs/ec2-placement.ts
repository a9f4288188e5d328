/**
 * Where a service's (or a one-off) task runs on an EC2 cluster: the launch type a service's tasks get,
 * and the container instance and host ports chosen by instance-placement.ts under the service's
 * placementStrategy and placementConstraints. A cluster without container instances places nothing and
 * tasks run without an instance (the simulator's behaviour before container instances existed).
 */
import {
  groupOf,
  instanceUsage,
  place,
  taskDemand,
  type PlacementConstraint,
  type PlacementResult,
  type PlacementStrategy,
} from './instance-placement.js';
import type { ClusterRecord, ServiceRecord, TaskDefinitionRecord } from './records.js';
import type { EcsState } from './state.js';

/** The launch type of a service's tasks: EC2 for a capacity provider other than FARGATE / FARGATE_SPOT. */
export function launchTypeOf(
  service: Pick<ServiceRecord, 'launchType' | 'capacityProviderStrategy'>,
): string {
  if (service.launchType) return service.launchType;
  const providers = (service.capacityProviderStrategy ?? []).map((item) => String(item.capacityProvider));
  if (providers.length === 0) return 'EC2';
  return providers.every((name) => name.startsWith('FARGATE')) ? 'FARGATE' : 'EC2';
}

/** What placing a task needs. */
export interface InstancePlacementRequest {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  launchType: string;
  service?: ServiceRecord;
  strategy?: PlacementStrategy[];
  constraints?: PlacementConstraint[];
  capacityProviderStrategy?: Record<string, unknown>[];
}

/** The placement of one EC2 task, or undefined when the task needs no instance (Fargate, no instances). */
export function placeOnInstance(
  state: EcsState,
  request: InstancePlacementRequest,
): PlacementResult | undefined {
  const { cluster, taskDefinition } = request;
  if (request.launchType !== 'EC2' || cluster.containerInstances.size === 0) return undefined;
  const providers = (request.capacityProviderStrategy ?? []).map((item) => String(item.capacityProvider));
  const instances = [...cluster.containerInstances.values()].filter(
    (instance) =>
      providers.length === 0 ||
      !instance.capacityProviderName ||
      providers.includes(instance.capacityProviderName),
  );
  return place(instances, instanceUsage(cluster.tasks.values()), {
    demand: taskDemand(taskDefinition.body),
    group: groupOf({ service: request.service, taskDefinition }),
    strategy: request.strategy,
    constraints: [
      ...(request.constraints ?? []),
      ...((taskDefinition.body.placementConstraints as PlacementConstraint[] | undefined) ?? []),
    ],
    pick: (n) => state.rng.int(n),
  });
}

/** placeOnInstance for a service's task, with the service's strategy, constraints and capacity providers. */
export function placeServiceTask(
  state: EcsState,
  service: ServiceRecord,
  taskDefinition: TaskDefinitionRecord,
): PlacementResult | undefined {
  return placeOnInstance(state, {
    cluster: service.cluster,
    taskDefinition,
    launchType: launchTypeOf(service),
    service,
    strategy: service.extra.placementStrategy as PlacementStrategy[] | undefined,
    constraints: service.extra.placementConstraints as PlacementConstraint[] | undefined,
    capacityProviderStrategy: service.capacityProviderStrategy,
  });
}
