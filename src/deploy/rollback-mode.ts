/**
 * Rollback mode (the rollback workflow): put every service of the step back on its own target, chosen by
 * rollback-mode-targets.ts (the one rule of rollback-candidates.ts per service, or `rollback-to` per
 * family), update them all, and wait for them together like a deployment. The run succeeds only when every
 * service is back; otherwise the failure says, per service, where it is and what ECS is doing with it.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { asMissingPermissions, beforeMutation } from '../aws/access-denied.js';
import type { PreflightTargetGroups } from '../health/preflight.js';
import { diffTaskDefinitions } from '../taskdef/diff.js';
import { shortArn } from '../arn.js';
import { throwIfCancelled } from './cancel.js';
import { describeFailure } from './attend.js';
import { preflightDeploy } from './preflight.js';
import type { DeployReport, RevisionReport, ServiceReport } from './report.js';
import { rollbackModeState } from './rollback-mode-state.js';
import { chooseRollbackTargets, type ServiceTarget } from './rollback-mode-targets.js';
import { markHealthy } from './registration.js';
import { describeRevision, type Revision } from './revisions.js';
import { checkDeployable, describeServices, updateService } from './services.js';
import type { EngineContext, Outcome, RolloutEvent, WaitMode } from './types.js';
import { eventIds } from './wait.js';
import { failedRollouts, waitForUpdated } from './wait-mode.js';

/** Options of rollbackServices. */
export interface RollbackModeOptions {
  cluster: string;
  services: string[];
  /**
   * Revisions to go back to, one per family, comma-separated (a number, family:revision or ARN; a bare
   * number only when every service runs one family); each service's own last healthy revision when undefined.
   */
  rollbackTo?: string;
  allowFamilyChange: boolean;
  waitMode: WaitMode;
  timeoutMs: number;
  dryRun: boolean;
}

/**
 * One revision line per target (services going to the same revision share it), each with the diff from
 * the revision its first service runs now: the summary's "What changed" per family.
 */
function revisionReports(targets: ServiceTarget[], current: Map<string, Revision>): RevisionReport[] {
  const reports: RevisionReport[] = [];
  for (const entry of targets) {
    const same = reports.find((report) => report.taskDefinitionArn === entry.target.taskDefinitionArn);
    if (same) {
      same.services.push(entry.name);
      continue;
    }
    reports.push({
      family: entry.target.family,
      taskDefinitionArn: entry.target.taskDefinitionArn,
      registered: false,
      diff: diffTaskDefinitions(current.get(entry.currentArn)!.taskDefinition, entry.target.taskDefinition),
      services: [entry.name],
    });
  }
  return reports;
}

/** Reads the services, chooses each one's target and describes what they run now: no mutating call. */
async function planRollback(
  context: EngineContext,
  options: RollbackModeOptions,
): Promise<{ services: Service[]; targets: ServiceTarget[]; current: Map<string, Revision> }> {
  return beforeMutation('ecs-deploy', async () => {
    const services = await describeServices(context.clients.ecs, options.cluster, options.services);
    checkDeployable(options.cluster, services);
    const targets = await context.logger.group('Choose rollback targets', () =>
      chooseRollbackTargets(context, options, services),
    );
    const currentArns = [...new Set(targets.map((entry) => entry.currentArn))];
    const described = await Promise.all(currentArns.map((arn) => describeRevision(context.clients.ecs, arn)));
    return { services, targets, current: new Map(currentArns.map((arn, index) => [arn, described[index]])) };
  });
}

