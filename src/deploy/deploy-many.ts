/**
 * Several deployables in one step (issue 15.3): each is a set of services with its own base task
 * definition and overrides. Top to bottom: read every service → render and plan each deployable →
 * preflight (images, the later phases' reads: many-preflight.ts) → dry run stops here → register each
 * distinct revision once (deployables that render the same definition share it) → before tasks (from the
 * first deployable's revision) → update every service → wait for all of them concurrently and, when any
 * fails, roll back all of them (`rollbackScope: 'service'`: only the failed ones) → tag the revisions
 * healthy and keep-revisions per family (many-cleanup.ts) → after tasks. The steps are deploy.ts's own;
 * a single deployable goes through deploy() unchanged.
 */
import { asMissingPermissions } from '../aws/access-denied.js';
import { errorMessage, wrapError } from '../errors.js';
import type { RenderOverrides } from '../taskdef/render.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';
import { throwIfCancelled } from './cancel.js';
import { withRollbackTargets } from './automatic-rollback.js';
import type { RevisionCleanup } from './cleanup.js';
import { register, type DeploymentPlan } from './deploy.js';
import { attendFailure, unattendedState } from './attend.js';
import { finishRollouts } from './finish.js';
import { checkOneOffTasks, runOneOffPhase, type OneOffPhaseResult } from './one-off-step.js';
import type { OneOffPhase } from './one-off-task.js';
import { heldBack, type DeployReport, type RevisionReport, type ServiceReport } from './report.js';
import { keepRevisionsPerFamily } from './many-cleanup.js';
import { readAndPreflightMany } from './many-preflight.js';
import { markHealthy } from './registration.js';
import { rollBack, rollbackRequestsFor } from './rollback.js';
import type { OneOffResult } from './run-one-off.js';
import type { DeployOptions, EngineContext, Outcome, RolloutEvent } from './types.js';
import { updateAll } from './update.js';
import { eventIds } from './wait.js';
import type { Service } from '@aws-sdk/client-ecs';

/** One deployable: services that run the same task definition with the same overrides. */
export interface DeployableSpec {
  services: string[];
  /** The task definition file's content; undefined to start from what the first service runs now. */
  base?: TaskDefinitionInput;
  overrides: RenderOverrides;
  desiredCount?: number;
}

/** deploy()'s options with a list of deployables instead of one. */
export interface DeployManyOptions extends Omit<
  DeployOptions,
  'services' | 'base' | 'overrides' | 'desiredCount'
> {
  deployables: DeployableSpec[];
}

/** What a several-deployables run did. */
export interface DeployManyReport {
  outcome: Outcome;
  failure?: string;
  cluster: string;
  revisions: RevisionReport[];
  services: ServiceReport[];
  oneOffTasks: OneOffResult[];
  timeline: RolloutEvent[];
  startedAt: number;
  finishedAt: number;
  /** What keep-revisions deregistered, over every family the release deployed. */
  cleanup?: RevisionCleanup;
}

const UNTOUCHED = 'every service was left on the revision it runs';

