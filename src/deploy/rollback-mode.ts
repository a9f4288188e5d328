/**
 * Rollback mode (the rollback workflow): put services back on the first rollback candidate of the first
 * service (src/deploy/rollback-candidates.ts), or on a given revision, and wait for it like a deployment.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { asMissingPermissions, beforeMutation } from '../aws/access-denied.js';
import type { PreflightTargetGroups } from '../health/preflight.js';
import { diffTaskDefinitions } from '../taskdef/diff.js';
import { familyOf, shortArn } from '../arn.js';
import { throwIfCancelled } from './cancel.js';
import { attendFailure, describeFailure } from './attend.js';
import { checkFamilies } from './guard.js';
import { preflightDeploy } from './preflight.js';
import type { DeployReport, ServiceReport } from './report.js';
import { findRollbackCandidates } from './rollback-candidates.js';
import { resolveRollbackTo } from './rollback-target.js';
import { markHealthy } from './registration.js';
import { describeRevision, type Revision } from './revisions.js';
import { checkDeployable, describeServices, updateService } from './services.js';
import type { EngineContext, Outcome, RolloutEvent, WaitMode } from './types.js';
import { eventIds } from './wait.js';
import { describeResults, failedRollouts, waitForUpdated } from './wait-mode.js';

/** Options of rollbackServices. */
export interface RollbackModeOptions {
  cluster: string;
  services: string[];
  /** A revision number, family:revision or ARN; the last healthy revision when undefined. */
  rollbackTo?: string;
  allowFamilyChange: boolean;
  waitMode: WaitMode;
  timeoutMs: number;
  dryRun: boolean;
}

/** The revision to go back to: `rollback-to` when given, else the first candidate of the one rule. */
async function chooseTarget(
  context: EngineContext,
  cluster: string,
  service: Service,
  rollbackTo?: string,
): Promise<Revision> {
  const currentArn = service.taskDefinition ?? '';
  if (rollbackTo) return describeRevision(context.clients.ecs, resolveRollbackTo(rollbackTo, currentArn));
  const [candidate] = await findRollbackCandidates(context.clients.ecs, { cluster, service, limit: 1 });
  if (!candidate) {
    throw new Error(
      `no rollback target for ${service.serviceName} on ${shortArn(currentArn)}: no older revision of ${familyOf(currentArn)} is tagged ecs-kit:healthy-at, ECS records no successful deployment of an older revision, and the service ran no other revision before; pass rollback-to with a revision`,
    );
  }
  context.logger.info(`${shortArn(candidate.taskDefinitionArn)}: ${candidate.reason}`);
  return describeRevision(context.clients.ecs, candidate.taskDefinitionArn);
}

/** Rolls services back and reports like a deployment (outcome `rolled-back`, `unchanged`, `planned` or `failed`). */
export async function rollbackServices(
  context: EngineContext,
  options: RollbackModeOptions,
): Promise<DeployReport> {
  const { logger, clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  // Nothing changes before the updates below: a denied read names the permission.
  const { services, target, current } = await beforeMutation('ecs-deploy', async () => {
    const services = await describeServices(context.clients.ecs, options.cluster, options.services);
    checkDeployable(options.cluster, services);
    const first = services[0].taskDefinition ?? '';
    const target = await logger.group('Choose rollback target', async () => {
      const chosen = await chooseTarget(context, options.cluster, services[0], options.rollbackTo);
      logger.info(`rolling back to ${chosen.taskDefinitionArn}`);
      return chosen;
    });
    checkFamilies(services, target.family, options.allowFamilyChange);
    const current = await describeRevision(context.clients.ecs, first);
    return { services, target, current };
  });
  const knownEventIds = eventIds(services);
  const reports: ServiceReport[] = services.map((service) => {
    const onTarget = service.taskDefinition === target.taskDefinitionArn;
    return {
      service: service.serviceName ?? '',
      previousTaskDefinitionArn: service.taskDefinition ?? '',
      action: onTarget ? 'unchanged' : options.dryRun ? 'planned' : 'updated',
      forceNewDeployment: false,
      stoppedReasons: [],
    };
  });
  const report: DeployReport = {
    mode: 'rollback',
    outcome: options.dryRun ? 'planned' : 'unchanged',
    cluster: options.cluster,
    waitMode: options.waitMode,
    taskDefinitionArn: target.taskDefinitionArn,
    family: target.family,
    registered: false,
    diff: diffTaskDefinitions(current.taskDefinition, target.taskDefinition),
    services: reports,
    timeline,
    startedAt,
    finishedAt: startedAt,
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
      const deploymentId = await updateService(context.clients.ecs, options.cluster, {
        service: entry.service,
        taskDefinitionArn: target.taskDefinitionArn,
        forceNewDeployment: false,
      });
      started.push({ ...entry, deploymentId });
      timeline.push({
        time: clock.now(),
        service: entry.service,
        message: `rollback to ${shortArn(target.taskDefinitionArn)} started`,
      });
    }
    finished = await finishRollback(context, {
      targetGroups: preflight.targetGroups,
      options,
      started,
      services,
      taskDefinitionArn: target.taskDefinitionArn,
      knownEventIds,
      onEvent: (event) => timeline.push(event),
    });
  } catch (error) {
    // After a rollback deployment started, the kit still says what ECS is doing and how to undo it.
    if (started.length === 0) throw asMissingPermissions('ecs-deploy', error, 'no service was changed');
    const attended = await attendFailure(context, {
      action: 'ecs-deploy',
      cluster: options.cluster,
      changed: started,
      targetArn: target.taskDefinitionArn,
      error,
      rollbackOnFailure: false,
      timeoutMs: options.timeoutMs,
    });
    finished = { outcome: attended.outcome, failure: attended.failure, started: attended.updated };
  }
  return {
    ...report,
    outcome: finished.outcome,
    failure: finished.failure,
    services: reports.map(
      (entry) => finished.started.find((done) => done.service === entry.service) ?? entry,
    ),
    finishedAt: clock.now(),
  };
}

/** Waits for the rollback deployments (unless wait is none); marks the target healthy when they complete. */
async function finishRollback(
  context: EngineContext,
  rollback: {
    options: RollbackModeOptions;
    started: ServiceReport[];
    services: Service[];
    taskDefinitionArn: string;
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
    taskDefinitionArn: rollback.taskDefinitionArn,
    services: rollback.services,
    timeoutMs: options.timeoutMs,
    knownEventIds: rollback.knownEventIds,
    onEvent: rollback.onEvent,
    targetGroups: rollback.targetGroups,
  });
  const started = rollback.started.map((entry, index) => ({ ...entry, wait: waits[index] }));
  const failed = failedRollouts(waits);
  if (failed.length > 0)
    return { outcome: 'failed', failure: `rollback did not complete (${describeResults(failed)})`, started };
  // The healthy tag is a convenience for later rollbacks: without ecs:TagResource, a warning.
  await markHealthy(context.clients.ecs, rollback.taskDefinitionArn, new Date(context.clock.now())).catch(
    (error: unknown) => context.logger.warning(describeFailure('ecs-deploy', error)),
  );
  return { outcome: 'rolled-back', started };
}
