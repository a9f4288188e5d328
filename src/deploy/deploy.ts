/**
 * ecs-deploy's engine, top to bottom: read services (settling any deployment in progress) → render and
 * plan (family guard, pick or register the revision, check one-off tasks) → preflight (every read the
 * later phases need, images, placement constraints) → dry run stops here → register → before tasks
 * (migrations; a failure updates nothing) → update services → wait and finish (roll back on failure) →
 * mark healthy and clean up old revisions → after tasks. Each step returns what it did; deploy() alone
 * assembles the report. No mutating call happens before everything has been read and checked.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { beforeMutation, phasesTogether } from '../aws/access-denied.js';
import { checkImagesOrWarn } from '../registry/image-exists.js';
import { diffTaskDefinitions, type TaskDefinitionDiff } from '../taskdef/diff.js';
import { PROVENANCE_TAG_KEYS } from '../taskdef/provenance.js';
import { renderTaskDefinition } from '../taskdef/render.js';
import { type TaskDefinitionInput } from '../taskdef/types.js';
import { withRollbackTargets } from './automatic-rollback.js';
import { throwIfCancelled } from './cancel.js';
import { describeFailure } from './attend.js';
import { keepRevisions, type RevisionCleanup } from './cleanup.js';
import { checkFamilies } from './guard.js';
import { settleInProgress } from './in-progress.js';
import {
  checkOneOffTasks,
  runOneOffPhase,
  type CheckedOneOffTask,
  type OneOffPhaseResult,
} from './one-off-step.js';
import type { OneOffPhase } from './one-off-task.js';
import { checkPlacementConstraints } from './placement-check.js';
import { planServiceUpdates } from './plan.js';
import { preflightDeploy, type DeployPreflight } from './preflight.js';
import { heldBack, type DeployReport, type ServiceReport } from './report.js';
import { describeRevision, findIdentical, latestRevision, type Revision } from './revisions.js';
import { markHealthy, registerRevision } from './registration.js';
import { checkDeployable, describeServices } from './services.js';
import type { DeployOptions, EngineContext, RolloutEvent } from './types.js';
import { rollOut } from './roll-out.js';
import { eventIds } from './wait.js';

const UNTOUCHED = 'every service was left on the revision it runs';

/** Runs a deployment and reports what happened; throws only for bad input or AWS errors before waiting. */
export async function deploy(context: EngineContext, options: DeployOptions): Promise<DeployReport> {
  const { logger, clock } = context;
  const startedAt = clock.now();
  const timeline: RolloutEvent[] = [];
  const onEvent = (event: RolloutEvent) => timeline.push(event);

  // Nothing below changes anything until `register`: a denied read here names the permission.
  const { services, plan, oneOffTasks, preflight } = await beforeMutation('ecs-deploy', async () => {
    const described = await logger.group('Read services', () => readServices(context, options));
    const planned = await renderAndPlan(context, options, described);
    const checked = checkOneOffTasks(options.oneOffTasks ?? [], planned.rendered);
    // The image check and the later phases' reads run together: one failure names every missing permission.
    const [, read] = await logger.group('Preflight', () =>
      phasesTogether<[void, DeployPreflight, void]>('ecs-deploy', [
        () => checkImages(context, planned.rendered),
        () => preflightDeploy(context, options, { services: described, planned: planned.services }),
        () => checkPlacementConstraints(context.clients.ecs, options.cluster, toUpdate(described, planned)),
      ]),
    );
    return { services: described, plan: planned, oneOffTasks: checked, preflight: read };
  });
  const knownEventIds = eventIds(services);
  // Every exit below reports the plan plus what the steps up to that point returned.
  type StepResults = Pick<DeployReport, 'outcome' | 'taskDefinitionArn'> & Partial<DeployReport>;
  const report = (result: StepResults): DeployReport => ({
    mode: 'deploy',
    cluster: options.cluster,
    waitMode: options.waitMode,
    family: plan.family,
    registered: plan.identicalArn === undefined,
    diff: plan.diff,
    services: plan.services,
    timeline,
    startedAt,
    finishedAt: clock.now(),
    ...result,
  });
  if (options.dryRun) return report({ outcome: 'planned', taskDefinitionArn: plan.identicalArn });

  throwIfCancelled(context.signal, 'any change', UNTOUCHED);
  const taskDefinitionArn =
    plan.identicalArn ??
    (await beforeMutation('ecs-deploy', () => register(context, options, plan.rendered)));
  const planned = withRollbackTargets(
    plan.services.filter((entry) => entry.action === 'updated'),
    preflight.rollbackTargets,
  );
  if (planned.length === 0) {
    logger.info('every service already runs this revision: nothing to deploy');
    return report({ outcome: 'unchanged', taskDefinitionArn });
  }
  const before = await runPhase(context, {
    options,
    phase: 'before',
    tasks: oneOffTasks,
    plan,
    services,
    taskDefinitionArn,
  });
  if (before.failure)
    return report({
      outcome: 'failed',
      failure: `${before.failure}; no service was updated: ${UNTOUCHED}`,
      services: heldBack(plan.services),
      taskDefinitionArn,
      oneOffTasks: before.results,
    });
  throwIfCancelled(context.signal, 'updating the services', UNTOUCHED);
  const finished = await rollOut(context, {
    options,
    planned,
    taskDefinitionArn,
    registered: plan.identicalArn === undefined,
    services,
    targetGroups: preflight.targetGroups,
    knownEventIds,
    onEvent,
  });
  const cleanup =
    finished.outcome === 'deployed' && options.waitMode !== 'none'
      ? await markHealthyAndClean(context, options, {
          taskDefinitionArn,
          family: plan.family,
          services: plan.services,
        })
      : undefined;
  const after =
    finished.outcome === 'deployed' && finished.failure === undefined
      ? await runPhase(context, {
          options,
          phase: 'after',
          tasks: oneOffTasks,
          plan,
          services,
          taskDefinitionArn,
        })
      : { results: [] };
  return report({
    outcome: after.failure ? 'failed' : finished.outcome,
    // An after task fails the step but rolls nothing back: the services are healthy on the new revision.
    failure:
      finished.failure ??
      (after.failure &&
        `${after.failure}; the services stay on ${taskDefinitionArn} (to return to the previous revision run ecs-deploy with mode: rollback)`),
    oneOffTasks: [...before.results, ...after.results],
    taskDefinitionArn,
    services: plan.services.map(
      (entry) => finished.updated.find((updated) => updated.service === entry.service) ?? entry,
    ),
    cleanup,
  });
}