/** Deploys every deployable as one release; throws only for bad input or AWS errors before waiting. */
export async function deployMany(
  context: EngineContext,
  options: DeployManyOptions,
): Promise<DeployManyReport> {
  const { logger, clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  const onEvent = (event: RolloutEvent) => timeline.push(event);
  const single = options.deployables.map((deployable): DeployOptions => ({ ...options, ...deployable }));

  // Nothing below changes anything until registration: reads, plans, images and the later phases' reads.
  const { read, plans, preflight } = await readAndPreflightMany(context, single);
  const services = read.flat();
  const knownEventIds = eventIds(services);
  const oneOffTasks = checkOneOffTasks(options.oneOffTasks ?? [], plans[0].rendered);

  const revisions = (arns: (string | undefined)[]): RevisionReport[] =>
    plans.map((plan, index) => ({
      family: plan.family,
      taskDefinitionArn: arns[index],
      registered: plan.identicalArn === undefined,
      diff: plan.diff,
      services: single[index].services,
    }));
  const report = (
    result: { outcome: Outcome; failure?: string; arns: (string | undefined)[] } & Partial<DeployManyReport>,
  ): DeployManyReport => ({
    cluster: options.cluster,
    revisions: revisions(result.arns),
    services: plans.flatMap((plan) => plan.services),
    oneOffTasks: [],
    timeline,
    startedAt,
    finishedAt: clock.now(),
    ...result,
  });
  const plannedArns = plans.map((plan) => plan.identicalArn);
  if (options.dryRun) return report({ outcome: 'planned', arns: plannedArns });

  throwIfCancelled(context.signal, 'any change', UNTOUCHED);
  // A denied registration changed no service: the failure names the permission.
  const arns = await registerEach(context, single, plans).catch((error: unknown) => {
    throw asMissingPermissions('ecs-deploy', error, 'no service was changed', 'ecs:RegisterTaskDefinition');
  });
  const planned = plans.map((plan, index) =>
    withRollbackTargets(
      plan.services.filter((entry) => entry.action === 'updated'),
      preflight.rollbackTargets,
    ).map((entry) => ({ ...entry, targetTaskDefinitionArn: arns[index] })),
  );
  if (planned.every((entries) => entries.length === 0)) {
    logger.info('every service already runs its revision: nothing to deploy');
    return report({ outcome: 'unchanged', arns });
  }
  const phase = (which: OneOffPhase) =>
    runPhase(context, {
      options,
      phase: which,
      plan: plans[0],
      service: read[0][0],
      arn: arns[0],
      oneOffTasks,
    });
  const before = await phase('before');
  if (before.failure)
    return report({
      outcome: 'failed',
      failure: `${before.failure}; no service was updated: ${UNTOUCHED}`,
      services: heldBack(plans.flatMap((plan) => plan.services)),
      arns,
      oneOffTasks: before.results,
    });
  throwIfCancelled(context.signal, 'updating the services', UNTOUCHED);
  const started = await logger.group('Update services', () =>
    updateEach(context, { single, planned, arns, knownEventIds, onEvent }),
  );
  const finished = await finishRollouts(context, {
    options: { ...single[0], services: services.map((service) => service.serviceName ?? '') },
    updated: started,
    taskDefinitionArn: arns[0],
    services,
    knownEventIds,
    onEvent,
    // Read in the preflight: the gate does not describe the target groups again.
    targetGroups: preflight.targetGroups,
  }).catch((error: unknown) =>
    // The services changed: whatever threw while waiting (a denied read, polls failing) is attended to.
    attendFailure(context, {
      action: 'ecs-deploy',
      cluster: options.cluster,
      changed: started,
      targetArn: arns[0],
      error,
      rollbackOnFailure: options.rollbackOnFailure,
      timeoutMs: options.timeoutMs,
      knownEventIds,
      onEvent,
    }),
  );
  if (finished.outcome === 'deployed' && options.waitMode !== 'none')
    for (const arn of new Set(arns))
      await markHealthy(context.clients.ecs, arn, new Date(clock.now())).catch((error: unknown) =>
        logger.warning(errorMessage(error)),
      );
  const cleanup =
    finished.outcome === 'deployed' && options.waitMode !== 'none'
      ? await keepRevisionsPerFamily(context, {
          cluster: options.cluster,
          keep: options.keepRevisions,
          deployed: [...new Set(arns)],
          services: planned.flat(),
        })
      : undefined;
  const after =
    finished.outcome === 'deployed' ? await phase('after') : ({ results: [] } as OneOffPhaseResult);
  const byService = new Map(finished.updated.map((entry) => [entry.service, entry]));
  return report({
    outcome: after.failure ? 'failed' : finished.outcome,
    failure:
      finished.failure ??
      (after.failure &&
        `${after.failure}; the services stay on their new revisions (to return to the previous ones run ecs-deploy with mode: rollback)`),
    arns,
    cleanup,
    oneOffTasks: [...before.results, ...after.results],
    services: plans.flatMap((plan, index) =>
      plan.services.map(
        (entry) => byService.get(entry.service) ?? { ...entry, targetTaskDefinitionArn: arns[index] },
      ),
    ),
  });
}

/** Registers each plan's revision unless an identical one exists; identical renders share one registration. */
async function registerEach(
  context: EngineContext,
  single: DeployOptions[],
  plans: DeploymentPlan[],
): Promise<string[]> {
  const registered = new Map<string, string>();
  const arns: string[] = [];
  for (const [index, plan] of plans.entries()) {
    const key = JSON.stringify(plan.rendered);
    const arn =
      plan.identicalArn ?? registered.get(key) ?? (await register(context, single[index], plan.rendered));
    registered.set(key, arn);
    arns.push(arn);
  }
  return arns;
}

/**
 * UpdateService for every planned service, deployable by deployable. When an update fails, the services
 * already updated (of every deployable) are rolled back before the error surfaces (with rollback on
 * failure), so the release is never left half-out.
 */
async function updateEach(
  context: EngineContext,
  update: {
    single: DeployOptions[];
    planned: ServiceReport[][];
    arns: string[];
    knownEventIds: Set<string>;
    onEvent: (event: RolloutEvent) => void;
  },
): Promise<ServiceReport[]> {
  const started: ServiceReport[] = [];
  // Every service whose deployment started, across deployables: what goes back when a later update fails.
  const changed: ServiceReport[] = [];
  for (const [index, entries] of update.planned.entries()) {
    if (entries.length === 0) continue;
    const options = update.single[index];
    const targetTaskDefinitionArn = update.arns[index];
    try {
      const done = await updateAll(context, {
        options,
        entries,
        targetArn: targetTaskDefinitionArn,
        onEvent: update.onEvent,
        onStarted: (entry) => changed.push({ ...entry, targetTaskDefinitionArn }),
      });
      started.push(...done.map((entry) => ({ ...entry, targetTaskDefinitionArn })));
    } catch (error) {
      if (changed.length === 0)
        throw asMissingPermissions('ecs-deploy', error, 'no service was changed', 'ecs:UpdateService');
      if (!options.rollbackOnFailure)
        throw wrapError(unattendedState(options.cluster, targetTaskDefinitionArn, changed), error);
      await rollBack(context, {
        cluster: options.cluster,
        requests: rollbackRequestsFor(changed),
        timeoutMs: options.timeoutMs,
        wait: true,
        knownEventIds: update.knownEventIds,
        onEvent: update.onEvent,
      });
      throw wrapError(`${changed.map((entry) => entry.service).join(', ')} rolled back`, error);
    }
  }
  return started;
}

/** Runs one phase's one-off tasks (if any) from the first deployable's revision, with its first service's network. */
async function runPhase(
  context: EngineContext,
  step: {
    options: DeployManyOptions;
    phase: OneOffPhase;
    plan: DeploymentPlan;
    service: Service;
    arn: string;
    oneOffTasks: ReturnType<typeof checkOneOffTasks>;
  },
): Promise<OneOffPhaseResult> {
  if (!step.oneOffTasks.some((task) => task.spec.phase === step.phase)) return { results: [] };
  throwIfCancelled(
    context.signal,
    `the ${step.phase} tasks`,
    step.phase === 'before' ? UNTOUCHED : 'the services run their new revisions',
  );
  return context.logger.group(`Run ${step.phase} tasks`, () =>
    runOneOffPhase(context, {
      phase: step.phase,
      tasks: step.oneOffTasks,
      cluster: step.options.cluster,
      taskDefinitionArn: step.arn,
      service: step.service,
      rendered: step.plan.rendered,
    }),
  );
}

/**
 * The report in the single-revision shape the action's outputs and job summary read: the first revision
 * stands for the run (family, ARN, diff) and every service keeps its own target revision in its entry.
 */
export function asDeployReport(report: DeployManyReport, waitMode: DeployOptions['waitMode']): DeployReport {
  const first = report.revisions[0];
  return {
    mode: 'deploy',
    outcome: report.outcome,
    cluster: report.cluster,
    waitMode,
    taskDefinitionArn: first?.taskDefinitionArn,
    family: report.revisions
      .map((revision) => revision.family)
      .filter((family, index, all) => all.indexOf(family) === index)
      .join(', '),
    registered: report.revisions.some((revision) => revision.registered),
    diff: first?.diff ?? {
      changed: false,
      addedContainers: [],
      removedContainers: [],
      containers: [],
      fields: [],
    },
    services: report.services,
    timeline: report.timeline,
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    oneOffTasks: report.oneOffTasks,
    failure: report.failure,
    revisions: report.revisions,
    cleanup: report.cleanup,
  };
}
