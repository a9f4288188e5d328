/**
 * After UpdateService: wait in the chosen mode and decide the outcome; on failure explain it (stop reasons)
 * and roll back the services this run still owns. Returns what it decided; the caller records it.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { denialOf, policyPath } from '../aws/access-denied.js';
import { errorMessage } from '../errors.js';
import type { PreflightTargetGroups } from '../health/preflight.js';
import { shortArn } from '../arn.js';
import { restoreCommand } from './restore.js';
import type { ServiceReport } from './report.js';
import { rollBack, rollbackRequestsFor, rollbackTargetOf } from './rollback.js';
import { DEFAULT_SETTLE_MS } from './settle.js';
import { describeServices } from './services.js';
import { stoppedTaskLogs } from './stopped-logs.js';
import { reasonsOf, stoppedTasksOf } from './stopped.js';
import { supersededBy } from './superseded.js';
import type { DeployOptions, EngineContext, Outcome, RolloutEvent } from './types.js';
import type { RolloutResult } from './wait.js';
import { describeResults, failedRollouts, ownFailures, waitForUpdated } from './wait-mode.js';

/** What finishRollouts works on. */
export interface FinishOptions {
  options: DeployOptions;
  /** The entries of the services this run updated, with the deployments it started. */
  updated: ServiceReport[];
  /** The revision the updated services were pointed at. */
  taskDefinitionArn: string;
  /** The services as described before the update. */
  services: Service[];
  knownEventIds: Set<string>;
  onEvent: (event: RolloutEvent) => void;
  /** Target groups the preflight read (healthy mode), so the gate does not read them again. */
  targetGroups?: PreflightTargetGroups;
}

/** How the rollouts ended. */
export interface FinishedRollouts {
  outcome: Outcome;
  /** Why the run failed (or was rolled back): the message the action fails with. */
  failure?: string;
  /** The updated services' entries with their wait result, stop reasons and rollback. */
  updated: ServiceReport[];
}

/** Waits for the updated services and decides the outcome, rolling back on failure when enabled. */
export async function finishRollouts(
  context: EngineContext,
  finish: FinishOptions,
): Promise<FinishedRollouts> {
  const { options, taskDefinitionArn } = finish;
  if (options.waitMode === 'none') return { outcome: 'deployed', updated: finish.updated };
  const waits = await waitForUpdated(context, {
    mode: options.waitMode,
    cluster: options.cluster,
    entries: finish.updated,
    taskDefinitionArn,
    services: finish.services,
    timeoutMs: options.timeoutMs,
    knownEventIds: finish.knownEventIds,
    onEvent: finish.onEvent,
    targetGroups: finish.targetGroups,
    alarms: options.alarms,
    settleMs: options.settleMs ?? DEFAULT_SETTLE_MS,
    // One release: a failure sends every service back, so waiting for the others only delays that.
    stopOnFailure: options.rollbackOnFailure && options.rollbackScope !== 'service',
  });
  const failed = failedRollouts(waits);
  const waited = finish.updated.map((entry, index) => ({ ...entry, wait: waits[index] }));
  if (failed.length === 0) return { outcome: 'deployed', updated: waited };

  const own = ownFailures(waits);
  const updated = await withStoppedReasons(
    context,
    { cluster: options.cluster, taskDefinitionArn, failed: own },
    waited,
  );
  const failures = describeResults(own);
  const cancelled = failed.some((result) => result.status === 'cancelled');
  if (!options.rollbackOnFailure || cancelled) {
    const left = updated
      .map(
        (entry) =>
          `${entry.service} was left on ${shortArn(entry.targetTaskDefinitionArn ?? taskDefinitionArn)}`,
      )
      .join(', ');
    return {
      outcome: 'failed',
      failure: cancelled
        ? `deployment cancelled while waiting (${failures}): ${left} with its deployment in progress (ECS carries on); not rolled back`
        : `deployment failed (${failures}): ${left}; not rolled back (rollback-on-failure is false); ${restoreCommands(options.cluster, updated)}`,
      updated,
    };
  }
  const superseded = await supersededServices(
    context,
    { cluster: options.cluster, taskDefinitionArn },
    updated,
  );
  // `rollback-scope: service` keeps the services that reached their goal; by default one release goes
  // back whole.
  const failedServices = new Set(failed.map((result) => result.service));
  const ours = updated.filter(
    (entry) =>
      !superseded.has(entry.service) &&
      (options.rollbackScope !== 'service' || failedServices.has(entry.service)),
  );
  const why = [
    describeResults(own.filter((result) => !superseded.has(result.service))),
    ...[...superseded].map(([service, reason]) => `${service}: ${reason}`),
  ]
    .filter(Boolean)
    .join('; ');
  if (ours.length === 0) return { outcome: 'failed', failure: `deployment failed (${why})`, updated };

  // One release: when any service fails, every service this run updated (and still owns) goes back.
  const rollbacks = await context.logger.group('Roll back', () =>
    rollBack(context, {
      cluster: options.cluster,
      requests: rollbackRequestsFor(ours),
      timeoutMs: options.timeoutMs,
      wait: true,
      knownEventIds: finish.knownEventIds,
      onEvent: finish.onEvent,
    }),
  );
  const rollbackOf = new Map(ours.map((entry, index) => [entry.service, rollbacks[index]]));
  const stuck = failedRollouts(rollbacks);
  return {
    outcome: stuck.length === 0 && superseded.size === 0 ? 'rolled-back' : 'failed',
    failure:
      stuck.length === 0
        ? `deployment failed and was rolled back (${why})`
        : `deployment failed (${why}) and the rollback did not complete (${stuck.map((r) => `${r.service}: ${r.reason}`).join('; ')}); ${restoreCommands(options.cluster, ours)}`,
    updated: updated.map((entry) =>
      rollbackOf.has(entry.service) ? { ...entry, rollback: rollbackOf.get(entry.service) } : entry,
    ),
  };
}

