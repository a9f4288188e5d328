/** After UpdateService: wait in the chosen mode, and on failure explain it and roll back. */
import type { Service } from '@aws-sdk/client-ecs';
import { errorMessage } from '../errors.js';
import type { DeployOptions } from './deploy.js';
import type { DeployReport } from './report.js';
import { rollBack, rollbackRequestsFor, shortArn } from './rollback.js';
import { describeServices } from './services.js';
import { stoppedTaskReasons } from './stopped.js';
import { supersededBy } from './superseded.js';
import type { EngineContext, RolloutEvent } from './types.js';
import { waitForUpdated } from './wait-mode.js';

/** What finishRollouts works on. */
export interface FinishOptions {
  options: DeployOptions;
  report: DeployReport;
  services: Service[];
  knownEventIds: Set<string>;
  onEvent: (event: RolloutEvent) => void;
}

/** Waits for the updated services and sets the report's outcome (rolling back on failure when enabled). */
export async function finishRollouts(context: EngineContext, finish: FinishOptions): Promise<void> {
  const { options, report, onEvent } = finish;
  const { logger } = context;
  const updated = report.services.filter((entry) => entry.action === 'updated');
  report.outcome = 'deployed';
  if (options.waitMode === 'none') return;
  const failed = await waitForUpdated(context, {
    mode: options.waitMode,
    cluster: options.cluster,
    entries: updated,
    taskDefinitionArn: report.taskDefinitionArn!,
    services: finish.services,
    timeoutMs: options.timeoutMs,
    knownEventIds: finish.knownEventIds,
    onEvent,
  });
  if (failed.length === 0) return;

  for (const result of failed) {
    const entry = updated.find((candidate) => candidate.service === result.service)!;
    try {
      entry.stoppedReasons = await stoppedTaskReasons(context.ecs, {
        cluster: options.cluster,
        service: result.service,
        taskDefinitionArn: report.taskDefinitionArn!,
      });
    } catch (error) {
      logger.debug(`could not read stopped tasks of ${result.service}: ${errorMessage(error)}`);
    }
    for (const reason of entry.stoppedReasons) logger.warning(`${result.service}: task stopped: ${reason}`);
  }
  const failures = failed.map((result) => `${result.service}: ${result.status}: ${result.reason}`).join('; ');
  const cancelled = failed.some((result) => result.status === 'cancelled');
  if (!options.rollbackOnFailure || cancelled) {
    report.outcome = 'failed';
    const left = updated
      .map((entry) => `${entry.service} was left on ${shortArn(report.taskDefinitionArn!)}`)
      .join(', ');
    report.failure = cancelled
      ? `deployment cancelled while waiting (${failures}): ${left} with its deployment in progress (ECS carries on); not rolled back`
      : `deployment failed (${failures}): ${left}; not rolled back (rollback-on-failure is false)`;
    return;
  }
  // A service someone else deployed to since is theirs now: rolling it back would undo their rollout.
  const current = await describeServices(
    context.ecs,
    options.cluster,
    updated.map((entry) => entry.service),
  );
  const superseded = new Map<string, string>();
  for (const [index, entry] of updated.entries()) {
    const reason = supersededBy(current[index], {
      deploymentId: entry.deploymentId,
      taskDefinitionArn: report.taskDefinitionArn!,
      previousTaskDefinitionArn: entry.previousTaskDefinitionArn,
    });
    if (reason) superseded.set(entry.service, reason);
  }
  for (const [service, reason] of superseded) logger.warning(`${service}: ${reason}`);
  const ours = updated.filter((entry) => !superseded.has(entry.service));
  const why = [
    ...failed
      .filter((result) => !superseded.has(result.service))
      .map((r) => `${r.service}: ${r.status}: ${r.reason}`),
    ...[...superseded].map(([service, reason]) => `${service}: ${reason}`),
  ].join('; ');
  if (ours.length === 0) {
    report.outcome = 'failed';
    report.failure = `deployment failed (${why})`;
    return;
  }
  // One release: when any service fails, every service this run updated (and still owns) goes back.
  const rollbacks = await logger.group('Roll back', () =>
    rollBack(context, {
      cluster: options.cluster,
      requests: rollbackRequestsFor(ours),
      timeoutMs: options.timeoutMs,
      wait: true,
      knownEventIds: finish.knownEventIds,
      onEvent,
    }),
  );
  for (const [index, entry] of ours.entries()) entry.rollback = rollbacks[index];
  const stuck = rollbacks.filter((result) => result.status !== 'completed');
  report.outcome = stuck.length === 0 && superseded.size === 0 ? 'rolled-back' : 'failed';
  report.failure =
    stuck.length === 0
      ? `deployment failed and was rolled back (${why})`
      : `deployment failed (${why}) and the rollback did not complete (${stuck.map((r) => `${r.service}: ${r.reason}`).join('; ')})`;
}
