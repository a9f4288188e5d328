/**
 * Rollback mode (the rollback workflow): put services back on the last revision that reached healthy
 * before the current one, or on a given revision, and wait for it like a deployment.
 */
import { diffTaskDefinitions } from '../taskdef/diff.js';
import { throwIfCancelled } from './cancel.js';
import { checkFamily, familyOf } from './guard.js';
import type { DeployReport, ServiceReport } from './report.js';
import { shortArn } from './rollback.js';
import { lastHealthyRevision, resolveRollbackTo } from './rollback-target.js';
import { describeRevision, markHealthy, type Revision } from './revisions.js';
import { checkDeployable, describeServices } from './services.js';
import type { EngineContext, RolloutEvent, WaitMode } from './types.js';
import { updateService } from './update.js';
import { eventIds } from './wait.js';
import { waitForUpdated } from './wait-mode.js';

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

async function chooseTarget(
  context: EngineContext,
  currentArn: string,
  rollbackTo?: string,
): Promise<Revision> {
  if (rollbackTo) return describeRevision(context.ecs, resolveRollbackTo(rollbackTo, currentArn));
  const healthy = await lastHealthyRevision(context.ecs, currentArn);
  if (!healthy) {
    throw new Error(
      `no revision of ${familyOf(currentArn)} older than ${shortArn(currentArn)} is tagged ecs-kit:healthy-at; pass rollback-to with a revision`,
    );
  }
  return healthy;
}

/** Rolls services back and reports like a deployment (outcome `rolled-back`, `unchanged`, `planned` or `failed`). */
export async function rollbackServices(
  context: EngineContext,
  options: RollbackModeOptions,
): Promise<DeployReport> {
  const { logger, clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  const services = await describeServices(context.ecs, options.cluster, options.services);
  checkDeployable(options.cluster, services);
  const knownEventIds = eventIds(services);
  const first = services[0].taskDefinition ?? '';
  const target = await logger.group('Choose rollback target', async () => {
    const chosen = await chooseTarget(context, first, options.rollbackTo);
    logger.info(`rolling back to ${chosen.taskDefinitionArn}`);
    return chosen;
  });
  for (const service of services) {
    checkFamily({
      service: service.serviceName ?? '',
      currentFamily: familyOf(service.taskDefinition ?? ''),
      newFamily: target.family,
      allowFamilyChange: options.allowFamilyChange,
    });
  }
  const current = await describeRevision(context.ecs, first);
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
  if (options.dryRun || updated.length === 0) {
    report.finishedAt = clock.now();
    return report;
  }
  throwIfCancelled(context.signal, 'rolling back', 'every service was left on the revision it runs');
  for (const entry of updated) {
    entry.deploymentId = await updateService(context.ecs, options.cluster, {
      service: entry.service,
      taskDefinitionArn: target.taskDefinitionArn,
      forceNewDeployment: false,
    });
    timeline.push({
      time: clock.now(),
      service: entry.service,
      message: `rollback to ${shortArn(target.taskDefinitionArn)} started`,
    });
  }
  report.outcome = 'rolled-back';
  if (options.waitMode !== 'none') {
    const failed = await waitForUpdated(context, {
      mode: options.waitMode,
      cluster: options.cluster,
      entries: updated,
      taskDefinitionArn: target.taskDefinitionArn,
      services,
      timeoutMs: options.timeoutMs,
      knownEventIds,
      onEvent: (event) => timeline.push(event),
    });
    if (failed.length > 0) {
      report.outcome = 'failed';
      report.failure = `rollback did not complete (${failed.map((r) => `${r.service}: ${r.status}: ${r.reason}`).join('; ')})`;
    } else {
      await markHealthy(context.ecs, target.taskDefinitionArn, new Date(clock.now()));
    }
  }
  report.finishedAt = clock.now();
  return report;
}
