/** Why tasks stopped: the explanation a failed deployment's summary needs most. */
import { DescribeTasksCommand, ListTasksCommand, type ECSClient, type Task } from '@aws-sdk/client-ecs';

const MAX_TASKS = 100;

/** Distinct stop reasons of a service's stopped tasks on a revision, with counts, e.g. `2× Essential container…`. */
export async function stoppedTaskReasons(
  ecs: ECSClient,
  options: { cluster: string; service: string; taskDefinitionArn: string },
): Promise<string[]> {
  return reasonsOf(await stoppedTasksOf(ecs, options));
}

/** A service's stopped tasks of one revision (the ones that explain its failed rollout). */
export async function stoppedTasksOf(
  ecs: ECSClient,
  options: { cluster: string; service: string; taskDefinitionArn: string },
): Promise<Task[]> {
  const listed = await ecs.send(
    new ListTasksCommand({
      cluster: options.cluster,
      serviceName: options.service,
      desiredStatus: 'STOPPED',
      maxResults: MAX_TASKS,
    }),
  );
  const taskArns = listed.taskArns ?? [];
  if (taskArns.length === 0) return [];
  const described = await ecs.send(new DescribeTasksCommand({ cluster: options.cluster, tasks: taskArns }));
  return (described.tasks ?? []).filter((task) => task.taskDefinitionArn === options.taskDefinitionArn);
}

/** The distinct stop reasons of `tasks`, with counts. */
export function reasonsOf(tasks: readonly Task[]): string[] {
  const counts = new Map<string, number>();
  for (const task of tasks) {
    const exits = (task.containers ?? [])
      .filter((container) => container.exitCode !== undefined && container.exitCode !== 0)
      .map(
        (container) =>
          `${container.name} exited ${container.exitCode}${container.reason ? `: ${container.reason}` : ''}`,
      );
    const reason = [task.stoppedReason ?? 'stopped', ...exits].join('; ');
    counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts].map(([reason, count]) => `${count}× ${reason}`);
}
