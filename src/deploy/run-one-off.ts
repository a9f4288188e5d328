/**
 * Running one one-off task to the end: RunTask, then DescribeTasks on the poll schedule until it is
 * STOPPED, judged by its essential containers' exit codes. A timeout or a cancelled run StopTasks it, so no
 * migration is left running unattended.
 */
import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type ContainerDefinition,
  type Service,
  type Task,
} from '@aws-sdk/client-ecs';
import { errorMessage, wrapError } from '../errors.js';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollState } from '../poll.js';
import {
  awsLogsLink,
  buildRunTaskRequest,
  judgeOneOffTask,
  type OneOffTaskSpec,
  type OneOffVerdict,
} from './one-off-task.js';
import type { EngineContext } from './types.js';
import { lastSegment } from '../arn.js';

/** How a one-off task ended. */
export type OneOffOutcome = 'succeeded' | 'failed' | 'timeout' | 'cancelled';

/** What running one one-off task did. */
export interface OneOffResult {
  spec: OneOffTaskSpec;
  container: string;
  taskArn: string;
  outcome: OneOffOutcome;
  /** Set once the task was seen STOPPED. */
  verdict?: OneOffVerdict;
  /** CloudWatch Logs links of the containers that log with awslogs. */
  logLinks: { container: string; url: string }[];
  /** One line for the log, the summary and (on failure) the step's error. */
  message: string;
}

/** What runOneOffTask needs. */
export interface RunOneOffOptions {
  cluster: string;
  taskDefinitionArn: string;
  /** The service whose network configuration and launch type the task copies. */
  service: Service;
  /** The deployed revision's containers (essential flags, log configuration). */
  containers: ContainerDefinition[];
  /** The container the command goes to (checked by the caller). */
  container: string;
  spec: OneOffTaskSpec;
}

/** Runs the task and waits for it; throws only when RunTask itself fails (nothing was started). */
export async function runOneOffTask(
  context: EngineContext,
  options: RunOneOffOptions,
): Promise<OneOffResult> {
  const { clients, logger } = context;
  const request = buildRunTaskRequest(options);
  logger.debug(`RunTask ${JSON.stringify(request)}`);
  const started = await clients.ecs.send(new RunTaskCommand(request)).catch((error: unknown) => {
    throw wrapError(`${options.spec.source}: running the task`, error);
  });
  const taskArn = started.tasks?.[0]?.taskArn;
  if (!taskArn) {
    const failure = started.failures?.[0];
    throw new Error(
      `${options.spec.source}: RunTask started no task: ${failure?.reason ?? 'no reason given'}`,
    );
  }
  const region = await clients.ecs.config.region();
  const logLinks = options.containers.flatMap((definition) => {
    const url = awsLogsLink(definition, taskArn, region);
    return url ? [{ container: definition.name ?? '', url }] : [];
  });
  logger.info(
    `${options.spec.source}: started ${taskArn} (${options.spec.command.join(' ')} in ${options.container})`,
  );
  const result = (outcome: OneOffOutcome, message: string, verdict?: OneOffVerdict): OneOffResult => ({
    spec: options.spec,
    container: options.container,
    taskArn,
    outcome,
    verdict,
    logLinks,
    message: [message, ...logLinks.map((link) => `logs of ${link.container}: ${link.url}`)].join('; '),
  });

  const ended = await waitForStopped(context, {
    cluster: options.cluster,
    taskArn,
    timeoutMs: options.spec.timeoutMs,
  });
  const taskId = lastSegment(taskArn);
  if (ended.kind !== 'stopped') {
    const why =
      ended.kind === 'timeout'
        ? `timed out after ${Math.round(options.spec.timeoutMs / 1000)}s`
        : `cancelled (${errorMessage(context.signal?.reason)})`;
    const stopped = await stopOneOffTask(
      context,
      options.cluster,
      taskArn,
      `ecs-kit: ${options.spec.source} ${why}`,
    );
    return result(ended.kind, `${options.spec.source}: task ${taskId} ${why}; ${stopped}`);
  }
  const verdict = judgeOneOffTask(ended.task, options.containers);
  const codes = `exit codes ${verdict.exitCodes.join(', ')}`;
  return verdict.succeeded
    ? result('succeeded', `${options.spec.source}: task ${taskId} succeeded (${codes})`, verdict)
    : result(
        'failed',
        `${options.spec.source}: task ${taskId} failed: ${verdict.stoppedReason} (${codes})`,
        verdict,
      );
}

type WaitEnd = { kind: 'stopped'; task: Task } | { kind: 'timeout' } | { kind: 'cancelled' };

/** Polls DescribeTasks until the task is STOPPED, the timeout passes or the run is cancelled. */
async function waitForStopped(
  context: EngineContext,
  options: { cluster: string; taskArn: string; timeoutMs: number },
): Promise<WaitEnd> {
  const { clock, signal, clients, logger } = context;
  const deadline = clock.now() + options.timeoutMs;
  let state: PollState = { idlePolls: 0 };
  let lastStatus: string | undefined;
  let readErrors = 0;
  for (;;) {
    if (signal?.aborted) return { kind: 'cancelled' };
    try {
      const described = await clients.ecs.send(
        new DescribeTasksCommand({ cluster: options.cluster, tasks: [options.taskArn] }),
      );
      readErrors = 0;
      const task = described.tasks?.[0];
      if (task?.lastStatus === 'STOPPED') return { kind: 'stopped', task };
      if (task?.lastStatus !== lastStatus) logger.info(`task ${task?.lastStatus ?? 'not found'}`);
      const moved = task?.lastStatus !== lastStatus;
      lastStatus = task?.lastStatus;
      const now = clock.now();
      if (now >= deadline) return { kind: 'timeout' };
      const next = nextPollDelay(DEFAULT_POLL_SCHEDULE, state, {
        now,
        moved,
        transitionExpected: lastStatus !== 'RUNNING',
        confirming: false,
        wakeAt: deadline,
      });
      state = next.state;
      await clock.sleep(next.delayMs, signal);
    } catch (error) {
      if (signal?.aborted) return { kind: 'cancelled' };
      // A read that keeps failing ends the wait as a timeout would: the task is stopped, not abandoned.
      if (++readErrors >= 5) {
        logger.warning(`reading the task failed 5 times: ${errorMessage(error)}`);
        return { kind: 'timeout' };
      }
      await clock.sleep(DEFAULT_POLL_SCHEDULE.fastMs).catch(() => undefined);
    }
  }
}

/** StopTask; says what was done, or how to stop the task by hand when the call failed. */
async function stopOneOffTask(
  context: EngineContext,
  cluster: string,
  taskArn: string,
  reason: string,
): Promise<string> {
  try {
    await context.clients.ecs.send(
      new StopTaskCommand({ cluster, task: taskArn, reason: reason.slice(0, 255) }),
    );
    return 'stopped it (StopTask)';
  } catch (error) {
    return `stopping it failed (${errorMessage(error)}): stop it with aws ecs stop-task --cluster ${cluster} --task ${taskArn}`;
  }
}
