/**
 * RunTask and StopTask: one-off tasks that no service owns (migrations, jobs). They go PROVISIONING →
 * PENDING → RUNNING → STOPPED on the simulated clock like a service's tasks; their containers exit with the
 * codes of the image behaviour (sim/behaviour.ts `containerExit`), and an essential container's exit stops
 * the task with `Essential container in task exited`. StopTask stops one with the request's reason.
 */
import type { Handler } from '../protocol/handler.js';
import type { ClusterRecord, OneOffRecord, TaskDefinitionRecord } from './records.js';
import { checkNetworkConfiguration, serviceTaskDefinition } from './service-config.js';
import { ecsError, type EcsState } from './state.js';
import { describeTask } from './task-handlers.js';
import { launchTask, stopTask } from './tasks.js';

/** RunTask starts at most this many tasks per call (the API reference's `count` limit). */
const MAX_COUNT = 10;

/** The RunTask request fields the model reads. */
interface RunTaskParams {
  cluster?: unknown;
  taskDefinition?: unknown;
  count?: unknown;
  launchType?: unknown;
  capacityProviderStrategy?: unknown;
  networkConfiguration?: unknown;
  overrides?: { containerOverrides?: unknown };
  startedBy?: unknown;
  group?: unknown;
}

/** The container overrides, checked against the task definition's containers; commands by container. */
function readOverrides(
  taskDefinition: TaskDefinitionRecord,
  overrides: unknown,
): { containerOverrides: Record<string, unknown>[]; commands: Record<string, string[]> } {
  if (overrides === undefined) return { containerOverrides: [], commands: {} };
  if (!Array.isArray(overrides)) throw ecsError.invalid('containerOverrides must be a list.');
  const names = (taskDefinition.body.containerDefinitions as { name?: unknown }[]).map((container) =>
    String(container.name),
  );
  const commands: Record<string, string[]> = {};
  for (const override of overrides as Record<string, unknown>[]) {
    const name = String(override.name);
    if (!names.includes(name))
      throw ecsError.invalid(
        `Override for container named ${name} is not a container in the TaskDefinition.`,
      );
    if (Array.isArray(override.command)) commands[name] = override.command.map(String);
  }
  return { containerOverrides: overrides as Record<string, unknown>[], commands };
}

/**
 * The launch type a one-off task runs with. EC2 placement on container instances is modelled elsewhere;
 * this is the one call to swap for it.
 */
function oneOffLaunchType(params: RunTaskParams): string {
  if (params.launchType !== undefined && params.capacityProviderStrategy !== undefined)
    throw ecsError.invalid('Specifying both a launch type and capacity provider strategy is not supported.');
  if (params.launchType !== undefined) {
    if (!['FARGATE', 'EC2', 'EXTERNAL'].includes(String(params.launchType)))
      throw ecsError.invalid(`Invalid launchType '${String(params.launchType)}'.`);
    return String(params.launchType);
  }
  // A capacity provider strategy (FARGATE / FARGATE_SPOT here) or nothing: the cluster's default, Fargate.
  return 'FARGATE';
}

function readCount(count: unknown): number {
  const value = count === undefined ? 1 : Number(count);
  if (!Number.isInteger(value) || value < 1 || value > MAX_COUNT)
    throw ecsError.invalid(`count must be between 1 and ${MAX_COUNT}.`);
  return value;
}

function readStartedBy(startedBy: unknown): string | undefined {
  if (startedBy === undefined) return undefined;
  const value = String(startedBy);
  if (value.length > 128 || !/^[A-Za-z0-9_-]*$/.test(value))
    throw ecsError.invalid('startedBy can be up to 128 letters, numbers, hyphens and underscores.');
  return value;
}

function runTask(state: EcsState, cluster: ClusterRecord, params: RunTaskParams): Record<string, unknown> {
  const launchType = oneOffLaunchType(params);
  const taskDefinition = serviceTaskDefinition(state, params.taskDefinition, launchType);
  checkNetworkConfiguration(taskDefinition, params.networkConfiguration);
  const count = readCount(params.count);
  const overrides = readOverrides(taskDefinition, params.overrides?.containerOverrides);
  const oneOff: OneOffRecord = {
    startedBy: readStartedBy(params.startedBy),
    group: typeof params.group === 'string' ? params.group : undefined,
    commands: overrides.commands,
    containerOverrides: overrides.containerOverrides,
    networkConfiguration: params.networkConfiguration as Record<string, unknown> | undefined,
  };
  const tasks = Array.from({ length: count }, () =>
    launchTask(state, { cluster, taskDefinition, launchType, oneOff }),
  );
  return { tasks: tasks.map(describeTask), failures: [] };
}

/** RunTask and StopTask. */
export function oneOffTaskHandlers(state: EcsState): Record<string, Handler> {
  return {
    RunTask(params: RunTaskParams) {
      return runTask(state, state.cluster(params.cluster), params);
    },
    StopTask(params: { cluster?: unknown; task?: unknown; reason?: unknown }) {
      const cluster = state.cluster(params.cluster);
      if (typeof params.task !== 'string' || params.task === '')
        throw ecsError.invalid('task must be specified.');
      const id = params.task.slice(params.task.lastIndexOf('/') + 1);
      const task = cluster.tasks.get(state.arn(`task/${cluster.name}/${id}`));
      if (!task) throw ecsError.invalid('The referenced task was not found.');
      const reason = typeof params.reason === 'string' ? params.reason.slice(0, 255) : 'Task stopped by user';
      stopTask(state, task, { reason, stopCode: 'UserInitiated', failed: false });
      return { task: describeTask(task) };
    },
  };
}
