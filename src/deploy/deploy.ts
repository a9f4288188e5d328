/**
 * ecs-deploy's engine, top to bottom: read services → render → family guard → pick or register the
 * revision → (dry run stops here) → update services → wait → roll back on failure, or mark healthy and
 * clean up old revisions. No mutating call happens before everything has been read and checked.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { diffTaskDefinitions } from '../taskdef/diff.js';
import { renderTaskDefinition, type RenderOverrides } from '../taskdef/render.js';
import { type TaskDefinitionInput } from '../taskdef/types.js';
import { errorMessage } from '../errors.js';
import { keepRevisions } from './cleanup.js';
import { checkFamily, familyOf } from './guard.js';
import { planServiceUpdates } from './plan.js';
import { PROVENANCE_TAG_KEYS, type Provenance } from './provenance.js';
import type { DeployReport } from './report.js';
import {
  describeRevision,
  findIdentical,
  latestRevision,
  markHealthy,
  registerRevision,
  type Revision,
} from './revisions.js';
import { throwIfCancelled } from './cancel.js';
import { finishRollouts } from './finish.js';
import { settleInProgress, type InProgressPolicy } from './in-progress.js';
import { checkDeployable, describeServices } from './services.js';
import type { EngineContext, RolloutEvent, WaitMode } from './types.js';
import { updateAll } from './update.js';
import { eventIds } from './wait.js';

/** Everything a deployment needs, already validated by the action. */
export interface DeployOptions {
  cluster: string;
  services: string[];
  /** The task definition file's content; undefined to start from what the first service runs now. */
  base?: TaskDefinitionInput;
  overrides: RenderOverrides;
  allowFamilyChange: boolean;
  /** `auto`: only when nothing changed but an image uses a moving tag (`latest` or none). */
  forceNewDeployment: 'auto' | boolean;
  desiredCount?: number;
  /** A deployment already in progress on a service: wait for it, fail, or replace it. */
  inProgress: InProgressPolicy;
  waitMode: WaitMode;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  /** Keep this many newest revisions of the family, deregistering older unused ones (0: keep all). */
  keepRevisions: number;
  dryRun: boolean;
  provenance: Omit<Provenance, 'deployedAt'>;
}

/** Tags describing an earlier deployment must not be copied onto a new revision. */
function withoutProvenance(definition: TaskDefinitionInput): TaskDefinitionInput {
  const tags = definition.tags?.filter(
    (tag) =>
      !(PROVENANCE_TAG_KEYS as readonly string[]).includes(tag.key ?? '') && !tag.key?.startsWith('aws:'),
  );
  return { ...definition, tags: tags && tags.length > 0 ? tags : undefined };
}

async function currentRevisions(context: EngineContext, services: Service[]): Promise<Map<string, Revision>> {
  const arns = [...new Set(services.map((service) => service.taskDefinition ?? ''))];
  const revisions = await Promise.all(arns.map((arn) => describeRevision(context.ecs, arn)));
  return new Map(revisions.map((revision) => [revision.taskDefinitionArn, revision]));
}

/** Runs a deployment and reports what happened; throws only for bad input or AWS errors before waiting. */
export async function deploy(context: EngineContext, options: DeployOptions): Promise<DeployReport> {
  const { logger, clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  const onEvent = (event: RolloutEvent) => timeline.push(event);

  const services = await logger.group('Read services', async () => {
    const described = await describeServices(context.ecs, options.cluster, options.services);
    checkDeployable(options.cluster, described);
    const settled = options.dryRun
      ? described
      : await settleInProgress(
          context,
          {
            cluster: options.cluster,
            services: options.services,
            policy: options.inProgress,
            timeoutMs: options.timeoutMs,
          },
          described,
        );
    // Services read again after a wait are checked again (one may have been deleted meanwhile).
    if (settled !== described) checkDeployable(options.cluster, settled);
    for (const service of settled) logger.info(`${service.serviceName}: runs ${service.taskDefinition}`);
    return settled;
  });
  const knownEventIds = eventIds(services);
  const current = await currentRevisions(context, services);
  const primaryCurrent = current.get(services[0].taskDefinition ?? '')!;

  const rendered = renderTaskDefinition(
    withoutProvenance(options.base ?? primaryCurrent.taskDefinition),
    options.overrides,
  );
  const family = rendered.family ?? '';
  for (const service of services) {
    checkFamily({
      service: service.serviceName ?? '',
      currentFamily: familyOf(service.taskDefinition ?? ''),
      newFamily: family,
      allowFamilyChange: options.allowFamilyChange,
    });
  }

  const latest = await latestRevision(context.ecs, family);
  const identical = findIdentical(rendered, [...current.values(), ...(latest ? [latest] : [])]);
  const diff = diffTaskDefinitions(primaryCurrent.taskDefinition, rendered);
  const reports = planServiceUpdates({
    services,
    identicalArn: identical?.taskDefinitionArn,
    rendered,
    forceNewDeployment: options.forceNewDeployment,
    desiredCount: options.desiredCount,
    dryRun: options.dryRun,
  });
  const report: DeployReport = {
    mode: 'deploy',
    outcome: 'unchanged',
    cluster: options.cluster,
    waitMode: options.waitMode,
    taskDefinitionArn: identical?.taskDefinitionArn,
    family,
    registered: identical === undefined,
    diff,
    services: reports,
    timeline,
    startedAt,
    finishedAt: startedAt,
  };
  logger.info(
    identical
      ? `task definition unchanged: ${identical.taskDefinitionArn}`
      : `task definition changed: a new revision of ${family} ${options.dryRun ? 'would be' : 'will be'} registered`,
  );
  if (options.dryRun) {
    report.outcome = 'planned';
    report.finishedAt = clock.now();
    return report;
  }

  const untouched = 'every service was left on the revision it runs';
  throwIfCancelled(context.signal, 'any change', untouched);
  if (!report.taskDefinitionArn) {
    report.taskDefinitionArn = await logger.group('Register task definition', async () => {
      const arn = await registerRevision(context.ecs, rendered, {
        ...options.provenance,
        deployedAt: new Date(clock.now()),
      });
      logger.info(`registered ${arn}`);
      return arn;
    });
  }
  const targetArn = report.taskDefinitionArn;
  const updated = reports.filter((entry) => entry.action === 'updated');
  if (updated.length === 0) {
    logger.info('every service already runs this revision: nothing to deploy');
    report.finishedAt = clock.now();
    return report;
  }
  throwIfCancelled(context.signal, 'updating the services', untouched);
  await logger.group('Update services', () =>
    updateAll(context, { options, report, targetArn, knownEventIds, onEvent }),
  );
  await finishRollouts(context, { options, report, services, knownEventIds, onEvent });
  if (report.outcome === 'deployed' && options.waitMode !== 'none') {
    // The deployment succeeded: a failed tag or cleanup is worth a warning, not a failed step.
    await markHealthy(context.ecs, targetArn, new Date(clock.now())).catch((error: unknown) =>
      logger.warning(errorMessage(error)),
    );
    if (options.keepRevisions > 0) {
      report.cleanup = await logger.group('Deregister old revisions', () =>
        keepRevisions({
          ecs: context.ecs,
          cluster: options.cluster,
          family,
          keep: options.keepRevisions,
          protect: [targetArn, ...reports.map((entry) => entry.previousTaskDefinitionArn)],
          logger,
        }).catch((error: unknown) => {
          logger.warning(`keep-revisions: ${errorMessage(error)}`);
          return undefined;
        }),
      );
    }
  }
  report.finishedAt = clock.now();
  return report;
}