/** Rolls services back and reports like a deployment (outcome `rolled-back`, `unchanged`, `planned` or `failed`). */
export async function rollbackServices(
  context: EngineContext,
  options: RollbackModeOptions,
): Promise<DeployReport> {
  const { clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  const { services, targets, current } = await planRollback(context, options);
  const knownEventIds = eventIds(services);
  const reports: ServiceReport[] = targets.map((entry) => {
    const onTarget = entry.currentArn === entry.target.taskDefinitionArn;
    return {
      service: entry.name,
      previousTaskDefinitionArn: entry.currentArn,
      action: onTarget ? 'unchanged' : options.dryRun ? 'planned' : 'updated',
      forceNewDeployment: false,
      targetTaskDefinitionArn: entry.target.taskDefinitionArn,
      targetReason: entry.reason,
      stoppedReasons: [],
    };
  });
  const revisions = revisionReports(targets, current);
  const report: DeployReport = {
    mode: 'rollback',
    outcome: options.dryRun ? 'planned' : 'unchanged',
    cluster: options.cluster,
    waitMode: options.waitMode,
    // The first service's, for the single-revision outputs; every service's own is in `services`.
    taskDefinitionArn: targets[0].target.taskDefinitionArn,
    family: targets[0].target.family,
    registered: false,
    diff: revisions[0].diff,
    services: reports,
    timeline,
    startedAt,
    finishedAt: startedAt,
    revisions,
  };
  const updated = reports.filter((entry) => entry.action === 'updated');
  const preflight = await beforeMutation('ecs-deploy', () =>
    preflightDeploy(context, options, { services, planned: reports }),
  );
  if (options.dryRun || updated.length === 0) return { ...report, finishedAt: clock.now() };
  throwIfCancelled(context.signal, 'rolling back', 'every service was left on the revision it runs');
  const started: ServiceReport[] = [];
  let finished: Awaited<ReturnType<typeof finishRollback>>;
  try {
    for (const entry of updated) {
      const target = entry.targetTaskDefinitionArn!;
      const deploymentId = await updateService(context.clients.ecs, options.cluster, {
        service: entry.service,
        taskDefinitionArn: target,
        forceNewDeployment: false,
      });
      started.push({ ...entry, deploymentId });
      timeline.push({
        time: clock.now(),
        service: entry.service,
        message: `rollback to ${shortArn(target)} started`,
      });
    }
    finished = await finishRollback(context, {
      targetGroups: preflight.targetGroups,
      options,
      reports,
      started,
      services,
      knownEventIds,
      onEvent: (event) => timeline.push(event),
    });
  } catch (error) {
    // After a rollback deployment started, the kit still says what ECS is doing with each service.
    if (started.length === 0) throw asMissingPermissions('ecs-deploy', error, 'no service was changed');
    const now = withResults(reports, started);
    finished = {
      outcome: 'failed',
      failure: `${describeFailure('ecs-deploy', error)}; ${rollbackModeState(options.cluster, now)}`,
      started,
    };
  }
  return {
    ...report,
    outcome: finished.outcome,
    failure: finished.failure,
    services: withResults(reports, finished.started),
    finishedAt: clock.now(),
  };
}

/** The report entries, each replaced by its started (and waited) version where there is one. */
function withResults(reports: ServiceReport[], started: ServiceReport[]): ServiceReport[] {
  return reports.map((entry) => started.find((done) => done.service === entry.service) ?? entry);
}

/**
 * Waits for every rollback deployment at once (unless wait is none), through the deploy path's wait; marks
 * each target healthy when every service completed. Any service that did not: the run fails, saying for
 * each service where it is now and what ECS does next.
 */
async function finishRollback(
  context: EngineContext,
  rollback: {
    options: RollbackModeOptions;
    /** Every service's report entry (unchanged ones too), for the failure's per-service state. */
    reports: ServiceReport[];
    started: ServiceReport[];
    services: Service[];
    knownEventIds: Set<string>;
    onEvent: (event: RolloutEvent) => void;
    targetGroups?: PreflightTargetGroups;
  },
): Promise<{ outcome: Outcome; failure?: string; started: ServiceReport[] }> {
  const { options } = rollback;
  if (options.waitMode === 'none') return { outcome: 'rolled-back', started: rollback.started };
  const waits = await waitForUpdated(context, {
    mode: options.waitMode,
    cluster: options.cluster,
    entries: rollback.started,
    // Every entry carries its own target; this is only the fallback the signature asks for.
    taskDefinitionArn: rollback.started[0].targetTaskDefinitionArn!,
    services: rollback.services,
    timeoutMs: options.timeoutMs,
    knownEventIds: rollback.knownEventIds,
    onEvent: rollback.onEvent,
    targetGroups: rollback.targetGroups,
  });
  const started = rollback.started.map((entry, index) => ({ ...entry, wait: waits[index] }));
  const failed = failedRollouts(waits);
  if (failed.length > 0) {
    const state = rollbackModeState(options.cluster, withResults(rollback.reports, started));
    return {
      outcome: 'failed',
      failure: `rollback did not complete for ${failed.map((result) => result.service).join(', ')}: ${state}`,
      started,
    };
  }
  // The healthy tag is a convenience for later rollbacks: without ecs:TagResource, a warning.
  const reached = [...new Set(started.map((entry) => entry.targetTaskDefinitionArn!))];
  for (const arn of reached)
    await markHealthy(context.clients.ecs, arn, new Date(context.clock.now())).catch((error: unknown) =>
      context.logger.warning(describeFailure('ecs-deploy', error)),
    );
  return { outcome: 'rolled-back', started };
}