/** `to restore the previous revision: <command>`: one CLI call per service. */
function restoreCommands(cluster: string, entries: ServiceReport[]): string {
  const commands = entries.map((entry) => restoreCommand(cluster, entry.service, rollbackTargetOf(entry)));
  return `to restore the previous revision${commands.length > 1 ? 's' : ''}: ${commands.join('; ')}`;
}

/** The entries with the stop reasons of the failed services' tasks (logged as warnings). */
async function withStoppedReasons(
  context: EngineContext,
  rollout: { cluster: string; taskDefinitionArn: string; failed: RolloutResult[] },
  entries: ServiceReport[],
): Promise<ServiceReport[]> {
  const { logger } = context;
  const explained: ServiceReport[] = [];
  for (const entry of entries) {
    if (!rollout.failed.some((result) => result.service === entry.service)) {
      explained.push(entry);
      continue;
    }
    let stoppedReasons = entry.stoppedReasons;
    let stoppedTasks = entry.stoppedTasks;
    // Several deployables: each service's own revision (its family's log configuration), not the first's.
    const taskDefinitionArn = entry.targetTaskDefinitionArn ?? rollout.taskDefinitionArn;
    try {
      const tasks = await stoppedTasksOf(context.clients.ecs, {
        cluster: rollout.cluster,
        service: entry.service,
        taskDefinitionArn,
      });
      stoppedReasons = reasonsOf(tasks);
      stoppedTasks = await stoppedTaskLogs(context.clients.ecs, tasks, taskDefinitionArn);
    } catch (error) {
      // A missing permission is the role's to fix: said, not buried in debug output like a passing glitch.
      const denial = denialOf(error);
      if (denial)
        logger.warning(
          `${entry.service}: could not read why its tasks stopped (missing permission ${denial.permission}; ` +
            `grant what ${policyPath('ecs-deploy')} lists)`,
        );
      else logger.debug(`could not read stopped tasks of ${entry.service}: ${errorMessage(error)}`);
    }
    for (const reason of stoppedReasons) logger.warning(`${entry.service}: task stopped: ${reason}`);
    explained.push({ ...entry, stoppedReasons, stoppedTasks });
  }
  return explained;
}

/**
 * The services someone else deployed to since this run's update, with why (logged as warnings): they are
 * theirs now, and rolling them back would undo their rollout.
 */
async function supersededServices(
  context: EngineContext,
  rollout: { cluster: string; taskDefinitionArn: string },
  updated: ServiceReport[],
): Promise<Map<string, string>> {
  const current = await describeServices(
    context.clients.ecs,
    rollout.cluster,
    updated.map((entry) => entry.service),
  );
  const superseded = new Map<string, string>();
  for (const [index, entry] of updated.entries()) {
    const reason = supersededBy(current[index], {
      deploymentId: entry.deploymentId,
      taskDefinitionArn: entry.targetTaskDefinitionArn ?? rollout.taskDefinitionArn,
      previousTaskDefinitionArn: entry.previousTaskDefinitionArn,
    });
    if (reason) superseded.set(entry.service, reason);
  }
  for (const [service, reason] of superseded) context.logger.warning(`${service}: ${reason}`);
  return superseded;
}
