/**
 * Where the stopped tasks of a failed rollout logged: the awslogs stream of each container, so the
 * summary links straight to the output of the task that failed instead of sending people searching.
 */
import {
  DescribeTaskDefinitionCommand,
  type ECSClient,
  type Task,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';
import type { StoppedTaskLogs } from './report.js';
import { lastSegment } from '../arn.js';

// A summary needs a few examples, not every crash-looping task.
const MAX_TASKS = 5;

/**
 * The awslogs streams of `tasks` (pure). awslogs names a stream `<prefix>/<container>/<task id>` when the
 * container sets `awslogs-stream-prefix` (required on Fargate); without a prefix the name is not
 * predictable, and such containers are left out.
 */
export function logStreamsOf(tasks: readonly Task[], definition: TaskDefinition): StoppedTaskLogs[] {
  const logged = (definition.containerDefinitions ?? []).flatMap((container) => {
    const options = container.logConfiguration?.options ?? {};
    const group = options['awslogs-group'];
    const prefix = options['awslogs-stream-prefix'];
    return container.logConfiguration?.logDriver === 'awslogs' && group && prefix && container.name
      ? [{ container: container.name, group, prefix }]
      : [];
  });
  if (logged.length === 0) return [];
  return tasks.slice(0, MAX_TASKS).flatMap((task) => {
    const taskId = task.taskArn && lastSegment(task.taskArn);
    if (!taskId) return [];
    return [
      {
        taskId,
        logStreams: logged.map(({ container, group, prefix }) => ({
          container,
          group,
          stream: `${prefix}/${container}/${taskId}`,
        })),
      },
    ];
  });
}

/** The log streams of the stopped tasks, reading their task definition once. */
export async function stoppedTaskLogs(
  ecs: ECSClient,
  tasks: readonly Task[],
  taskDefinitionArn: string,
): Promise<StoppedTaskLogs[]> {
  if (tasks.length === 0) return [];
  const { taskDefinition } = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
  );
  return taskDefinition ? logStreamsOf(tasks, taskDefinition) : [];
}