/** Runs one phase's one-off tasks (if it has any) inside a log group, with the first service's network. */
async function runPhase(
  context: EngineContext,
  step: {
    options: DeployOptions;
    phase: OneOffPhase;
    tasks: CheckedOneOffTask[];
    plan: DeploymentPlan;
    services: Service[];
    taskDefinitionArn: string;
  },
): Promise<OneOffPhaseResult> {
  if (!step.tasks.some((task) => task.spec.phase === step.phase)) return { results: [] };
  throwIfCancelled(
    context.signal,
    `the ${step.phase} tasks`,
    step.phase === 'before' ? UNTOUCHED : `the services run ${step.taskDefinitionArn}`,
  );
  return context.logger.group(`Run ${step.phase} tasks`, () =>
    runOneOffPhase(context, {
      phase: step.phase,
      tasks: step.tasks,
      cluster: step.options.cluster,
      taskDefinitionArn: step.taskDefinitionArn,
      service: step.services[0],
      rendered: step.plan.rendered,
    }),
  );
}

/** Describes the services, settles deployments already in progress, and checks they can be deployed to. */
export async function readServices(context: EngineContext, options: DeployOptions): Promise<Service[]> {
  const described = await describeServices(context.clients.ecs, options.cluster, options.services);
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
  for (const service of settled)
    context.logger.info(`${service.serviceName}: runs ${service.taskDefinition}`);
  return settled;
}

/** The rendered revision and what deploying it would do. */
export interface DeploymentPlan {
  rendered: TaskDefinitionInput;
  family: string;
  /** An existing revision identical to the rendered one (reused instead of registering). */
  identicalArn?: string;
  diff: TaskDefinitionDiff;
  /** One entry per service: `updated`, `unchanged` or (dry run) `planned`. */
  services: ServiceReport[];
}

