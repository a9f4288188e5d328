/**
 * One-off tasks (migrations before a rollout, jobs after it) as pure data: the RunTask request built from
 * the revision being deployed and the first service's network and capacity settings, the CloudWatch Logs
 * link of a container, and the verdict on a STOPPED task. The calls that apply them are in run-one-off.ts.
 */
import type { ContainerDefinition, RunTaskCommandInput, Service, Task } from '@aws-sdk/client-ecs';
import { lastSegment } from '../arn.js';

/** `startedBy` of every task the kit runs, so `ListTasks --started-by ecs-kit` finds them. */
export const STARTED_BY = 'ecs-kit';

/** When a one-off task runs: `before` the services are updated, or `after` they are healthy. */
export type OneOffPhase = 'before' | 'after';

/** One task to run, as the inputs or the config describe it. */
export interface OneOffTaskSpec {
  phase: OneOffPhase;
  /** Where it was given, for errors: `before-command` or `deploy.before[0]`. */
  source: string;
  /** The container whose command is overridden (default: the first essential container). */
  container?: string;
  /** The command, exec form. */
  command: string[];
  environment: { name: string; value: string }[];
  /** Give up (and StopTask) after this long, clock ms. */
  timeoutMs: number;
}

/** The container a task's command goes to: the named one, else the first essential one. */
export function oneOffContainer(spec: OneOffTaskSpec, containers: ContainerDefinition[]): string {
  if (spec.container !== undefined) {
    if (!containers.some((container) => container.name === spec.container))
      throw new Error(
        `${spec.source}: container '${spec.container}' is not in the task definition (it has ${containers
          .map((container) => `'${container.name}'`)
          .join(', ')})`,
      );
    return spec.container;
  }
  const essential = containers.find((container) => container.essential !== false) ?? containers[0];
  return essential?.name ?? '';
}

/**
 * The RunTask request: the deployed revision, with the service's network configuration and its launch
 * type or capacity provider strategy (a task of a Fargate service in private subnets must run there too).
 */
export function buildRunTaskRequest(options: {
  cluster: string;
  taskDefinitionArn: string;
  service: Service;
  container: string;
  spec: OneOffTaskSpec;
}): RunTaskCommandInput {
  const { service, spec } = options;
  const strategy = service.capacityProviderStrategy ?? [];
  return {
    cluster: options.cluster,
    taskDefinition: options.taskDefinitionArn,
    count: 1,
    startedBy: STARTED_BY,
    group: `ecs-kit:${spec.phase}`,
    ...(strategy.length > 0
      ? { capacityProviderStrategy: strategy }
      : { launchType: service.launchType ?? 'FARGATE' }),
    ...(service.platformVersion && strategy.length === 0 && service.launchType === 'FARGATE'
      ? { platformVersion: service.platformVersion }
      : {}),
    networkConfiguration: service.networkConfiguration,
    overrides: {
      containerOverrides: [
        {
          name: options.container,
          command: spec.command,
          ...(spec.environment.length > 0 ? { environment: spec.environment } : {}),
        },
      ],
    },
  };
}

/** The CloudWatch console's fragment encoding: URI-encode, then `%` becomes `$25`. */
function consoleEncode(text: string): string {
  return encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$');
}

/**
 * The CloudWatch Logs console link of a container's awslogs stream (`<prefix>/<container>/<task id>`), or
 * undefined when the container does not log with awslogs or has no stream prefix (the stream name is then
 * the Docker container id, which ECS does not report).
 */
export function awsLogsLink(
  container: ContainerDefinition | undefined,
  taskArn: string,
  fallbackRegion: string,
): string | undefined {
  const log = container?.logConfiguration;
  if (!container || log?.logDriver !== 'awslogs') return undefined;
  const group = log.options?.['awslogs-group'];
  const prefix = log.options?.['awslogs-stream-prefix'];
  if (!group || !prefix) return undefined;
  const region = log.options?.['awslogs-region'] ?? fallbackRegion;
  const taskId = lastSegment(taskArn);
  const stream = `${prefix}/${container.name}/${taskId}`;
  return (
    `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}` +
    `#logsV2:log-groups/log-group/${consoleEncode(group)}/log-events/${consoleEncode(stream)}`
  );
}

/** How a STOPPED one-off task ended, per container. */
export interface OneOffVerdict {
  succeeded: boolean;
  stoppedReason: string;
  /** Essential containers that exited non-zero or without an exit code. */
  failedContainers: { name: string; exitCode?: number; reason?: string }[];
  /** Every container's exit code, `name=code` (`name=none` when it never ran). */
  exitCodes: string[];
}

/** Judges a STOPPED task: it succeeded when every essential container exited 0. */
export function judgeOneOffTask(task: Task, definitions: ContainerDefinition[]): OneOffVerdict {
  const essential = new Set(
    definitions.filter((definition) => definition.essential !== false).map((definition) => definition.name),
  );
  const containers = task.containers ?? [];
  const failedContainers = containers
    .filter((container) => essential.has(container.name) && container.exitCode !== 0)
    .map((container) => ({
      name: container.name ?? '',
      exitCode: container.exitCode,
      reason: container.reason,
    }));
  return {
    succeeded: failedContainers.length === 0 && containers.length > 0,
    stoppedReason: task.stoppedReason ?? 'no stopped reason',
    failedContainers,
    exitCodes: containers.map((container) => `${container.name}=${container.exitCode ?? 'none'}`),
  };
}
