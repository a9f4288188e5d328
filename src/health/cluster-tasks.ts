/**
 * The tasks of many services' deployments, read for all of them at once: one ListTasks listing of the
 * cluster (100 task ARNs a page) and DescribeTasks in batches of 100 across services, only for tasks that
 * are new, still starting, or gone from the running list. A gate of N services therefore makes the same
 * task reads whether N is 1 or 200; the per-service tracker (tasks.ts) lists each service on its own.
 */
import {
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  ListTasksCommand,
  type ECSClient,
  type Task,
} from '@aws-sdk/client-ecs';
import { chunk } from '../chunk.js';
import { wrapError } from '../errors.js';
import { belongs, stoppedByScaleIn, trackedTask, type DeploymentRef, type TrackedTask } from './tasks.js';

// DescribeTasks and DescribeContainerInstances take at most 100 ARNs per call.
const PER_CALL = 100;

/** The service a described task belongs to, from its group (`service:web`); undefined for other tasks. */
export function serviceOfTask(task: Task): string | undefined {
  const group = task.group ?? '';
  return group.startsWith('service:') ? group.slice('service:'.length) : undefined;
}

/** A tracked task and the gated service it belongs to. */
interface OwnedTask {
  service: string;
  task: TrackedTask;
}

/** Follows the tasks of the gated deployments of several services in one cluster. */
export class ClusterTasks {
  private readonly known = new Map<string, OwnedTask>();
  // Tasks of services not gated here, or of their other deployments (old revision): described once, then ignored.
  private readonly others = new Set<string>();
  private readonly instanceIds = new Map<string, string>();

  constructor(
    private readonly ecs: ECSClient,
    private readonly cluster: string,
    /** The names of the gated services. */
    private readonly gated: ReadonlySet<string>,
  ) {}

  /**
   * Refreshes the tasks of the services in `refresh` and returns each one's tasks (including those that
   * stopped since tracking began). `deployments` names the gated deployment of every gated service whose
   * deployment is known: a task of a service missing there is left undescribed until it is known.
   */
  async refresh(
    deployments: Map<string, DeploymentRef>,
    refresh: Set<string>,
  ): Promise<Map<string, TrackedTask[]>> {
    const running = await this.listRunning();
    const stale = [...running].filter((arn) => {
      if (this.others.has(arn)) return false;
      const owned = this.known.get(arn);
      if (!owned) return true;
      const { task } = owned;
      const unplaced = !task.privateIp && !task.ec2InstanceId;
      return refresh.has(owned.service) && (task.lastStatus !== 'RUNNING' || unplaced);
    });
    const gone = [...this.known.entries()]
      .filter(
        ([arn, owned]) =>
          refresh.has(owned.service) && owned.task.lastStatus !== 'STOPPED' && !running.has(arn),
      )
      .map(([arn]) => arn);
    const described = await this.describe([...stale, ...gone]);
    await this.learnInstanceIds(described);
    for (const task of described) {
      const service = serviceOfTask(task);
      const deployment = service === undefined ? undefined : deployments.get(service);
      if (service === undefined || !deployment) {
        // Another service's task; a gated service whose deployment is not known yet is asked again later.
        if (service === undefined || !this.gated.has(service)) this.others.add(task.taskArn!);
        continue;
      }
      if (!belongs(task, deployment) || stoppedByScaleIn(task)) {
        this.known.delete(task.taskArn!);
        this.others.add(task.taskArn!);
        continue;
      }
      const instanceId = task.containerInstanceArn && this.instanceIds.get(task.containerInstanceArn);
      this.known.set(task.taskArn!, { service, task: trackedTask(task, instanceId || undefined) });
    }
    const byService = new Map<string, TrackedTask[]>([...refresh].map((service) => [service, []]));
    for (const owned of this.known.values()) byService.get(owned.service)?.push(owned.task);
    return byService;
  }

  /** The ARNs of the cluster's tasks whose desired status is RUNNING (ListTasks, every page). */
  private async listRunning(): Promise<Set<string>> {
    const arns = new Set<string>();
    let nextToken: string | undefined;
    try {
      do {
        const page = await this.ecs.send(
          new ListTasksCommand({ cluster: this.cluster, desiredStatus: 'RUNNING', nextToken }),
        );
        for (const arn of page.taskArns ?? []) arns.add(arn);
        nextToken = page.nextToken;
      } while (nextToken);
    } catch (error) {
      throw wrapError(`listing the tasks of cluster '${this.cluster}'`, error);
    }
    return arns;
  }

  private async describe(taskArns: string[]): Promise<Task[]> {
    const pages = await Promise.all(
      chunk(taskArns, PER_CALL).map(async (batch) => {
        try {
          const response = await this.ecs.send(
            new DescribeTasksCommand({ cluster: this.cluster, tasks: batch }),
          );
          return response.tasks ?? [];
        } catch (error) {
          throw wrapError(`describing ${batch.length} tasks in cluster '${this.cluster}'`, error);
        }
      }),
    );
    return pages.flat();
  }

  /** EC2 tasks: the instance ids of container instances not seen before, 100 a call. */
  private async learnInstanceIds(tasks: Task[]): Promise<void> {
    const unknown = [
      ...new Set(
        tasks
          .map((task) => task.containerInstanceArn)
          .filter((arn): arn is string => Boolean(arn) && !this.instanceIds.has(arn!)),
      ),
    ];
    for (const batch of chunk(unknown, PER_CALL)) {
      try {
        const response = await this.ecs.send(
          new DescribeContainerInstancesCommand({ cluster: this.cluster, containerInstances: batch }),
        );
        for (const instance of response.containerInstances ?? []) {
          if (instance.containerInstanceArn && instance.ec2InstanceId)
            this.instanceIds.set(instance.containerInstanceArn, instance.ec2InstanceId);
        }
      } catch (error) {
        throw wrapError(`describing container instances ${batch.join(', ')}`, error);
      }
    }
  }
}