/** Renders the task definition, applies the family guard, and plans the update of each service. */
export async function renderAndPlan(
  context: EngineContext,
  options: DeployOptions,
  services: Service[],
): Promise<DeploymentPlan> {
  const current = await currentRevisions(context, services);
  const primaryCurrent = current.get(services[0].taskDefinition ?? '')!;
  const rendered = renderTaskDefinition(
    withoutProvenance(options.base ?? primaryCurrent.taskDefinition),
    options.overrides,
  );
  const family = rendered.family ?? '';
  checkFamilies(services, family, options.allowFamilyChange);

  const latest = await latestRevision(context.clients.ecs, family);
  const identicalArn = findIdentical(rendered, [
    ...current.values(),
    ...(latest ? [latest] : []),
  ])?.taskDefinitionArn;
  context.logger.info(
    identicalArn
      ? `task definition unchanged: ${identicalArn}`
      : `task definition changed: a new revision of ${family} ${options.dryRun ? 'would be' : 'will be'} registered`,
  );
  return {
    rendered,
    family,
    identicalArn,
    diff: diffTaskDefinitions(primaryCurrent.taskDefinition, rendered),
    services: planServiceUpdates({
      services,
      identicalArn,
      rendered,
      forceNewDeployment: options.forceNewDeployment,
      desiredCount: options.desiredCount,
      dryRun: options.dryRun,
    }),
  };
}

/** Every ECR image the rendered revisions name exists (before anything is registered or updated). */
export async function checkImages(context: EngineContext, ...rendered: TaskDefinitionInput[]): Promise<void> {
  const images = rendered.flatMap((definition) =>
    (definition.containerDefinitions ?? []).flatMap((container) => container.image ?? []),
  );
  await checkImagesOrWarn('ecs-deploy', { ecr: context.clients.ecr, logger: context.logger, images });
}

/** The services the plan updates, each with the revision it will run (for the placement check). */
export function toUpdate(
  services: Service[],
  plan: Pick<DeploymentPlan, 'rendered' | 'services'>,
): { service: Service; rendered: TaskDefinitionInput }[] {
  return services
    .filter((service) =>
      plan.services.some((entry) => entry.service === service.serviceName && entry.action !== 'unchanged'),
    )
    .map((service) => ({ service, rendered: plan.rendered }));
}

/** Tags describing an earlier deployment must not be copied onto a new revision. */
function withoutProvenance(definition: TaskDefinitionInput): TaskDefinitionInput {
  const tags = definition.tags?.filter(
    (tag) =>
      !(PROVENANCE_TAG_KEYS as readonly string[]).includes(tag.key ?? '') && !tag.key?.startsWith('aws:'),
  );
  return { ...definition, tags: tags && tags.length > 0 ? tags : undefined };
}

/** The revisions the services run now, by ARN. */
async function currentRevisions(context: EngineContext, services: Service[]): Promise<Map<string, Revision>> {
  const arns = [...new Set(services.map((service) => service.taskDefinition ?? ''))];
  const revisions = await Promise.all(arns.map((arn) => describeRevision(context.clients.ecs, arn)));
  return new Map(revisions.map((revision) => [revision.taskDefinitionArn, revision]));
}

/** Registers the rendered revision with this run's provenance; returns its ARN. */
export async function register(
  context: EngineContext,
  options: DeployOptions,
  rendered: TaskDefinitionInput,
): Promise<string> {
  return context.logger.group('Register task definition', async () => {
    const arn = await registerRevision(context.clients.ecs, rendered, {
      ...options.provenance,
      deployedAt: new Date(context.clock.now()),
    });
    context.logger.info(`registered ${arn}`);
    return arn;
  });
}

/**
 * After a deployment that reached its goal: tag the revision healthy (the marker rollback looks for) and
 * keep-N. Both are worth a warning, not a failed step, when they fail. Returns what keep-N deregistered.
 */
async function markHealthyAndClean(
  context: EngineContext,
  options: DeployOptions,
  deployed: { taskDefinitionArn: string; family: string; services: ServiceReport[] },
): Promise<RevisionCleanup | undefined> {
  const { logger } = context;
  await markHealthy(context.clients.ecs, deployed.taskDefinitionArn, new Date(context.clock.now())).catch(
    (error: unknown) =>
      logger.warning(`the healthy tag was not set: ${describeFailure('ecs-deploy', error)}`),
  );
  if (options.keepRevisions <= 0) return undefined;
  return logger.group('Deregister old revisions', () =>
    keepRevisions({
      ecs: context.clients.ecs,
      cluster: options.cluster,
      family: deployed.family,
      keep: options.keepRevisions,
      protect: [
        deployed.taskDefinitionArn,
        ...deployed.services.map((entry) => entry.previousTaskDefinitionArn),
      ],
      logger,
    }).catch((error: unknown) => {
      logger.warning(`keep-revisions: ${describeFailure('ecs-deploy', error)}`);
      return undefined;
    }),
  );
}
