/**
 * EC2 container instances and capacity providers, as far as a deployment sees them: seeded into a cluster
 * (RegisterContainerInstance is not modelled), listed and described with their registered and remaining
 * CPU, memory and ports, and set to DRAINING, after which the service scheduler replaces their tasks
 * elsewhere (see rolling.ts) and places nothing new on them.
 */
import type { Handler } from '../protocol/handler.js';
import { instanceUsage } from './instance-placement.js';
import { paginate } from './paging.js';
import { parsePlacementExpression } from './placement-expression.js';
import type { CapacityProviderRecord, ClusterRecord, ContainerInstanceRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';

/** Ports the ECS agent reserves on every instance (RegisterContainerInstance documentation). */
const AGENT_PORTS = [22, 2375, 2376, 51678, 51679];

/** A container instance in a world seed (all fields optional: an m5.large in the region's first zone). */
export interface ContainerInstanceSeed {
  /** How many identical instances (default 1); zones rotate over a, b, c unless one is given. */
  count?: number;
  instanceType?: string;
  availabilityZone?: string;
  /** Registered CPU units (default 2048) and memory in MiB (default 7680). */
  cpu?: number;
  memory?: number;
  attributes?: Record<string, string>;
  capacityProvider?: string;
  status?: 'ACTIVE' | 'DRAINING';
}

/** A capacity provider backed by an auto scaling group, in a world seed. */
export interface CapacityProviderSeed {
  name: string;
  autoScalingGroupName?: string;
  managedScaling?: boolean;
  targetCapacity?: number;
}

/** Adds seeded container instances and capacity providers to a cluster. */
export function seedContainerInstances(
  state: EcsState,
  cluster: ClusterRecord,
  instances: ContainerInstanceSeed[] = [],
  providers: CapacityProviderSeed[] = [],
): void {
  for (const provider of providers) {
    const group = provider.autoScalingGroupName ?? `${provider.name}-asg`;
    const record: CapacityProviderRecord = {
      name: provider.name,
      arn: state.arn(`capacity-provider/${provider.name}`),
      autoScalingGroupArn: `arn:aws:autoscaling:${state.sim.region}:${state.sim.accountId}:autoScalingGroup:${state.hexId(8)}-${state.hexId(4)}-${state.hexId(4)}-${state.hexId(4)}-${state.hexId(12)}:autoScalingGroupName/${group}`,
      managedScaling: provider.managedScaling === false ? 'DISABLED' : 'ENABLED',
      targetCapacity: provider.targetCapacity ?? 100,
      managedTerminationProtection: 'DISABLED',
    };
    cluster.capacityProviders.push(record);
  }
  for (const seed of instances) {
    for (let index = 0; index < (seed.count ?? 1); index++) {
      const id = state.hexId(32);
      const zone =
        seed.availabilityZone ?? `${state.sim.region}${'abc'[cluster.containerInstances.size % 3]}`;
      const instanceType = seed.instanceType ?? 'm5.large';
      const record: ContainerInstanceRecord = {
        arn: state.arn(`container-instance/${cluster.name}/${id}`),
        id,
        ec2InstanceId: `i-${state.hexId(17)}`,
        status: seed.status ?? 'ACTIVE',
        cpu: seed.cpu ?? 2048,
        memory: seed.memory ?? 7680,
        reservedPorts: AGENT_PORTS,
        attributes: {
          'ecs.instance-type': instanceType,
          'ecs.availability-zone': zone,
          'ecs.os-type': 'linux',
          'ecs.cpu-architecture': 'x86_64',
          ...(seed.attributes ?? {}),
        },
        capacityProviderName: seed.capacityProvider,
        registeredAt: state.sim.clock.now(),
      };
      cluster.containerInstances.set(record.arn, record);
    }
  }
}

/** The ContainerInstance object of DescribeContainerInstances. */
function describeInstance(
  cluster: ClusterRecord,
  instance: ContainerInstanceRecord,
): Record<string, unknown> {
  const used = instanceUsage(cluster.tasks.values()).get(instance.arn);
  const tasks = [...cluster.tasks.values()].filter(
    (task) => task.containerInstance === instance && task.lastStatus !== 'STOPPED',
  );
  const resources = (cpu: number, memory: number, ports: number[]) => [
    { name: 'CPU', type: 'INTEGER', integerValue: cpu },
    { name: 'MEMORY', type: 'INTEGER', integerValue: memory },
    { name: 'PORTS', type: 'STRINGSET', stringSetValue: ports.map(String) },
    { name: 'PORTS_UDP', type: 'STRINGSET', stringSetValue: [] },
  ];
  return {
    containerInstanceArn: instance.arn,
    ec2InstanceId: instance.ec2InstanceId,
    capacityProviderName: instance.capacityProviderName,
    version: 1,
    versionInfo: { agentVersion: '1.89.0', agentHash: 'sim', dockerVersion: 'DockerVersion: 25.0.8' },
    status: instance.status,
    agentConnected: true,
    runningTasksCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingTasksCount: tasks.filter((task) => task.lastStatus !== 'RUNNING').length,
    registeredResources: resources(instance.cpu, instance.memory, instance.reservedPorts),
    remainingResources: resources(instance.cpu - (used?.cpu ?? 0), instance.memory - (used?.memory ?? 0), [
      ...instance.reservedPorts,
      ...(used?.ports ?? []),
    ]),
    attributes: Object.entries(instance.attributes).map(([name, value]) => ({ name, value })),
    registeredAt: new Date(instance.registeredAt),
    attachments: [],
    tags: [],
  };
}

function findInstance(cluster: ClusterRecord, reference: string): ContainerInstanceRecord | undefined {
  const id = reference.slice(reference.lastIndexOf('/') + 1);
  return [...cluster.containerInstances.values()].find(
    (instance) => instance.id === id || instance.arn === reference,
  );
}

function references(value: unknown, limit: number): string[] {
  if (!Array.isArray(value) || value.length === 0)
    throw ecsError.invalid('containerInstances cannot be empty.');
  if (value.length > limit)
    throw ecsError.invalid(`containerInstances cannot have more than ${limit} elements.`);
  return value.map(String);
}

/** ListContainerInstances (status and `filter`), DescribeContainerInstances, UpdateContainerInstancesState, DescribeCapacityProviders. */
export function containerInstanceHandlers(state: EcsState): Record<string, Handler> {
  return {
    ListContainerInstances(params: {
      cluster?: unknown;
      status?: unknown;
      filter?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
    }) {
      const cluster = state.cluster(params.cluster);
      // `filter` is the cluster query language; the subset memberOf constraints use (placement-expression.ts).
      const member =
        typeof params.filter === 'string' && params.filter.trim() !== ''
          ? parsePlacementExpression(params.filter)
          : () => true;
      const arns = [...cluster.containerInstances.values()]
        .filter((instance) => params.status === undefined || instance.status === params.status)
        .filter((instance) => member(instance))
        .map((instance) => instance.arn);
      const page = paginate(arns, params, { defaultSize: 100, maxSize: 100 });
      return { containerInstanceArns: page.items, nextToken: page.nextToken };
    },
    DescribeContainerInstances(params: { cluster?: unknown; containerInstances?: unknown }) {
      const cluster = state.cluster(params.cluster);
      const containerInstances: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const reference of references(params.containerInstances, 100)) {
        const instance = findInstance(cluster, reference);
        if (instance) containerInstances.push(describeInstance(cluster, instance));
        else failures.push({ arn: reference, reason: 'MISSING' });
      }
      return { containerInstances, failures };
    },
    UpdateContainerInstancesState(params: {
      cluster?: unknown;
      containerInstances?: unknown;
      status?: unknown;
    }) {
      const cluster = state.cluster(params.cluster);
      if (params.status !== 'ACTIVE' && params.status !== 'DRAINING') {
        throw ecsError.invalid('status must be ACTIVE or DRAINING.');
      }
      const containerInstances: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const reference of references(params.containerInstances, 10)) {
        const instance = findInstance(cluster, reference);
        if (!instance) {
          failures.push({ arn: reference, reason: 'MISSING' });
          continue;
        }
        instance.status = params.status;
        state.sim.record('container-instance-state', {
          containerInstanceArn: instance.arn,
          status: instance.status,
        });
        containerInstances.push(describeInstance(cluster, instance));
      }
      // The scheduler replaces service tasks on draining instances (and may use reactivated ones).
      for (const service of cluster.services.values()) state.scheduleReconcile(service);
      return { containerInstances, failures };
    },
    DescribeCapacityProviders(params: { capacityProviders?: unknown }) {
      const all = [...state.clusters.values()].flatMap((cluster) => cluster.capacityProviders);
      const wanted = Array.isArray(params.capacityProviders)
        ? params.capacityProviders.map(String)
        : undefined;
      const found = all.filter(
        (provider) => !wanted || wanted.includes(provider.name) || wanted.includes(provider.arn),
      );
      return {
        capacityProviders: found.map((provider) => ({
          capacityProviderArn: provider.arn,
          name: provider.name,
          status: 'ACTIVE',
          autoScalingGroupProvider: {
            autoScalingGroupArn: provider.autoScalingGroupArn,
            managedScaling: {
              status: provider.managedScaling,
              targetCapacity: provider.targetCapacity,
              minimumScalingStepSize: 1,
              maximumScalingStepSize: 10000,
              instanceWarmupPeriod: 300,
            },
            managedTerminationProtection: provider.managedTerminationProtection,
            managedDraining: 'ENABLED',
          },
          tags: [],
        })),
        failures: (wanted ?? [])
          .filter((name) => !found.some((provider) => provider.name === name || provider.arn === name))
          .map((name) => ({ arn: name, reason: 'MISSING' })),
      };
    },
  };
}
