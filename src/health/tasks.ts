/**
 * The tasks of one ECS deployment, tracked across polls: ListTasks each poll, DescribeTasks only for tasks
 * that are new, still starting, or gone from the running list (to learn why they stopped).
 */
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';
import type { TaskObservation } from './types.js';

/** A task of the gated deployment with what is needed to find its targets. */
export interface TrackedTask extends TaskObservation {
  /** awsvpc tasks: the ENI's private IPv4 address (the target id in an `ip` target group). */
  privateIp?: string;
  /** EC2 tasks: the instance id (the target id in an `instance` target group). */
  ec2InstanceId?: string;
  /** `container:containerPort` → hostPort, for bridge/host networking. */
  hostPorts: Record<string, number>;
}

/** Which tasks belong to the gated deployment. */
export interface DeploymentRef {
  /** ECS deployment id (`ecs-svc/...`): tasks started by the deployment carry it as `startedBy`. */
  id?: string;
  taskDefinitionArn?: string;
}

// ECS's stoppedReason for tasks removed by a scale-in.
const SCALE_IN = /^Scaling activity initiated by/;

/** Stopped by a scale-in (autoscaling or a lower desired count), not by a failure: not the gate's concern. */
export function stoppedByScaleIn(task: Task): boolean {
  return SCALE_IN.test(task.stoppedReason ?? '');
}

/** Whether a described task was started by the deployment (startedBy), else runs its revision. */
export function belongs(task: Task, deployment: DeploymentRef): boolean {
  if (deployment.id && task.startedBy) return task.startedBy === deployment.id;
  return task.taskDefinitionArn === deployment.taskDefinitionArn;
}

function privateIp(task: Task): string | undefined {
  for (const attachment of task.attachments ?? []) {
    const detail = attachment.details?.find((item) => item.name === 'privateIPv4Address');
    if (detail?.value) return detail.value;
  }
  for (const container of task.containers ?? []) {
    const address = container.networkInterfaces?.find((eni) => eni.privateIpv4Address)?.privateIpv4Address;
    if (address) return address;
  }
  return undefined;
}

function hostPorts(task: Task): Record<string, number> {
  const ports: Record<string, number> = {};
  for (const container of task.containers ?? []) {
    for (const binding of container.networkBindings ?? []) {
      if (binding.containerPort !== undefined && binding.hostPort !== undefined) {
        ports[`${container.name}:${binding.containerPort}`] = binding.hostPort;
      }
    }
  }
  return ports;
}

/** A described task as the gate tracks it; `ec2InstanceId` from its container instance, when it has one. */
export function trackedTask(task: Task, ec2InstanceId: string | undefined): TrackedTask {
  const stopping = task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED';
  const stoppedReason = stopping
    ? [task.stoppedReason, task.containers?.find((container) => container.reason)?.reason]
        .filter(Boolean)
        .join(': ') || `task is ${task.lastStatus?.toLowerCase()}`
    : undefined;
  return {
    taskArn: task.taskArn!,
    lastStatus: stopping ? 'STOPPED' : (task.lastStatus ?? 'PROVISIONING'),
    stoppedReason,
    startedAt: task.startedAt?.getTime(),
    privateIp: privateIp(task),
    ec2InstanceId,
    hostPorts: hostPorts(task),
  };
}

/** Follows the tasks of one deployment of one service. */
export class DeploymentTasks {
  private readonly known = new Map<string, TrackedTask>();
  private readonly instanceIds = new Map<string, string>();
  // Tasks of other deployments (old revision): described once, then ignored.
  private readonly others = new Set<string>();

  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
    private readonly serviceName: string,
  ) {}

  /**
   * Refreshes and returns the deployment's tasks, including those that stopped since tracking began.
   * `running` is a ListTasks result the caller already has (listRunning), else it is listed here.
   */
  async refresh(deployment: DeploymentRef, running?: Set<string>): Promise<TrackedTask[]> {
    running ??= await this.listRunning();
    const stale = [...running].filter((arn) => {
      if (this.others.has(arn)) return false;
      const task = this.known.get(arn);
      return !task || task.lastStatus !== 'RUNNING' || (!task.privateIp && !task.ec2InstanceId);
    });
    const gone = [...this.known.values()]
      .filter((task) => task.lastStatus !== 'STOPPED' && !running.has(task.taskArn))
      .map((task) => task.taskArn);
    const described = await this.describe([...stale, ...gone]);
    for (const task of described) {
      if (!belongs(task, deployment)) {
        this.others.add(task.taskArn!);
        continue;
      }
      if (stoppedByScaleIn(task)) {
        // Stopped by a scale-in (autoscaling or a lower desired count), not by a failure: forget it.
        this.known.delete(task.taskArn!);
        this.others.add(task.taskArn!);
        continue;
      }
      this.known.set(task.taskArn!, await this.track(task));
    }
    return [...this.known.values()];
  }

  /** The ARNs of the service's tasks whose desired status is RUNNING (ListTasks, every page). */
  async listRunning(): Promise<Set<string>> {
    const arns = new Set<string>();
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.ecs.send(
          new ListTasksCommand({
            cluster: this.cluster,
            serviceName: this.serviceName,
            desiredStatus: 'RUNNING',
            nextToken,
          }),
        );
        for (const arn of page.taskArns ?? []) arns.add(arn);
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      throw wrapError(`listing tasks of service '${this.serviceName}'`, error);
    }
    return arns;
  }

  private async describe(taskArns: string[]): Promise<Task[]> {
    const tasks: Task[] = [];
    // DescribeTasks takes at most 100 tasks per call.
    for (let start = 0; start < taskArns.length; start += 100) {
      try {
        const response = await this.ecs.send(
          new DescribeTasksCommand({ cluster: this.cluster, tasks: taskArns.slice(start, start + 100) }),
        );
        tasks.push(...(response.tasks ?? []));
      } catch (error) {
        throw wrapError(`describing tasks of service '${this.serviceName}'`, error);
      }
    }
    return tasks;
  }

  private async track(task: Task): Promise<TrackedTask> {
    return trackedTask(task, await this.instanceId(task.containerInstanceArn));
  }

  private async instanceId(containerInstanceArn: string | undefined): Promise<string | undefined> {
    if (!containerInstanceArn) return undefined;
    const cached = this.instanceIds.get(containerInstanceArn);
    if (cached) return cached;
    try {
      const response = await this.ecs.send(
        new DescribeContainerInstancesCommand({
          cluster: this.cluster,
          containerInstances: [containerInstanceArn],
        }),
      );
      const id = response.containerInstances?.[0]?.ec2InstanceId;
      if (id) this.instanceIds.set(containerInstanceArn, id);
      return id;
    } catch (error) {
      throw wrapError(`describing container instance ${containerInstanceArn}`, error);
    }
  }
}
