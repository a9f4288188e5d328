/** ListTasks and DescribeTasks, and the Task object as the API returns it. */
import type { Handler } from '../protocol/handler.js';
import { paginate } from './paging.js';
import type { ClusterRecord, TaskRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';

/** Stopped tasks stay visible for an hour (the ECS documentation says "at least one hour"). */
const STOPPED_TASK_RETENTION_MS = 60 * 60 * 1000;

function date(value: number | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

function eniStatus(task: TaskRecord): string {
  if (task.lastStatus === 'PROVISIONING') return 'ATTACHING';
  if (task.lastStatus === 'STOPPED') return 'DELETED';
  if (task.lastStatus === 'DEPROVISIONING') return 'DETACHING';
  return 'ATTACHED';
}

function subnetOf(task: TaskRecord): string {
  const network = task.service?.networkConfiguration ?? task.oneOff?.networkConfiguration;
  const awsvpc = network?.awsvpcConfiguration as { subnets?: string[] } | undefined;
  return awsvpc?.subnets?.[0] ?? 'subnet-0sim0000000000001';
}

/** The Task object of DescribeTasks. */
export function describeTask(task: TaskRecord): Record<string, unknown> {
  const attachmentId = task.eniId
    ? `${task.id.slice(0, 8)}-${task.id.slice(8, 12)}-${task.id.slice(12, 16)}-${task.id.slice(16, 20)}-${task.id.slice(20)}`
    : undefined;
  const ipKnown = task.lastStatus !== 'PROVISIONING';
  const body = task.taskDefinition.body;
  return {
    taskArn: task.arn,
    clusterArn: task.cluster.arn,
    containerInstanceArn: task.containerInstance?.arn,
    taskDefinitionArn: task.taskDefinition.arn,
    group: task.service
      ? `service:${task.service.name}`
      : (task.oneOff?.group ?? `family:${task.taskDefinition.family}`),
    startedBy: task.oneOff ? task.oneOff.startedBy : task.deploymentId,
    lastStatus: task.lastStatus,
    desiredStatus: task.desiredStatus,
    launchType: task.launchType,
    platformVersion: task.launchType === 'FARGATE' ? '1.4.0' : undefined,
    platformFamily: task.launchType === 'FARGATE' ? 'Linux' : undefined,
    cpu: body.cpu === undefined ? undefined : String(body.cpu),
    memory: body.memory === undefined ? undefined : String(body.memory),
    availabilityZone: task.availabilityZone,
    connectivity: task.lastStatus === 'PROVISIONING' ? undefined : 'CONNECTED',
    connectivityAt: date(task.pullStartedAt),
    createdAt: date(task.createdAt),
    pullStartedAt: date(task.pullStartedAt),
    pullStoppedAt: date(task.pullStoppedAt),
    startedAt: date(task.startedAt),
    stoppingAt: date(task.stoppingAt),
    executionStoppedAt: date(task.executionStoppedAt),
    stoppedAt: date(task.stoppedAt),
    stopCode: task.stopCode,
    stoppedReason: task.stoppedReason,
    healthStatus: 'UNKNOWN',
    version: 1,
    overrides: {
      containerOverrides: task.oneOff?.containerOverrides ?? [],
      inferenceAcceleratorOverrides: [],
    },
    attachments: task.eniId
      ? [
          {
            id: attachmentId,
            type: 'ElasticNetworkInterface',
            status: eniStatus(task),
            details: [
              { name: 'subnetId', value: subnetOf(task) },
              { name: 'networkInterfaceId', value: task.eniId },
              { name: 'macAddress', value: `0a:${task.id.slice(0, 10).replace(/(..)(?!$)/g, '$1:')}` },
              ...(ipKnown ? [{ name: 'privateIPv4Address', value: task.privateIp }] : []),
            ],
          },
        ]
      : [],
    containers: task.containers.map((container) => ({
      containerArn: container.arn,
      taskArn: task.arn,
      name: container.name,
      image: container.image,
      lastStatus: container.lastStatus,
      exitCode: container.exitCode,
      reason: container.reason,
      healthStatus: 'UNKNOWN',
      networkInterfaces:
        task.privateIp && ipKnown ? [{ attachmentId, privateIpv4Address: task.privateIp }] : [],
      networkBindings: (task.networkBindings ?? [])
        .filter((binding) => binding.containerName === container.name)
        .map(({ containerPort, hostPort, protocol }) => ({
          bindIP: '0.0.0.0',
          containerPort,
          hostPort,
          protocol,
        })),
    })),
    tags: [],
  };
}

/** Drops stopped tasks past their retention. */
export function pruneStoppedTasks(state: EcsState, cluster: ClusterRecord): void {
  const cutoff = state.sim.clock.now() - STOPPED_TASK_RETENTION_MS;
  for (const [arn, task] of cluster.tasks) {
    if (task.lastStatus === 'STOPPED' && (task.stoppedAt ?? 0) < cutoff) cluster.tasks.delete(arn);
  }
}

/** ListTasks and DescribeTasks. */
export function taskHandlers(state: EcsState): Record<string, Handler> {
  return {
    ListTasks(params: {
      cluster?: unknown;
      serviceName?: unknown;
      family?: unknown;
      desiredStatus?: unknown;
      launchType?: unknown;
      startedBy?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
    }) {
      const cluster = state.cluster(params.cluster);
      pruneStoppedTasks(state, cluster);
      const desiredStatus = params.desiredStatus ?? 'RUNNING';
      if (!['RUNNING', 'PENDING', 'STOPPED'].includes(String(desiredStatus))) {
        throw ecsError.invalid(`Invalid desiredStatus '${String(desiredStatus)}'.`);
      }
      if (typeof params.serviceName === 'string' && !state.findService(cluster, params.serviceName)) {
        throw ecsError.serviceNotFound();
      }
      const serviceName =
        typeof params.serviceName === 'string'
          ? params.serviceName.slice(params.serviceName.lastIndexOf('/') + 1)
          : undefined;
      const arns = [...cluster.tasks.values()]
        .filter(
          (task) =>
            // PENDING lists tasks whose desired status is RUNNING but that are not running yet.
            (desiredStatus === 'PENDING'
              ? task.desiredStatus === 'RUNNING' && task.lastStatus !== 'RUNNING'
              : task.desiredStatus === desiredStatus) &&
            (serviceName === undefined || task.service?.name === serviceName) &&
            (params.family === undefined || task.taskDefinition.family === params.family) &&
            (params.launchType === undefined || task.launchType === params.launchType) &&
            (params.startedBy === undefined ||
              (task.oneOff ? task.oneOff.startedBy : task.deploymentId) === params.startedBy),
        )
        .map((task) => task.arn);
      const page = paginate(arns, params, { defaultSize: 100, maxSize: 100 });
      return { taskArns: page.items, nextToken: page.nextToken };
    },
    DescribeTasks(params: { cluster?: unknown; tasks?: unknown; include?: unknown }) {
      const cluster = state.cluster(params.cluster);
      if (!Array.isArray(params.tasks) || params.tasks.length === 0) {
        throw ecsError.invalid('Tasks cannot be empty.');
      }
      if (params.tasks.length > 100) throw ecsError.invalid('Tasks cannot have more than 100 elements.');
      const tasks: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const reference of params.tasks.map(String)) {
        const id = reference.slice(reference.lastIndexOf('/') + 1);
        const task = cluster.tasks.get(state.arn(`task/${cluster.name}/${id}`));
        if (task) tasks.push(describeTask(task));
        else
          failures.push({
            arn: reference.startsWith('arn:') ? reference : state.arn(`task/${cluster.name}/${id}`),
            reason: 'MISSING',
          });
      }
      return { tasks, failures };
    },
  };
}
