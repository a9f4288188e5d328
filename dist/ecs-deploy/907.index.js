export const id = 907;
export const ids = [907];
export const modules = {

/***/ 7907:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  COMMIT_TAG: () => (/* reexport */ deploy_provenance/* COMMIT_TAG */.z2),
  DEPLOYED_AT_TAG: () => (/* reexport */ deploy_provenance/* DEPLOYED_AT_TAG */.yZ),
  ENVIRONMENT_TAG: () => (/* reexport */ deploy_provenance/* ENVIRONMENT_TAG */.vp),
  HEALTHY_AT_TAG: () => (/* reexport */ deploy_provenance/* HEALTHY_AT_TAG */.BA),
  PROVENANCE_TAG_KEYS: () => (/* reexport */ deploy_provenance/* PROVENANCE_TAG_KEYS */.yj),
  RUN_URL_TAG: () => (/* reexport */ deploy_provenance/* RUN_URL_TAG */.tX),
  deploy: () => (/* reexport */ deploy),
  deploySummary: () => (/* reexport */ deploySummary),
  diffText: () => (/* reexport */ diffText),
  healthyTag: () => (/* reexport */ deploy_provenance/* healthyTag */.ib),
  provenanceTags: () => (/* reexport */ deploy_provenance/* provenanceTags */.Xy),
  rollbackServices: () => (/* reexport */ rollbackServices)
});

// EXTERNAL MODULE: ./src/taskdef/index.ts + 8 modules
var taskdef = __webpack_require__(1444);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/deploy/provenance.ts
var deploy_provenance = __webpack_require__(2692);
;// CONCATENATED MODULE: ./src/deploy/revisions.ts
/** Task definition revisions: read with tags, reuse an identical one, register with provenance, mark healthy. */




/** Describes a revision (ARN, family:revision or family for the latest ACTIVE one) with its tags. */
async function describeRevision(ecs, taskDefinition) {
    let response;
    try {
        response = await ecs.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition, include: ['TAGS'] }));
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`describing task definition ${taskDefinition}`, error);
    }
    const described = response.taskDefinition;
    if (!described?.taskDefinitionArn)
        throw new Error(`task definition ${taskDefinition} not found`);
    const tags = response.tags ?? [];
    // Keep only what RegisterTaskDefinition takes: newer API versions may describe more than we know.
    const known = Object.fromEntries(Object.entries(described).filter(([key]) => taskdef/* REGISTER_FIELDS */.GA.includes(key)));
    const { taskDefinition: request } = (0,taskdef/* stripTaskDefinition */.NQ)({
        ...known,
        tags: tags.length > 0 ? tags : undefined,
    });
    return {
        taskDefinitionArn: described.taskDefinitionArn,
        revision: described.revision ?? 0,
        family: described.family ?? '',
        taskDefinition: request,
        tags,
    };
}
/** The latest ACTIVE revision of a family, or undefined when the family has none. */
async function latestRevision(ecs, family) {
    try {
        return await describeRevision(ecs, family);
    }
    catch {
        return undefined;
    }
}
/** The first candidate whose content equals `rendered` (ignoring read-only fields, defaults and order). */
function findIdentical(rendered, candidates) {
    return candidates.find((candidate) => candidate.family === rendered.family && (0,taskdef/* sameTaskDefinition */.JL)(rendered, candidate.taskDefinition));
}
/** Registers `rendered` with provenance tags; returns the new revision's ARN. */
async function registerRevision(ecs, rendered, provenance) {
    const extra = (0,deploy_provenance/* provenanceTags */.Xy)(provenance);
    const tags = [...(rendered.tags ?? []).filter((tag) => !extra.some((p) => p.key === tag.key)), ...extra];
    try {
        const response = await ecs.send(new dist_cjs/* RegisterTaskDefinitionCommand */.$Hl({ ...rendered, tags }));
        const arn = response.taskDefinition?.taskDefinitionArn;
        if (!arn)
            throw new Error('no taskDefinitionArn in the response');
        return arn;
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`registering task definition ${rendered.family}`, error);
    }
}
/** Tags a revision with `ecs-kit:healthy-at`: the marker rollback looks for. */
async function markHealthy(ecs, taskDefinitionArn, at) {
    try {
        await ecs.send(new dist_cjs/* TagResourceCommand */.eqU({ resourceArn: taskDefinitionArn, tags: [(0,deploy_provenance/* healthyTag */.ib)(at)] }));
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`tagging ${taskDefinitionArn} as healthy`, error);
    }
}
/** ACTIVE revision ARNs of a family, newest first. */
async function listRevisions(ecs, family) {
    const arns = [];
    let nextToken;
    do {
        const response = await ecs.send(new dist_cjs/* ListTaskDefinitionsCommand */.Pse({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }));
        // familyPrefix matches prefixes: shop-web also lists shop-web-worker.
        arns.push(...(response.taskDefinitionArns ?? []).filter((arn) => familyOfArn(arn) === family));
        nextToken = response.nextToken;
    } while (nextToken);
    return arns;
}
function familyOfArn(arn) {
    const name = arn.slice(arn.lastIndexOf('/') + 1);
    return name.slice(0, name.lastIndexOf(':'));
}
/** Whether a revision carries the healthy marker. */
function wasHealthy(revision) {
    return revision.tags.some((tag) => tag.key === deploy_provenance/* HEALTHY_AT_TAG */.BA);
}

;// CONCATENATED MODULE: ./src/deploy/services.ts
/** Reading services (ten per DescribeServices call, as the API allows) with errors that name what is missing. */


const BATCH = 10;
/** A service that cannot be deployed to, named with its cluster. */
class ServiceLookupError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ServiceLookupError';
    }
}
/** The short name of a service given by name or ARN. */
function serviceName(service) {
    return service.slice(service.lastIndexOf('/') + 1);
}
/** Describes services in batches of ten; order follows `services`. Throws naming unknown cluster or services. */
async function describeServices(ecs, cluster, services) {
    const found = [];
    const missing = [];
    for (let start = 0; start < services.length; start += BATCH) {
        const batch = services.slice(start, start + BATCH);
        let response;
        try {
            response = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: batch }));
        }
        catch (error) {
            if ((0,errors/* awsErrorName */.ZH)(error) === 'ClusterNotFoundException')
                throw new ServiceLookupError(`cluster '${cluster}' not found`);
            if ((0,errors/* awsErrorName */.ZH)(error) === 'CredentialsProviderError')
                throw (0,errors/* wrapError */.J4)('no AWS credentials (configure them, e.g. with aws-actions/configure-aws-credentials)', error);
            throw (0,errors/* wrapError */.J4)(`describing services in cluster '${cluster}'`, error);
        }
        for (const name of batch) {
            const service = response.services?.find((candidate) => candidate.serviceName === serviceName(name) || candidate.serviceArn === name);
            if (service)
                found.push(service);
            else
                missing.push(name);
        }
    }
    if (missing.length > 0) {
        throw new ServiceLookupError(`service${missing.length > 1 ? 's' : ''} ${missing.map((name) => `'${name}'`).join(', ')} not found in cluster '${cluster}'`);
    }
    return found;
}
/** Throws unless every service can take a rolling update of its task definition. */
function checkDeployable(cluster, services) {
    for (const service of services) {
        if (service.status !== 'ACTIVE') {
            throw new ServiceLookupError(`service '${service.serviceName}' in cluster '${cluster}' is ${service.status ?? 'not active'}, not ACTIVE`);
        }
        const controller = service.deploymentController?.type ?? 'ECS';
        if (controller !== 'ECS') {
            throw new ServiceLookupError(`service '${service.serviceName}' uses the ${controller} deployment controller; ecs-deploy updates services with the ECS controller`);
        }
    }
}

;// CONCATENATED MODULE: ./src/deploy/cleanup.ts
/**
 * Keep-N: deregister older ACTIVE revisions of a family that nothing uses. A revision is kept when it is
 * among the newest N, or any deployment of a service in the cluster runs it. Deregistered revisions stay
 * describable (INACTIVE), and running tasks are not affected.
 */




/** The revisions to deregister: pure, so the rule is tested without AWS. `revisions` is newest first. */
function planRevisionCleanup(revisions, inUse, keep) {
    const kept = [];
    const deregistered = [];
    revisions.forEach((arn, index) => (index < keep || inUse.has(arn) ? kept : deregistered).push(arn));
    return { kept, deregistered };
}
/** Every task definition any deployment of any service in the cluster uses. */
async function revisionsInUse(ecs, cluster) {
    const names = [];
    let nextToken;
    do {
        const page = await ecs.send(new dist_cjs/* ListServicesCommand */.qde({ cluster, nextToken, maxResults: 100 }));
        names.push(...(page.serviceArns ?? []));
        nextToken = page.nextToken;
    } while (nextToken);
    const services = names.length > 0 ? await describeServices(ecs, cluster, names) : [];
    return new Set(services.flatMap((service) => [
        service.taskDefinition ?? '',
        ...(service.deployments ?? []).map((deployment) => deployment.taskDefinition ?? ''),
    ]));
}
/** Deregisters unused revisions beyond the newest `keep`; failures are warnings, not a failed deployment. */
async function keepRevisions(options) {
    const { ecs, logger } = options;
    const inUse = await revisionsInUse(ecs, options.cluster);
    for (const arn of options.protect)
        inUse.add(arn);
    const plan = planRevisionCleanup(await listRevisions(ecs, options.family), inUse, options.keep);
    const deregistered = [];
    for (const arn of plan.deregistered) {
        try {
            await ecs.send(new dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition: arn }));
            deregistered.push(arn);
            logger.info(`deregistered ${arn}`);
        }
        catch (error) {
            logger.warning(`could not deregister ${arn}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
    }
    return { kept: plan.kept, deregistered };
}

;// CONCATENATED MODULE: ./src/deploy/guard.ts
/**
 * The family guard: a service runs one family of task definitions. Pointing the prod-app service at a
 * prod-api task definition is a classic outage, so a family change needs `allow-family-change: true`.
 */
/** A refused family change. */
class FamilyChangeError extends Error {
    constructor(check) {
        super(`service '${check.service}' runs task definition family '${check.currentFamily}', refusing to deploy family '${check.newFamily}' (set allow-family-change: true if this is intended)`);
        this.name = 'FamilyChangeError';
    }
}
/** The family of a task definition ARN or `family:revision`. */
function familyOf(taskDefinition) {
    const name = taskDefinition.slice(taskDefinition.lastIndexOf('/') + 1);
    const colon = name.lastIndexOf(':');
    return colon > 0 && /^\d+$/.test(name.slice(colon + 1)) ? name.slice(0, colon) : name;
}
/** The revision number of a task definition ARN or `family:revision`, if it has one. */
function revisionOf(taskDefinition) {
    const match = /:(\d+)$/.exec(taskDefinition);
    return match ? Number(match[1]) : undefined;
}
/** Throws FamilyChangeError when the family changes and that is not allowed. */
function checkFamily(check) {
    if (check.currentFamily !== check.newFamily && !check.allowFamilyChange)
        throw new FamilyChangeError(check);
}

;// CONCATENATED MODULE: ./src/deploy/plan.ts

/**
 * `auto` forces a new deployment only when nothing else would start one (the revision is unchanged) and an
 * image names a moving tag, which may have been pushed again since the running tasks pulled it.
 */
function shouldForce(input) {
    if (input.forceNewDeployment !== 'auto')
        return input.forceNewDeployment;
    return (input.identicalArn !== undefined &&
        (input.rendered.containerDefinitions ?? []).some((container) => (0,taskdef/* isMovingTag */.Tp)(container.image ?? '')));
}
/** One report per service: `updated` (or `planned` in a dry run) when anything would change, else `unchanged`. */
function planServiceUpdates(input) {
    const force = shouldForce(input);
    return input.services.map((service) => {
        const onTarget = input.identicalArn !== undefined && service.taskDefinition === input.identicalArn;
        const countChanges = input.desiredCount !== undefined && input.desiredCount !== service.desiredCount;
        const update = !onTarget || force || countChanges;
        return {
            service: service.serviceName ?? '',
            previousTaskDefinitionArn: service.taskDefinition ?? '',
            previousDesiredCount: countChanges ? service.desiredCount : undefined,
            action: !update ? 'unchanged' : input.dryRun ? 'planned' : 'updated',
            forceNewDeployment: update && force,
            stoppedReasons: [],
        };
    });
}

;// CONCATENATED MODULE: ./src/deploy/cancel.ts
/** Stopping before a mutating step once the run is cancelled, saying what state the services were left in. */

/** Throws when `signal` fired: `cancelled by SIGTERM before <step>: <state>`. */
function throwIfCancelled(signal, step, state) {
    if (signal?.aborted)
        throw new Error(`${(0,errors/* errorMessage */.gJ)(signal.reason)} before ${step}: ${state}`);
}

;// CONCATENATED MODULE: ./src/deploy/update.ts
/** UpdateService for each service, returning the deployment ECS started. */



/** Updates a service; returns the id of its new PRIMARY deployment. */
async function updateService(ecs, cluster, update) {
    try {
        const response = await ecs.send(new dist_cjs/* UpdateServiceCommand */.kZr({
            cluster,
            service: update.service,
            taskDefinition: update.taskDefinitionArn,
            forceNewDeployment: update.forceNewDeployment,
            desiredCount: update.desiredCount,
        }));
        return response.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id;
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`updating service '${update.service}'`, error);
    }
}
/**
 * Updates every service the plan marks `updated`. When one update fails after others went through, those
 * are rolled back (with rollback-on-failure) before the error surfaces, so a release is never left half-out.
 */
async function updateAll(context, update) {
    const { options, report, targetArn, onEvent } = update;
    const pending = report.services.filter((entry) => entry.action === 'updated');
    const started = [];
    try {
        for (const entry of pending) {
            entry.deploymentId = await updateService(context.ecs, options.cluster, {
                service: entry.service,
                taskDefinitionArn: targetArn,
                forceNewDeployment: entry.forceNewDeployment,
                desiredCount: options.desiredCount,
            });
            started.push(entry);
            context.logger.info(`${entry.service}: deployment ${entry.deploymentId ?? '(unknown)'} started`);
            onEvent({
                time: context.clock.now(),
                service: entry.service,
                message: `deployment of ${shortArn(targetArn)} started`,
            });
        }
    }
    catch (error) {
        if (started.length === 0 || !options.rollbackOnFailure)
            throw error;
        context.logger.warning(`${(0,errors/* errorMessage */.gJ)(error)}: rolling back ${started.map((entry) => entry.service).join(', ')}`);
        await rollBack(context, {
            cluster: options.cluster,
            requests: started.map((entry) => ({
                service: entry.service,
                taskDefinitionArn: entry.previousTaskDefinitionArn,
                failedDeploymentId: entry.deploymentId,
                desiredCount: entry.previousDesiredCount,
            })),
            timeoutMs: options.timeoutMs,
            wait: true,
            knownEventIds: update.knownEventIds,
            onEvent,
        });
        throw (0,errors/* wrapError */.J4)(`${started.map((entry) => entry.service).join(', ')} rolled back`, error);
    }
}

;// CONCATENATED MODULE: ./src/health/poll.ts
/**
 * The adaptive poll schedule: about a second while something is about to change, backing off with jitter
 * while nothing moves, never beyond a cap, and waking up for moments known in advance (a target's earliest
 * possible healthy check, the end of a bake, an unhealthy timeout).
 */
/**
 * The default schedule: 1 s fast, 150 ms between confirmations (ELBv2 has already required HealthyThresholdCount
 * passing checks; the confirmations guard against a picture caught mid-change), backing off ×2 up to 15 s.
 */
const DEFAULT_POLL_SCHEDULE = {
    fastMs: 1000,
    confirmMs: 150,
    maxMs: 15_000,
    backoff: 2,
    jitter: 0.2,
};
/** The delay before the next poll, and the schedule's next state. `random` returns [0, 1). */
function nextPollDelay(schedule, state, hint, random = Math.random) {
    const jittered = (ms) => Math.round(ms * (1 - schedule.jitter * random()));
    if (hint.confirming)
        return { delayMs: schedule.confirmMs, state: { idlePolls: 0 } };
    const untilWake = hint.wakeAt === undefined ? Infinity : Math.max(0, hint.wakeAt - hint.now);
    if (hint.transitionExpected || hint.moved || untilWake <= schedule.fastMs) {
        return { delayMs: Math.min(jittered(schedule.fastMs), Math.max(untilWake, 1)), state: { idlePolls: 0 } };
    }
    const idlePolls = state.idlePolls + 1;
    const backedOff = Math.min(schedule.maxMs, schedule.fastMs * schedule.backoff ** idlePolls);
    return { delayMs: Math.min(jittered(backedOff), untilWake), state: { idlePolls } };
}

;// CONCATENATED MODULE: ./src/deploy/rollout-state.ts
function counts(deployment) {
    return `${deployment.runningCount ?? 0}/${deployment.desiredCount ?? 0} running, ${deployment.pendingCount ?? 0} pending`;
}
/** Finds the followed deployment in a service description. */
function findDeployment(service, target) {
    const deployments = service.deployments ?? [];
    if (target.deploymentId)
        return deployments.find((deployment) => deployment.id === target.deploymentId);
    return deployments.find((deployment) => deployment.status === 'PRIMARY' && deployment.taskDefinition === target.taskDefinitionArn);
}
/**
 * The followed deployment is no longer listed: ECS drops a failed deployment once its circuit-breaker
 * rollback has replaced it, sometimes between two polls. The service events still say what happened.
 */
function goneDeployment(service, target, fingerprint) {
    const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
    // Events are newest first: a rollback counts only when announced after this deployment failed.
    const messages = (service.events ?? []).map((event) => event.message ?? '');
    const failureIndex = messages.findIndex((message) => target.deploymentId && message.includes(target.deploymentId) && /fail/i.test(message));
    const failure = failureIndex >= 0 ? messages[failureIndex] : undefined;
    const rolledBack = messages.slice(0, failureIndex + 1).some((message) => /rolling back/i.test(message));
    const why = failure ? failure.replace(/^\(service [^)]*\)\s*/, '') : 'the deployment is no longer listed';
    return {
        phase: 'failed',
        reason: rolledBack
            ? `ECS circuit breaker rolled back: ${why}`
            : `${why}; the service now runs ${primary?.taskDefinition ?? 'nothing'}`,
        ecsRollbackDeploymentId: rolledBack && primary?.taskDefinition !== target.taskDefinitionArn ? primary?.id : undefined,
        transitionExpected: false,
        fingerprint,
    };
}
/** Reads one observation of a service for the followed deployment. */
function readRollout(service, target) {
    const deployments = service.deployments ?? [];
    const primary = deployments.find((deployment) => deployment.status === 'PRIMARY');
    const deployment = findDeployment(service, target);
    const fingerprint = JSON.stringify(deployments.map((d) => [d.id, d.status, d.rolloutState, d.runningCount, d.pendingCount, d.failedTasks]));
    if (!deployment)
        return goneDeployment(service, target, fingerprint);
    const rollback = primary && primary.id !== deployment.id ? primary.id : undefined;
    if (deployment.rolloutState === 'FAILED') {
        const why = deployment.rolloutStateReason ?? 'rolloutState FAILED';
        return {
            phase: 'failed',
            reason: rollback ? `ECS circuit breaker rolled back: ${why}` : `deployment failed: ${why}`,
            deployment,
            ecsRollbackDeploymentId: rollback,
            transitionExpected: false,
            fingerprint,
        };
    }
    if (deployment.status !== 'PRIMARY') {
        return {
            phase: 'failed',
            reason: `deployment ${deployment.id} was superseded by ${primary?.id ?? 'another deployment'} (${primary?.taskDefinition ?? 'unknown revision'})`,
            deployment,
            transitionExpected: false,
            fingerprint,
        };
    }
    const running = deployment.runningCount ?? 0;
    const desired = deployment.desiredCount ?? 0;
    // A scale-only update keeps the COMPLETED deployment and raises its desired count: also wait for the tasks.
    const completed = running >= desired &&
        (deployment.rolloutState === 'COMPLETED' ||
            (deployment.rolloutState === undefined && deployments.length === 1));
    return {
        phase: completed ? 'completed' : 'in-progress',
        reason: completed
            ? `completed: ${counts(deployment)}`
            : `${deployment.rolloutState ?? 'rolling'}: ${counts(deployment)}`,
        deployment,
        transitionExpected: (deployment.pendingCount ?? 0) > 0 || running < desired,
        fingerprint,
    };
}

;// CONCATENATED MODULE: ./src/deploy/wait.ts




/** Failed polls in a row before a wait gives up. */
const MAX_READ_ERRORS = 5;
/** The poll schedule for deployments: 1 s fast, backing off up to 10 s. */
const DEPLOYMENT_POLL_SCHEDULE = { ...DEFAULT_POLL_SCHEDULE, maxMs: 10_000 };
/** Events not seen before, oldest first (DescribeServices lists the newest first). */
function newEvents(service, seen) {
    return (service.events ?? []).filter((event) => event.id && !seen.has(event.id)).reverse();
}
/** The ids of a service's current events, so a wait reports only what happens after it started. */
function eventIds(services) {
    return new Set(services.flatMap((service) => (service.events ?? []).map((event) => event.id ?? '')));
}
/** The state of one wait: which rollouts are still pending, what was reported, and their results. */
class RolloutWatch {
    context;
    options;
    results = new Map();
    pending;
    lastReason = new Map();
    eventLog;
    // Shared with later waits of the same run (the rollback), so no event is reported twice.
    seenEvents;
    constructor(context, options) {
        this.context = context;
        this.options = options;
        this.pending = new Map(options.rollouts.map((rollout) => [rollout.service, rollout]));
        this.eventLog = new Map(options.rollouts.map((rollout) => [rollout.service, []]));
        this.seenEvents = options.knownEventIds ?? new Set();
    }
    /** Records the end of one rollout. */
    finish(rollout, status, reason, extra = {}) {
        this.results.set(rollout.service, {
            service: rollout.service,
            status,
            reason,
            deploymentId: rollout.deploymentId,
            taskDefinitionArn: rollout.taskDefinitionArn,
            events: this.eventLog.get(rollout.service) ?? [],
            ...extra,
        });
        this.pending.delete(rollout.service);
        const message = reason.startsWith(status) ? reason : `${status}: ${reason}`;
        this.options.onEvent?.({ time: this.context.clock.now(), service: rollout.service, message });
    }
    /** Ends every pending rollout with the same status. */
    finishAll(status, reason) {
        for (const rollout of [...this.pending.values()])
            this.finish(rollout, status, reason(rollout));
    }
    /** The last progress line of a rollout. */
    lastReasonOf(service) {
        return this.lastReason.get(service) ?? '';
    }
    /** Reads one service's observation: logs new events and progress, finishes the rollout when it ends. */
    observe(service) {
        const { logger, clock } = this.context;
        const rollout = this.pending.get(service.serviceName ?? '') ??
            [...this.pending.values()].find((candidate) => candidate.service === service.serviceArn);
        if (!rollout)
            return undefined;
        for (const event of newEvents(service, this.seenEvents)) {
            this.seenEvents.add(event.id);
            this.eventLog.get(rollout.service)?.push(event.message ?? '');
            logger.info(`${rollout.service}: ${event.message}`);
        }
        const reading = readRollout(service, rollout);
        if (this.lastReason.get(rollout.service) !== reading.reason) {
            this.lastReason.set(rollout.service, reading.reason);
            logger.info(`${rollout.service}: ${reading.reason}`);
            if (reading.phase === 'in-progress')
                this.options.onEvent?.({ time: clock.now(), service: rollout.service, message: reading.reason });
        }
        const counts = {
            deploymentId: reading.deployment?.id ?? rollout.deploymentId,
            runningCount: reading.deployment?.runningCount,
            desiredCount: reading.deployment?.desiredCount,
            failedTasks: reading.deployment?.failedTasks,
        };
        if (reading.phase === 'completed')
            this.finish(rollout, 'completed', reading.reason, counts);
        if (reading.phase === 'failed')
            this.finish(rollout, 'failed', reading.reason, {
                ...counts,
                ecsRollbackDeploymentId: reading.ecsRollbackDeploymentId,
            });
        return reading;
    }
}
/** Waits until every rollout completes, fails, times out or is cancelled; never throws for a failed rollout. */
async function waitForRollouts(context, options) {
    const { clock, signal, logger } = context;
    const schedule = options.schedule ?? DEPLOYMENT_POLL_SCHEDULE;
    const deadline = clock.now() + options.timeoutMs;
    const watch = new RolloutWatch(context, options);
    let pollState = { idlePolls: 0 };
    let lastFingerprint = '';
    let readErrors = 0;
    while (watch.pending.size > 0) {
        if (signal?.aborted) {
            watch.finishAll('cancelled', () => (0,errors/* errorMessage */.gJ)(signal.reason));
            break;
        }
        let services;
        try {
            services = await describeServices(context.ecs, options.cluster, [...watch.pending.keys()]);
            readErrors = 0;
        }
        catch (error) {
            // The SDK already retried; a few more failed polls are tolerated before giving up, so that a
            // network blip does not abandon a rollout (and skip its rollback).
            logger.warning(`reading services failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
            if (++readErrors >= MAX_READ_ERRORS) {
                watch.finishAll('failed', () => `could not read the service: ${(0,errors/* errorMessage */.gJ)(error)}`);
                break;
            }
            await clock.sleep(schedule.maxMs, signal).catch(() => undefined);
            continue;
        }
        const readings = services.map((service) => watch.observe(service));
        if (watch.pending.size === 0)
            break;
        const now = clock.now();
        if (now >= deadline) {
            const waited = Math.round(options.timeoutMs / 1000);
            watch.finishAll('timeout', (rollout) => `not complete after ${waited}s: ${watch.lastReasonOf(rollout.service)}`);
            break;
        }
        const fingerprint = readings.map((reading) => reading?.fingerprint ?? '').join('');
        const next = nextPollDelay(schedule, pollState, {
            now,
            moved: fingerprint !== lastFingerprint,
            transitionExpected: readings.some((reading) => reading?.transitionExpected),
            confirming: false,
            wakeAt: deadline,
        });
        lastFingerprint = fingerprint;
        pollState = next.state;
        // Aborted sleeps end early; the loop's next turn reports the cancellation.
        await clock.sleep(next.delayMs, signal).catch(() => undefined);
    }
    return options.rollouts.map((rollout) => watch.results.get(rollout.service));
}

;// CONCATENATED MODULE: ./src/deploy/rollback.ts
/**
 * Putting services back on a known-good revision: after a failed or timed-out rollout (automatic
 * rollback), or on request (rollback mode). When ECS's circuit breaker is already rolling back, the kit
 * follows that deployment instead of starting a competing one.
 */



/** Starts (or adopts ECS's) rollback deployments and waits for them in `deployment` mode. */
async function rollBack(context, options) {
    const services = await describeServices(context.ecs, options.cluster, options.requests.map((request) => request.service));
    const rollouts = [];
    for (const [index, request] of options.requests.entries()) {
        const primary = services[index].deployments?.find((deployment) => deployment.status === 'PRIMARY');
        let deploymentId;
        if (primary &&
            primary.taskDefinition === request.taskDefinitionArn &&
            primary.id !== request.failedDeploymentId) {
            deploymentId = primary.id;
            context.logger.info(`${request.service}: ECS is already rolling back to ${request.taskDefinitionArn} (${deploymentId})`);
        }
        else {
            context.logger.info(`${request.service}: rolling back to ${request.taskDefinitionArn}`);
            deploymentId = await updateService(context.ecs, options.cluster, {
                service: request.service,
                taskDefinitionArn: request.taskDefinitionArn,
                forceNewDeployment: false,
                desiredCount: request.desiredCount,
            });
        }
        options.onEvent?.({
            time: context.clock.now(),
            service: request.service,
            message: `rollback to ${shortArn(request.taskDefinitionArn)} started`,
        });
        rollouts.push({ service: request.service, deploymentId, taskDefinitionArn: request.taskDefinitionArn });
    }
    if (!options.wait) {
        return rollouts.map((rollout) => ({
            ...rollout,
            status: 'completed',
            reason: 'rollback started (not waited for)',
            events: [],
        }));
    }
    return waitForRollouts(
    // A cancelled run still gets its rollback waited for: aborting here would leave services half-way.
    { ...context, signal: undefined }, {
        cluster: options.cluster,
        rollouts,
        timeoutMs: options.timeoutMs,
        knownEventIds: options.knownEventIds,
        onEvent: options.onEvent,
    });
}
/** `family:revision` of a task definition ARN. */
function shortArn(taskDefinitionArn) {
    return taskDefinitionArn.slice(taskDefinitionArn.lastIndexOf('/') + 1);
}

;// CONCATENATED MODULE: ./src/deploy/stopped.ts
/** Why tasks stopped: the explanation a failed deployment's summary needs most. */

const MAX_TASKS = 100;
/** Distinct stop reasons of a service's stopped tasks on a revision, with counts, e.g. `2× Essential container…`. */
async function stoppedTaskReasons(ecs, options) {
    const listed = await ecs.send(new dist_cjs/* ListTasksCommand */.MYg({
        cluster: options.cluster,
        serviceName: options.service,
        desiredStatus: 'STOPPED',
        maxResults: MAX_TASKS,
    }));
    const taskArns = listed.taskArns ?? [];
    if (taskArns.length === 0)
        return [];
    const described = await ecs.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster: options.cluster, tasks: taskArns }));
    const counts = new Map();
    for (const task of described.tasks ?? []) {
        if (task.taskDefinitionArn !== options.taskDefinitionArn)
            continue;
        const exits = (task.containers ?? [])
            .filter((container) => container.exitCode !== undefined && container.exitCode !== 0)
            .map((container) => `${container.name} exited ${container.exitCode}${container.reason ? `: ${container.reason}` : ''}`);
        const reason = [task.stoppedReason ?? 'stopped', ...exits].join('; ');
        counts.set(reason, (counts.get(reason) ?? 0) + 1);
    }
    return [...counts].map(([reason, count]) => `${count}× ${reason}`);
}

;// CONCATENATED MODULE: ./src/deploy/superseded.ts

/**
 * Why the service is no longer ours, or undefined when its PRIMARY deployment is still this run's, or is
 * ECS's own rollback to the previous revision (circuit breaker).
 */
function supersededBy(service, own) {
    const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
    if (!primary)
        return undefined;
    if (own.deploymentId && primary.id === own.deploymentId)
        return undefined;
    if (primary.taskDefinition === own.taskDefinitionArn ||
        primary.taskDefinition === own.previousTaskDefinitionArn)
        return undefined;
    return `superseded by another deployment (${primary.id ?? 'unknown id'}, ${shortArn(primary.taskDefinition ?? '')}), started by another run or by hand; not rolled back`;
}

;// CONCATENATED MODULE: ./src/health/evaluate.ts
/** A gate that has seen nothing yet. */
const FRESH_MEMORY = { consecutiveHealthy: 0, badSince: {} };
/** `web-tg` from `arn:aws:elasticloadbalancing:...:targetgroup/web-tg/0123abcd` (the ARN itself otherwise). */
function targetGroupName(targetGroupArn) {
    const match = /:targetgroup\/([^/]+)/.exec(targetGroupArn);
    return match ? match[1] : targetGroupArn;
}
/** The last segment of a task ARN, as the console shows it. */
function taskId(taskArn) {
    return taskArn.slice(taskArn.lastIndexOf('/') + 1);
}
// States a new task's target should only pass through; anything else that lasts is a failure.
const BAD = new Set([
    'unhealthy',
    'unused',
    'unavailable',
    'draining',
    'unregistered',
]);
function seconds(ms) {
    return `${Math.round(ms / 1000)}s`;
}
function failing(reason, memory) {
    return {
        decision: 'failing',
        reason,
        healthyTasks: 0,
        healthyTargets: 0,
        memory: { ...memory, consecutiveHealthy: 0 },
        transitionExpected: false,
    };
}
/**
 * Decides whether the new deployment is healthy: healthy after `policy.consecutive` observations in a row
 * in which at least `desiredCount` new tasks are RUNNING and every running new task is `healthy` in every
 * target group. Failing when ECS gave up on the deployment, a new task stopped, or a new target stayed
 * unhealthy (or unregistered) for `policy.unhealthyTimeoutMs`. An empty set of targets is never healthy.
 */
function evaluateHealth(observation, policy, memory = FRESH_MEMORY) {
    if (observation.deploymentFailed)
        return failing(observation.deploymentFailed, memory);
    const stopped = observation.tasks.find((task) => task.lastStatus === 'STOPPED');
    if (stopped && policy.failOnStoppedTask !== false) {
        const why = stopped.stoppedReason ? `: ${stopped.stoppedReason}` : '';
        return failing(`new task ${taskId(stopped.taskArn)} stopped${why}`, memory);
    }
    if (observation.desiredCount <= 0)
        return failing('desired count is 0: no new tasks to gate on', memory);
    if (observation.targetGroupArns.length === 0)
        return failing('no target groups to gate on', memory);
    const running = observation.tasks.filter((task) => task.lastStatus === 'RUNNING');
    const badSince = {};
    let healthyTasks = 0;
    let healthyTargets = 0;
    let initial = 0;
    let worst;
    for (const task of running) {
        let healthyEverywhere = true;
        for (const targetGroupArn of observation.targetGroupArns) {
            const target = observation.targets.find((candidate) => candidate.taskArn === task.taskArn && candidate.targetGroupArn === targetGroupArn);
            const state = target?.state ?? 'unregistered';
            if (state === 'healthy') {
                healthyTargets++;
                continue;
            }
            healthyEverywhere = false;
            if (state === 'initial' || state === 'unregistered')
                initial++;
            if (!BAD.has(state))
                continue;
            const key = `${targetGroupArn}|${task.taskArn}`;
            const since = memory.badSince[key] ?? observation.time;
            badSince[key] = since;
            const reason = target?.reason ? ` (${target.reason})` : '';
            const text = `task ${taskId(task.taskArn)} is ${state} in ${targetGroupName(targetGroupArn)}${reason}`;
            if (!worst || since < worst.since)
                worst = { key, since, text };
        }
        if (healthyEverywhere)
            healthyTasks++;
    }
    const next = { consecutiveHealthy: 0, badSince };
    if (worst && observation.time - worst.since >= policy.unhealthyTimeoutMs) {
        return failing(`${worst.text} for ${seconds(observation.time - worst.since)}`, next);
    }
    const groups = observation.targetGroupArns.map(targetGroupName).join(', ');
    const allHealthy = running.length > 0 && healthyTasks === running.length;
    if (allHealthy && healthyTasks >= observation.desiredCount) {
        const consecutiveHealthy = memory.consecutiveHealthy + 1;
        const done = consecutiveHealthy >= Math.max(1, policy.consecutive);
        return {
            decision: done ? 'healthy' : 'pending',
            reason: done
                ? `${healthyTasks}/${observation.desiredCount} new tasks healthy in ${groups}`
                : `confirming: ${healthyTasks}/${observation.desiredCount} new tasks healthy (${consecutiveHealthy}/${policy.consecutive})`,
            healthyTasks,
            healthyTargets,
            memory: { ...next, consecutiveHealthy },
            transitionExpected: !done,
        };
    }
    const starting = observation.tasks.length - running.length;
    const details = [
        `${running.length}/${observation.desiredCount} new tasks running`,
        `${healthyTasks} healthy in ${groups}`,
        initial > 0 ? `${initial} registering` : '',
        worst ? worst.text : '',
    ].filter(Boolean);
    return {
        decision: 'pending',
        reason: details.join(', '),
        healthyTasks,
        healthyTargets,
        memory: next,
        transitionExpected: starting > 0 || running.length < observation.desiredCount || initial > 0,
    };
}

;// CONCATENATED MODULE: ./src/health/gate-loop.ts



// Polls that may fail in a row (after the SDK's retries) before the gate gives up.
const MAX_FAILED_POLLS = 5;
// What counts as "something moved" between two observations.
function fingerprint(observation) {
    const tasks = observation.tasks.map((task) => `${task.taskArn}=${task.lastStatus}`).sort();
    const targets = observation.targets
        .map((target) => `${target.targetGroupArn}|${target.taskArn}=${target.state}`)
        .sort();
    return [observation.desiredCount, ...tasks, ...targets].join(',');
}
/** Runs the gate until it reaches an outcome. */
async function runGate(options) {
    const { clock, signal, policy } = options;
    const schedule = options.schedule ?? DEFAULT_POLL_SCHEDULE;
    let memory = options.memory ?? FRESH_MEMORY;
    let pollState = { idlePolls: 0 };
    let previous;
    let last;
    let failedPolls = 0;
    for (;;) {
        if (signal?.aborted)
            return { outcome: 'cancelled', ...last, memory };
        let observation;
        try {
            observation = await options.observe();
            failedPolls = 0;
        }
        catch (error) {
            if (++failedPolls >= MAX_FAILED_POLLS)
                throw (0,errors/* wrapError */.J4)(`${failedPolls} polls failed in a row`, error);
            options.onPollError?.(`poll failed, retrying: ${(0,errors/* errorMessage */.gJ)(error)}`);
            try {
                await clock.sleep(schedule.fastMs * failedPolls, signal);
            }
            catch {
                return { outcome: 'cancelled', ...last, memory };
            }
            continue;
        }
        const evaluation = evaluateHealth(observation, policy, memory);
        memory = evaluation.memory;
        last = { observation, evaluation };
        options.onObservation?.(observation, evaluation);
        const now = clock.now();
        if (evaluation.decision === 'failing')
            return { outcome: 'failing', ...last, memory };
        const holding = options.holdUntil !== undefined && now < options.holdUntil;
        const settled = observation.settled !== false;
        if (evaluation.decision === 'healthy' && !holding && settled)
            return { outcome: 'healthy', ...last, memory };
        if (now >= options.deadline)
            return { outcome: 'timeout', ...last, memory };
        const current = fingerprint(observation);
        const predicted = options.predictHealthyAt?.(observation);
        const starting = observation.tasks.some((task) => task.lastStatus !== 'RUNNING' && task.lastStatus !== 'STOPPED');
        const waitingOnHealthChecks = predicted !== undefined && predicted > now + schedule.fastMs && !starting;
        const unhealthyDeadlines = Object.values(memory.badSince).map((since) => since + policy.unhealthyTimeoutMs);
        const wakeCandidates = [options.deadline, ...unhealthyDeadlines];
        if (holding)
            wakeCandidates.push(options.holdUntil);
        if (observation.wakeAt !== undefined && observation.wakeAt > now)
            wakeCandidates.push(observation.wakeAt);
        if (waitingOnHealthChecks)
            wakeCandidates.push(predicted);
        const next = nextPollDelay(schedule, pollState, {
            now,
            moved: previous !== undefined && current !== previous,
            transitionExpected: (evaluation.transitionExpected && !waitingOnHealthChecks) || observation.changeExpected === true,
            confirming: evaluation.decision === 'pending' && memory.consecutiveHealthy > 0,
            wakeAt: Math.min(...wakeCandidates),
        }, options.random);
        pollState = next.state;
        previous = current;
        try {
            await clock.sleep(Math.max(1, next.delayMs), signal);
        }
        catch {
            return { outcome: 'cancelled', ...last, memory };
        }
    }
}

;// CONCATENATED MODULE: ./src/health/ecs-rollback.ts
/** Whether ECS itself already rolled back a service's newest deployment (circuit breaker or a stop with rollback). */


/**
 * The reason when the newest service deployment of `service` is being or was rolled back by ECS, else
 * undefined. A gate that follows the PRIMARY deployment needs this: after a circuit-breaker rollback the
 * PRIMARY deployment runs the old revision, and its health says nothing about the new one. When the call is
 * not allowed (an older IAM policy), the gate goes on with a warning rather than failing.
 */
async function ecsRollbackOfNewest(ecs, options) {
    try {
        const response = await ecs.send(new dist_cjs/* ListServiceDeploymentsCommand */.jz8({ cluster: options.cluster, service: options.service }));
        const newest = (response.serviceDeployments ?? []).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
        if (!newest?.status?.startsWith('ROLLBACK_'))
            return undefined;
        const detail = newest.statusReason ? `: ${newest.statusReason}` : '';
        return `ECS rolled back the newest deployment of '${options.service}' (${newest.status}${detail}); the running deployment is the previous revision`;
    }
    catch (error) {
        options.logger?.warning(`could not check whether ECS rolled back '${options.service}' (ListServiceDeployments: ${(0,errors/* errorMessage */.gJ)(error)}); pass deployment-id to gate a specific deployment`);
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/health/service.ts
/** Reading the ECS service being gated: its load balancers and its deployments. */


/** Describes one ACTIVE service; throws a clear error when it is missing or draining. */
async function describeService(ecs, cluster, service) {
    let found;
    let failure;
    try {
        const response = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: [service] }));
        found = response.services?.[0];
        failure = response.failures?.[0]?.reason;
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`describing service '${service}' in cluster '${cluster}'`, error);
    }
    if (!found || found.status !== 'ACTIVE') {
        const why = failure ? ` (${failure.toLowerCase()})` : found ? ` (status ${found.status})` : '';
        throw new Error(`service '${service}' not found in cluster '${cluster}'${why}`);
    }
    return found;
}
/** Describes several services in one call (DescribeServices takes up to 10), in the order asked. */
async function service_describeServices(ecs, cluster, names) {
    let response;
    try {
        response = await ecs.send(new DescribeServicesCommand({ cluster, services: names }));
    }
    catch (error) {
        throw wrapError(`describing services ${names.join(', ')} in cluster '${cluster}'`, error);
    }
    return names.map((name) => {
        const found = response.services?.find((service) => service.status === 'ACTIVE' && (service.serviceName === name || service.serviceArn === name));
        if (!found)
            throw new Error(`service '${name}' not found in cluster '${cluster}'`);
        return found;
    });
}
/** The service's target-group attachments; throws when it has none, since there is no target health to gate on. */
function serviceLoadBalancers(service) {
    const entries = (service.loadBalancers ?? []).filter((entry) => entry.targetGroupArn);
    if (entries.length === 0) {
        throw new Error(`service '${service.serviceName}' has no load balancer target group: there is no target health to gate on`);
    }
    return entries.map((entry) => ({
        targetGroupArn: entry.targetGroupArn,
        containerName: entry.containerName ?? '',
        containerPort: entry.containerPort ?? 0,
    }));
}
/** The deployment to gate: the one with `deploymentId`, else the PRIMARY one; undefined when gone. */
function service_findDeployment(service, deploymentId) {
    const deployments = service.deployments ?? [];
    if (deploymentId)
        return deployments.find((deployment) => deployment.id === deploymentId);
    return deployments.find((deployment) => deployment.status === 'PRIMARY');
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-elastic-load-balancing-v2/dist-cjs/index.js
var client_elastic_load_balancing_v2_dist_cjs = __webpack_require__(586);
;// CONCATENATED MODULE: ./src/health/targets.ts
/** Target groups and their target health, read with one DescribeTargetHealth per target group per poll. */


/** Describes target groups by ARN (one call); unknown ARNs are a clear error. */
async function describeTargetGroups(elb, targetGroupArns) {
    const unique = [...new Set(targetGroupArns)];
    let groups;
    try {
        groups =
            (await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetGroupsCommand */.sC7({ TargetGroupArns: unique }))).TargetGroups ?? [];
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`describing target groups ${unique.join(', ')}`, error);
    }
    const settings = new Map();
    for (const group of groups) {
        settings.set(group.TargetGroupArn, {
            arn: group.TargetGroupArn,
            name: group.TargetGroupName ?? group.TargetGroupArn,
            targetType: group.TargetType ?? 'instance',
            intervalMs: (group.HealthCheckIntervalSeconds ?? 30) * 1000,
            healthyThresholdCount: group.HealthyThresholdCount ?? 5,
            loadBalancerArns: group.LoadBalancerArns ?? [],
        });
    }
    const missing = unique.filter((arn) => !settings.has(arn));
    if (missing.length > 0)
        throw new Error(`target group not found: ${missing.join(', ')}`);
    return settings;
}
/** Every registered target of one target group with its state. */
async function describeTargetHealth(elb, targetGroupArn, signal) {
    try {
        const response = await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeTargetHealthCommand */.qyg({ TargetGroupArn: targetGroupArn }), {
            abortSignal: signal,
        });
        return (response.TargetHealthDescriptions ?? []).map((description) => ({
            id: description.Target?.Id ?? '',
            port: description.Target?.Port,
            state: (description.TargetHealth?.State ?? 'unavailable'),
            reason: description.TargetHealth?.Reason,
        }));
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`describing target health of ${targetGroupArn}`, error);
    }
}

;// CONCATENATED MODULE: ./src/health/tasks.ts
/**
 * The tasks of one ECS deployment, tracked across polls: ListTasks each poll, DescribeTasks only for tasks
 * that are new, still starting, or gone from the running list (to learn why they stopped).
 */


// ECS's stoppedReason for tasks removed by a scale-in.
const SCALE_IN = /^Scaling activity initiated by/;
function belongs(task, deployment) {
    if (deployment.id && task.startedBy)
        return task.startedBy === deployment.id;
    return task.taskDefinitionArn === deployment.taskDefinitionArn;
}
function privateIp(task) {
    for (const attachment of task.attachments ?? []) {
        const detail = attachment.details?.find((item) => item.name === 'privateIPv4Address');
        if (detail?.value)
            return detail.value;
    }
    for (const container of task.containers ?? []) {
        const address = container.networkInterfaces?.find((eni) => eni.privateIpv4Address)?.privateIpv4Address;
        if (address)
            return address;
    }
    return undefined;
}
function hostPorts(task) {
    const ports = {};
    for (const container of task.containers ?? []) {
        for (const binding of container.networkBindings ?? []) {
            if (binding.containerPort !== undefined && binding.hostPort !== undefined) {
                ports[`${container.name}:${binding.containerPort}`] = binding.hostPort;
            }
        }
    }
    return ports;
}
/** Follows the tasks of one deployment of one service. */
class DeploymentTasks {
    ecs;
    cluster;
    serviceName;
    known = new Map();
    instanceIds = new Map();
    // Tasks of other deployments (old revision): described once, then ignored.
    others = new Set();
    constructor(ecs, cluster, serviceName) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.serviceName = serviceName;
    }
    /**
     * Refreshes and returns the deployment's tasks, including those that stopped since tracking began.
     * `running` is a ListTasks result the caller already has (listRunning), else it is listed here.
     */
    async refresh(deployment, running) {
        running ??= await this.listRunning();
        const stale = [...running].filter((arn) => {
            if (this.others.has(arn))
                return false;
            const task = this.known.get(arn);
            return !task || task.lastStatus !== 'RUNNING' || (!task.privateIp && !task.ec2InstanceId);
        });
        const gone = [...this.known.values()]
            .filter((task) => task.lastStatus !== 'STOPPED' && !running.has(task.taskArn))
            .map((task) => task.taskArn);
        const described = await this.describe([...stale, ...gone]);
        for (const task of described) {
            if (!belongs(task, deployment)) {
                this.others.add(task.taskArn);
                continue;
            }
            if (SCALE_IN.test(task.stoppedReason ?? '')) {
                // Stopped by a scale-in (autoscaling or a lower desired count), not by a failure: forget it.
                this.known.delete(task.taskArn);
                this.others.add(task.taskArn);
                continue;
            }
            this.known.set(task.taskArn, await this.track(task));
        }
        return [...this.known.values()];
    }
    /** The ARNs of the service's tasks whose desired status is RUNNING (ListTasks, every page). */
    async listRunning() {
        const arns = new Set();
        let nextToken;
        try {
            do {
                const page = await this.ecs.send(new dist_cjs/* ListTasksCommand */.MYg({
                    cluster: this.cluster,
                    serviceName: this.serviceName,
                    desiredStatus: 'RUNNING',
                    nextToken,
                }));
                for (const arn of page.taskArns ?? [])
                    arns.add(arn);
                nextToken = page.nextToken;
            } while (nextToken);
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)(`listing tasks of service '${this.serviceName}'`, error);
        }
        return arns;
    }
    async describe(taskArns) {
        const tasks = [];
        // DescribeTasks takes at most 100 tasks per call.
        for (let start = 0; start < taskArns.length; start += 100) {
            try {
                const response = await this.ecs.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster: this.cluster, tasks: taskArns.slice(start, start + 100) }));
                tasks.push(...(response.tasks ?? []));
            }
            catch (error) {
                throw (0,errors/* wrapError */.J4)(`describing tasks of service '${this.serviceName}'`, error);
            }
        }
        return tasks;
    }
    async track(task) {
        const stopping = task.desiredStatus === 'STOPPED' || task.lastStatus === 'STOPPED';
        const stoppedReason = stopping
            ? [task.stoppedReason, task.containers?.find((container) => container.reason)?.reason]
                .filter(Boolean)
                .join(': ') || `task is ${task.lastStatus?.toLowerCase()}`
            : undefined;
        return {
            taskArn: task.taskArn,
            lastStatus: stopping ? 'STOPPED' : (task.lastStatus ?? 'PROVISIONING'),
            stoppedReason,
            startedAt: task.startedAt?.getTime(),
            privateIp: privateIp(task),
            ec2InstanceId: await this.instanceId(task.containerInstanceArn),
            hostPorts: hostPorts(task),
        };
    }
    async instanceId(containerInstanceArn) {
        if (!containerInstanceArn)
            return undefined;
        const cached = this.instanceIds.get(containerInstanceArn);
        if (cached)
            return cached;
        try {
            const response = await this.ecs.send(new dist_cjs/* DescribeContainerInstancesCommand */.QUW({
                cluster: this.cluster,
                containerInstances: [containerInstanceArn],
            }));
            const id = response.containerInstances?.[0]?.ec2InstanceId;
            if (id)
                this.instanceIds.set(containerInstanceArn, id);
            return id;
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)(`describing container instance ${containerInstanceArn}`, error);
        }
    }
}

;// CONCATENATED MODULE: ./src/health/observe.ts



/** The target a task registers in one target group: its id and port there. */
function targetOf(task, entry, settings) {
    if (settings.targetType === 'ip')
        return { id: task.privateIp, port: entry.containerPort };
    return { id: task.ec2InstanceId, port: task.hostPorts[`${entry.containerName}:${entry.containerPort}`] };
}
function match(task, entry, settings, registered) {
    const wanted = targetOf(task, entry, settings);
    if (!wanted.id)
        return undefined;
    return registered.find((target) => target.id === wanted.id && (wanted.port === undefined || target.port === wanted.port));
}
// The control plane (DescribeServices, ListTasks) is re-read at least this often (clock ms); in between,
// polls that see no change in target health read only DescribeTargetHealth.
const CONTROL_PLANE_MAX_AGE_MS = 10_000;
/**
 * What in target health should trigger a control-plane read: a state change of a new task's target, or a
 * target registering (`initial`) that belongs to no known task. Old targets starting to drain do not.
 */
function healthFingerprint(targets, health, targetGroupArns) {
    const known = new Set(targets.map((target) => `${target.targetGroupArn}|${target.targetId}:${target.port}`));
    const states = targets.map((target) => `${target.taskArn}@${target.targetGroupArn}=${target.state}`);
    const unknownInitial = health.flatMap((group, index) => group
        .filter((target) => target.state === 'initial')
        .map((target) => `${targetGroupArns[index]}|${target.id}:${target.port}`));
    return JSON.stringify([states.sort(), unknownInitial.filter((key) => !known.has(key)).sort()]);
}
/** Observes one deployment of one service, poll after poll. */
class DeploymentObserver {
    options;
    tasks;
    deploymentId;
    control;
    lastHealth = '';
    constructor(options) {
        this.options = options;
        this.tasks = new DeploymentTasks(options.ecs, options.cluster, options.serviceName);
        this.deploymentId = options.deploymentId;
    }
    /**
     * Takes one observation: one DescribeTargetHealth per target group, plus DescribeServices / ListTasks /
     * DescribeTasks when target health changed, tasks are still starting, or the last read is 10 s old.
     */
    async observe() {
        const { elb, loadBalancers } = this.options;
        const targetGroupArns = [...new Set(loadBalancers.map((entry) => entry.targetGroupArn))];
        const health = await Promise.all(targetGroupArns.map((arn) => describeTargetHealth(elb, arn)));
        const time = this.options.clock.now();
        let targets = this.control ? this.targetsOf(this.control, health, targetGroupArns) : [];
        let fingerprint = healthFingerprint(targets, health, targetGroupArns);
        if (this.controlPlaneStale(time, fingerprint)) {
            this.control = await this.readControlPlane(time);
            targets = this.targetsOf(this.control, health, targetGroupArns);
            fingerprint = healthFingerprint(targets, health, targetGroupArns);
        }
        this.lastHealth = fingerprint;
        const control = this.control;
        return {
            time,
            desiredCount: control.desiredCount,
            tasks: control.tasks,
            targetGroupArns,
            targets,
            deploymentFailed: control.failed,
            deploymentId: control.deploymentId,
            taskDefinitionArn: control.taskDefinitionArn,
        };
    }
    targetsOf(control, health, targetGroupArns) {
        const { loadBalancers, targetGroups } = this.options;
        const targets = [];
        for (const task of control.tasks) {
            for (const entry of loadBalancers) {
                const settings = targetGroups.get(entry.targetGroupArn);
                const registered = match(task, entry, settings, health[targetGroupArns.indexOf(entry.targetGroupArn)]);
                if (!registered)
                    continue;
                targets.push({
                    targetGroupArn: entry.targetGroupArn,
                    taskArn: task.taskArn,
                    targetId: registered.id,
                    port: registered.port,
                    state: registered.state,
                    reason: registered.reason,
                });
            }
        }
        return targets;
    }
    controlPlaneStale(time, healthFingerprint) {
        const control = this.control;
        if (!control || time - control.at >= CONTROL_PLANE_MAX_AGE_MS)
            return true;
        if (healthFingerprint !== this.lastHealth)
            return true;
        const running = control.tasks.filter((task) => task.lastStatus === 'RUNNING').length;
        return running < control.desiredCount || control.tasks.some((task) => task.lastStatus !== 'RUNNING');
    }
    async readControlPlane(time) {
        const { ecs, cluster, serviceName } = this.options;
        // ListTasks does not depend on the deployment, so it runs alongside DescribeServices.
        const [service, running] = await Promise.all([
            describeService(ecs, cluster, serviceName),
            this.tasks.listRunning(),
        ]);
        const deployment = service_findDeployment(service, this.deploymentId);
        if (!deployment) {
            const failed = this.deploymentId
                ? `deployment ${this.deploymentId} is no longer among the service's deployments (replaced by a newer one)`
                : `service '${serviceName}' has no PRIMARY deployment`;
            return { at: time, desiredCount: 0, tasks: [], failed };
        }
        this.deploymentId = deployment.id;
        const tasks = await this.tasks.refresh({ id: deployment.id, taskDefinitionArn: deployment.taskDefinition }, running);
        const failed = deployment.rolloutState === 'FAILED'
            ? `ECS marked deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? 'no reason given'}`
            : undefined;
        return {
            at: time,
            desiredCount: deployment.desiredCount ?? 0,
            tasks,
            deploymentId: deployment.id,
            taskDefinitionArn: deployment.taskDefinition,
            failed,
        };
    }
}
/**
 * The earliest moment a target still in `initial` (or not yet registered) could turn healthy: ELBv2 needs
 * HealthyThresholdCount passing checks an interval apart, counted from about when the task started RUNNING.
 * Undefined when no such target exists.
 */
function earliestHealthyAt(observation, targetGroups) {
    let earliest;
    for (const task of observation.tasks) {
        if (task.lastStatus !== 'RUNNING')
            continue;
        for (const targetGroupArn of observation.targetGroupArns) {
            const target = observation.targets.find((candidate) => candidate.taskArn === task.taskArn && candidate.targetGroupArn === targetGroupArn);
            if (target && target.state !== 'initial')
                continue;
            const settings = targetGroups.get(targetGroupArn);
            if (!settings || task.startedAt === undefined)
                return observation.time;
            const at = task.startedAt + (settings.healthyThresholdCount - 1) * settings.intervalMs;
            earliest = earliest === undefined ? at : Math.min(earliest, at);
        }
    }
    return earliest;
}

;// CONCATENATED MODULE: ./src/health/tag.ts
/** Marking a task definition revision as having reached healthy, for rollback-target lookups. */



/** Tags `taskDefinitionArn` with `ecs-kit:healthy-at`; a failure is a warning, not a failed gate. */
async function tagHealthyRevision(options) {
    const tag = (0,deploy_provenance/* healthyTag */.ib)(options.at);
    try {
        await options.ecs.send(new dist_cjs/* TagResourceCommand */.eqU({ resourceArn: options.taskDefinitionArn, tags: [tag] }));
        options.logger?.info(`tagged ${options.taskDefinitionArn} ${tag.key}=${tag.value}`);
    }
    catch (error) {
        options.logger?.warning(`could not tag ${options.taskDefinitionArn} as healthy: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}

;// CONCATENATED MODULE: ./src/health/verdict.ts
/** A timeline sample of one observation. */
function sampleOf(options) {
    const { observation, evaluation } = options;
    return {
        elapsedMs: observation.time - options.startedAt,
        decision: evaluation.decision,
        healthyTargets: evaluation.healthyTargets,
        desiredCount: observation.desiredCount,
        runningTasks: observation.tasks.filter((task) => task.lastStatus === 'RUNNING').length,
        newWeight: options.newWeight,
        reason: evaluation.reason,
    };
}
const STATUS = {
    healthy: 'healthy',
    failing: 'unhealthy',
    timeout: 'timeout',
    cancelled: 'cancelled',
};
/** The verdict of a gate that ran from `startedAt` until `endedAt`. */
function verdictOf(options) {
    const { result } = options;
    const status = STATUS[result.outcome];
    const last = result.evaluation?.reason ?? 'no observation was made';
    const reason = status === 'timeout'
        ? `not healthy within ${Math.round(options.timeoutMs / 1000)}s: ${last}`
        : status === 'cancelled'
            ? `cancelled while waiting: ${last}`
            : last;
    return {
        status,
        reason,
        timeToHealthyMs: status === 'healthy' ? (options.firstHealthyAt ?? options.endedAt) - options.startedAt : undefined,
        healthyTargets: result.evaluation?.healthyTargets ?? 0,
        deploymentId: result.observation?.deploymentId,
        taskDefinitionArn: result.observation?.taskDefinitionArn,
        samples: options.samples,
    };
}

;// CONCATENATED MODULE: ./src/health/rolling.ts







/** The policy from the options' defaults: 2 confirmations, 60 s of tolerated unhealthiness. */
function policyOf(options) {
    return { consecutive: options.consecutive ?? 2, unhealthyTimeoutMs: options.unhealthyTimeoutMs ?? 60_000 };
}
/** Gates a rolling deployment; see waitForHealthyDeployment. */
async function gateRollingDeployment(options) {
    const { ecs, elb, clock, cluster, logger } = options;
    const startedAt = clock.now();
    const service = await describeService(ecs, cluster, options.service);
    const loadBalancers = serviceLoadBalancers(service);
    const targetGroups = await describeTargetGroups(elb, loadBalancers.map((entry) => entry.targetGroupArn));
    if (options.deploymentId && !service_findDeployment(service, options.deploymentId)) {
        throw new Error(`deployment '${options.deploymentId}' is not a current deployment of service '${service.serviceName}'`);
    }
    if (!options.deploymentId) {
        const rollback = await ecsRollbackOfNewest(ecs, { cluster, service: service.serviceName, logger });
        if (rollback) {
            const primary = service_findDeployment(service);
            return {
                status: 'unhealthy',
                reason: rollback,
                healthyTargets: 0,
                deploymentId: primary?.id,
                taskDefinitionArn: primary?.taskDefinition,
                samples: [],
            };
        }
    }
    const observer = new DeploymentObserver({
        ecs,
        elb,
        clock,
        cluster,
        serviceName: service.serviceName,
        deploymentId: options.deploymentId,
        loadBalancers,
        targetGroups,
    });
    const samples = [];
    const result = await runGate({
        observe: () => observer.observe(),
        policy: policyOf(options),
        clock,
        signal: options.signal,
        deadline: startedAt + options.timeoutMs,
        predictHealthyAt: (observation) => earliestHealthyAt(observation, targetGroups),
        onObservation: (observation, evaluation) => {
            const sample = sampleOf({ startedAt, observation, evaluation });
            samples.push(sample);
            logger?.debug(JSON.stringify({ ...observation, tasks: observation.tasks.length }));
            options.onProgress?.(sample);
        },
        onPollError: (message) => logger?.warning(message),
    });
    const verdict = verdictOf({
        result,
        startedAt,
        endedAt: clock.now(),
        timeoutMs: options.timeoutMs,
        samples,
    });
    if (verdict.status === 'healthy' && verdict.taskDefinitionArn && options.tagHealthy !== false) {
        await tagHealthyRevision({
            ecs,
            taskDefinitionArn: verdict.taskDefinitionArn,
            at: new Date(clock.now()),
            logger,
        });
    }
    return verdict;
}

;// CONCATENATED MODULE: ./src/health/index.ts

/**
 * Waits until the deployment's tasks are all RUNNING and healthy in every target group of the service,
 * without waiting for old tasks to drain. Never throws for an unhealthy deployment: the verdict says so.
 * Throws for bad input (unknown service, a service without load balancers) before waiting.
 */
function waitForHealthyDeployment(options) {
    return gateRollingDeployment(options);
}

;// CONCATENATED MODULE: ./src/deploy/wait-mode.ts


function fromVerdict(rollout, verdict) {
    const status = verdict.status === 'healthy' ? 'completed' : verdict.status === 'unhealthy' ? 'failed' : verdict.status;
    return {
        service: rollout.service,
        status,
        reason: verdict.reason,
        deploymentId: verdict.deploymentId ?? rollout.deploymentId,
        taskDefinitionArn: rollout.taskDefinitionArn,
        events: [],
    };
}
/** Waits for every rollout in the given mode, concurrently. */
async function waitInMode(context, options) {
    const hasTargets = (rollout) => (options.services.find((service) => service.serviceName === rollout.service)?.loadBalancers ?? [])
        .length > 0;
    const gated = options.mode === 'healthy' && context.elb ? options.rollouts.filter(hasTargets) : [];
    const followed = options.rollouts.filter((rollout) => !gated.includes(rollout));
    for (const rollout of followed.filter(() => options.mode === 'healthy'))
        context.logger.info(`${rollout.service}: no load balancer, waiting for the deployment to complete instead`);
    const gate = async (rollout) => {
        const started = context.clock.now();
        let lastDecision = '';
        const verdict = await waitForHealthyDeployment({
            ecs: context.ecs,
            elb: context.elb,
            cluster: options.cluster,
            service: rollout.service,
            deploymentId: rollout.deploymentId,
            clock: context.clock,
            signal: context.signal,
            timeoutMs: options.timeoutMs,
            tagHealthy: false,
            logger: context.logger,
            onProgress: (sample) => {
                if (sample.decision === lastDecision)
                    return;
                lastDecision = sample.decision;
                const message = `${sample.decision}: ${sample.reason}`;
                context.logger.info(`${rollout.service}: ${message}`);
                options.onEvent?.({ time: started + sample.elapsedMs, service: rollout.service, message });
            },
        });
        const result = fromVerdict(rollout, verdict);
        options.onEvent?.({
            time: context.clock.now(),
            service: rollout.service,
            message: `${result.status}: ${result.reason}`,
        });
        return result;
    };
    const [gatedResults, followedResults] = await Promise.all([
        Promise.all(gated.map(gate)),
        followed.length > 0
            ? waitForRollouts(context, {
                cluster: options.cluster,
                rollouts: followed,
                timeoutMs: options.timeoutMs,
                knownEventIds: options.knownEventIds,
                onEvent: options.onEvent,
            })
            : Promise.resolve([]),
    ]);
    const all = [...gatedResults, ...followedResults];
    return options.rollouts.map((rollout) => all.find((result) => result.service === rollout.service));
}
/** Waits in `mode` for the services a run updated, records each result on its entry, and returns the failures. */
async function waitForUpdated(context, options) {
    const { entries, taskDefinitionArn, ...waitOptions } = options;
    const results = await context.logger.group(`Wait (${options.mode})`, () => waitInMode(context, {
        ...waitOptions,
        rollouts: entries.map((entry) => ({
            service: entry.service,
            deploymentId: entry.deploymentId,
            taskDefinitionArn,
        })),
    }));
    for (const [index, entry] of entries.entries())
        entry.wait = results[index];
    return results.filter((result) => result.status !== 'completed');
}

;// CONCATENATED MODULE: ./src/deploy/finish.ts






/** Waits for the updated services and sets the report's outcome (rolling back on failure when enabled). */
async function finishRollouts(context, finish) {
    const { options, report, onEvent } = finish;
    const { logger } = context;
    const updated = report.services.filter((entry) => entry.action === 'updated');
    report.outcome = 'deployed';
    if (options.waitMode === 'none')
        return;
    const failed = await waitForUpdated(context, {
        mode: options.waitMode,
        cluster: options.cluster,
        entries: updated,
        taskDefinitionArn: report.taskDefinitionArn,
        services: finish.services,
        timeoutMs: options.timeoutMs,
        knownEventIds: finish.knownEventIds,
        onEvent,
    });
    if (failed.length === 0)
        return;
    for (const result of failed) {
        const entry = updated.find((candidate) => candidate.service === result.service);
        try {
            entry.stoppedReasons = await stoppedTaskReasons(context.ecs, {
                cluster: options.cluster,
                service: result.service,
                taskDefinitionArn: report.taskDefinitionArn,
            });
        }
        catch (error) {
            logger.debug(`could not read stopped tasks of ${result.service}: ${(0,errors/* errorMessage */.gJ)(error)}`);
        }
        for (const reason of entry.stoppedReasons)
            logger.warning(`${result.service}: task stopped: ${reason}`);
    }
    const failures = failed.map((result) => `${result.service}: ${result.status}: ${result.reason}`).join('; ');
    const cancelled = failed.some((result) => result.status === 'cancelled');
    if (!options.rollbackOnFailure || cancelled) {
        report.outcome = 'failed';
        const left = updated
            .map((entry) => `${entry.service} was left on ${shortArn(report.taskDefinitionArn)}`)
            .join(', ');
        report.failure = cancelled
            ? `deployment cancelled while waiting (${failures}): ${left} with its deployment in progress (ECS carries on); not rolled back`
            : `deployment failed (${failures}): ${left}; not rolled back (rollback-on-failure is false)`;
        return;
    }
    // A service someone else deployed to since is theirs now: rolling it back would undo their rollout.
    const current = await describeServices(context.ecs, options.cluster, updated.map((entry) => entry.service));
    const superseded = new Map();
    for (const [index, entry] of updated.entries()) {
        const reason = supersededBy(current[index], {
            deploymentId: entry.deploymentId,
            taskDefinitionArn: report.taskDefinitionArn,
            previousTaskDefinitionArn: entry.previousTaskDefinitionArn,
        });
        if (reason)
            superseded.set(entry.service, reason);
    }
    for (const [service, reason] of superseded)
        logger.warning(`${service}: ${reason}`);
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
    const rollbacks = await logger.group('Roll back', () => rollBack(context, {
        cluster: options.cluster,
        requests: ours.map((entry) => ({
            service: entry.service,
            taskDefinitionArn: entry.previousTaskDefinitionArn,
            failedDeploymentId: entry.deploymentId,
            desiredCount: entry.previousDesiredCount,
        })),
        timeoutMs: options.timeoutMs,
        wait: true,
        knownEventIds: finish.knownEventIds,
        onEvent,
    }));
    for (const [index, entry] of ours.entries())
        entry.rollback = rollbacks[index];
    const stuck = rollbacks.filter((result) => result.status !== 'completed');
    report.outcome = stuck.length === 0 && superseded.size === 0 ? 'rolled-back' : 'failed';
    report.failure =
        stuck.length === 0
            ? `deployment failed and was rolled back (${why})`
            : `deployment failed (${why}) and the rollback did not complete (${stuck.map((r) => `${r.service}: ${r.reason}`).join('; ')})`;
}

;// CONCATENATED MODULE: ./src/deploy/deploy.ts













/** Tags describing an earlier deployment must not be copied onto a new revision. */
function withoutProvenance(definition) {
    const tags = definition.tags?.filter((tag) => !deploy_provenance/* PROVENANCE_TAG_KEYS */.yj.includes(tag.key ?? '') && !tag.key?.startsWith('aws:'));
    return { ...definition, tags: tags && tags.length > 0 ? tags : undefined };
}
async function currentRevisions(context, services) {
    const arns = [...new Set(services.map((service) => service.taskDefinition ?? ''))];
    const revisions = await Promise.all(arns.map((arn) => describeRevision(context.ecs, arn)));
    return new Map(revisions.map((revision) => [revision.taskDefinitionArn, revision]));
}
/** Runs a deployment and reports what happened; throws only for bad input or AWS errors before waiting. */
async function deploy(context, options) {
    const { logger, clock } = context;
    const startedAt = clock.now();
    const timeline = [];
    const onEvent = (event) => timeline.push(event);
    const services = await logger.group('Read services', async () => {
        const described = await describeServices(context.ecs, options.cluster, options.services);
        checkDeployable(options.cluster, described);
        for (const service of described) {
            logger.info(`${service.serviceName}: runs ${service.taskDefinition}`);
            const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
            if (primary?.rolloutState === 'IN_PROGRESS')
                logger.warning(`${service.serviceName}: deployment ${primary.id} (${shortArn(primary.taskDefinition ?? '')}) is still in progress; this run supersedes it`);
        }
        return described;
    });
    const knownEventIds = eventIds(services);
    const current = await currentRevisions(context, services);
    const primaryCurrent = current.get(services[0].taskDefinition ?? '');
    const rendered = (0,taskdef/* renderTaskDefinition */.P9)(withoutProvenance(options.base ?? primaryCurrent.taskDefinition), options.overrides);
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
    const diff = (0,taskdef/* diffTaskDefinitions */.n2)(primaryCurrent.taskDefinition, rendered);
    const reports = planServiceUpdates({
        services,
        identicalArn: identical?.taskDefinitionArn,
        rendered,
        forceNewDeployment: options.forceNewDeployment,
        desiredCount: options.desiredCount,
        dryRun: options.dryRun,
    });
    const report = {
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
    logger.info(identical
        ? `task definition unchanged: ${identical.taskDefinitionArn}`
        : `task definition changed: a new revision of ${family} ${options.dryRun ? 'would be' : 'will be'} registered`);
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
    await logger.group('Update services', () => updateAll(context, { options, report, targetArn, knownEventIds, onEvent }));
    await finishRollouts(context, { options, report, services, knownEventIds, onEvent });
    if (report.outcome === 'deployed' && options.waitMode !== 'none') {
        // The deployment succeeded: a failed tag or cleanup is worth a warning, not a failed step.
        await markHealthy(context.ecs, targetArn, new Date(clock.now())).catch((error) => logger.warning((0,errors/* errorMessage */.gJ)(error)));
        if (options.keepRevisions > 0) {
            report.cleanup = await logger.group('Deregister old revisions', () => keepRevisions({
                ecs: context.ecs,
                cluster: options.cluster,
                family,
                keep: options.keepRevisions,
                protect: [targetArn, ...reports.map((entry) => entry.previousTaskDefinitionArn)],
                logger,
            }).catch((error) => {
                logger.warning(`keep-revisions: ${(0,errors/* errorMessage */.gJ)(error)}`);
                return undefined;
            }));
        }
    }
    report.finishedAt = clock.now();
    return report;
}

;// CONCATENATED MODULE: ./src/deploy/rollback-target.ts


/** How far back to look for a healthy revision (DescribeTaskDefinition calls). */
const MAX_CANDIDATES = 50;
/** Resolves `rollback-to` (a revision number, family:revision or ARN) against the service's family. */
function resolveRollbackTo(rollbackTo, currentTaskDefinitionArn) {
    if (/^\d+$/.test(rollbackTo)) {
        const arn = currentTaskDefinitionArn.replace(/:\d+$/, `:${rollbackTo}`);
        return arn;
    }
    return rollbackTo;
}
/** The newest revision of the current family, older than the current one, that once reached healthy. */
async function lastHealthyRevision(ecs, currentTaskDefinitionArn) {
    const family = familyOf(currentTaskDefinitionArn);
    const current = revisionOf(currentTaskDefinitionArn) ?? Infinity;
    const candidates = (await listRevisions(ecs, family))
        .filter((arn) => (revisionOf(arn) ?? 0) < current)
        .slice(0, MAX_CANDIDATES);
    for (const arn of candidates) {
        const revision = await describeRevision(ecs, arn);
        if (wasHealthy(revision))
            return revision;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/deploy/rollback-mode.ts
/**
 * Rollback mode (the rollback workflow): put services back on the last revision that reached healthy
 * before the current one, or on a given revision, and wait for it like a deployment.
 */










async function chooseTarget(context, currentArn, rollbackTo) {
    if (rollbackTo)
        return describeRevision(context.ecs, resolveRollbackTo(rollbackTo, currentArn));
    const healthy = await lastHealthyRevision(context.ecs, currentArn);
    if (!healthy) {
        throw new Error(`no revision of ${familyOf(currentArn)} older than ${shortArn(currentArn)} is tagged ecs-kit:healthy-at; pass rollback-to with a revision`);
    }
    return healthy;
}
/** Rolls services back and reports like a deployment (outcome `rolled-back`, `unchanged`, `planned` or `failed`). */
async function rollbackServices(context, options) {
    const { logger, clock } = context;
    const startedAt = clock.now();
    const timeline = [];
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
    const reports = services.map((service) => {
        const onTarget = service.taskDefinition === target.taskDefinitionArn;
        return {
            service: service.serviceName ?? '',
            previousTaskDefinitionArn: service.taskDefinition ?? '',
            action: onTarget ? 'unchanged' : options.dryRun ? 'planned' : 'updated',
            forceNewDeployment: false,
            stoppedReasons: [],
        };
    });
    const report = {
        mode: 'rollback',
        outcome: options.dryRun ? 'planned' : 'unchanged',
        cluster: options.cluster,
        waitMode: options.waitMode,
        taskDefinitionArn: target.taskDefinitionArn,
        family: target.family,
        registered: false,
        diff: (0,taskdef/* diffTaskDefinitions */.n2)(current.taskDefinition, target.taskDefinition),
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
        }
        else {
            await markHealthy(context.ecs, target.taskDefinitionArn, new Date(clock.now()));
        }
    }
    report.finishedAt = clock.now();
    return report;
}

;// CONCATENATED MODULE: ./src/github/markdown.ts
/** Small pure builders for job-summary markdown. */
/** Escapes a value for a markdown table cell. */
function cell(value) {
    return String(value ?? '')
        .replace(/\|/g, '\\|')
        .replace(/\r?\n/g, '<br>');
}
/** A markdown table. */
function markdownTable(headers, rows) {
    const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
    for (const row of rows)
        lines.push(`| ${row.map(cell).join(' | ')} |`);
    return lines.join('\n');
}
/** A fenced mermaid block. */
function mermaid(body) {
    return ['```mermaid', body.trimEnd(), '```'].join('\n');
}

;// CONCATENATED MODULE: ./src/deploy/summary.ts
/**
 * The job summary of a run: outcome, what changed (names only for environment and secrets), a mermaid
 * timeline of the rollout, final state per service, and the service events and stop reasons that explain
 * a failure.
 */



const MAX_EVENTS = 15;
const MAX_MILESTONES = 12;
function changeRows(diff) {
    const rows = [];
    const list = (items) => items.map((item) => `\`${item}\``).join(', ');
    if (diff.family)
        rows.push(['family', diff.family.before ?? '', diff.family.after ?? '']);
    if (diff.cpu)
        rows.push(['task cpu', diff.cpu.before ?? '(none)', diff.cpu.after ?? '(none)']);
    if (diff.memory)
        rows.push(['task memory', diff.memory.before ?? '(none)', diff.memory.after ?? '(none)']);
    for (const name of diff.addedContainers)
        rows.push([`container \`${name}\``, '', 'added']);
    for (const name of diff.removedContainers)
        rows.push([`container \`${name}\``, 'removed', '']);
    for (const container of diff.containers) {
        if (container.image)
            rows.push([`\`${container.name}\` image`, container.image.before ?? '', container.image.after ?? '']);
        for (const [label, change] of [
            ['environment', container.environment],
            ['secrets', container.secrets],
        ]) {
            if (!change)
                continue;
            const after = [
                change.added.length > 0 ? `added ${list(change.added)}` : '',
                change.removed.length > 0 ? `removed ${list(change.removed)}` : '',
                change.changed.length > 0 ? `changed ${list(change.changed)}` : '',
            ].filter(Boolean);
            rows.push([`\`${container.name}\` ${label}`, '', after.join('; ')]);
        }
        if (container.fields.length > 0)
            rows.push([`\`${container.name}\` settings`, '', `changed ${list(container.fields)}`]);
    }
    if (diff.fields.length > 0)
        rows.push(['task settings', '', `changed ${list(diff.fields)}`]);
    return rows;
}
// Mermaid gantt task names may not contain `:`, `#` or `;`.
function ganttLabel(text) {
    return text.replace(/[:#;]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}
/** A gantt chart: one section per service, a bar for the rollout (and rollback), milestones for changes. */
function rolloutTimeline(report) {
    if (report.timeline.length === 0)
        return undefined;
    const lines = [
        'gantt',
        '  dateFormat x',
        '  axisFormat %M:%S',
        `  title ${report.mode} on ${ganttLabel(report.cluster)}`,
    ];
    for (const entry of report.services.filter((service) => service.action === 'updated')) {
        const events = report.timeline.filter((event) => event.service === entry.service);
        if (events.length === 0)
            continue;
        lines.push(`  section ${ganttLabel(entry.service)}`);
        const start = events[0].time;
        const rollbackStart = events.find((event) => event.message.startsWith('rollback'))?.time;
        const end = Math.max(start + 1, (rollbackStart ?? report.finishedAt));
        const failed = entry.wait && entry.wait.status !== 'completed';
        lines.push(`  ${report.mode === 'rollback' ? 'rollback' : 'rollout'} ${failed ? ':crit, ' : ':'}${start}, ${end}`);
        if (rollbackStart !== undefined)
            lines.push(`  rollback :active, ${rollbackStart}, ${Math.max(rollbackStart + 1, report.finishedAt)}`);
        for (const event of events.slice(0, MAX_MILESTONES))
            lines.push(`  ${ganttLabel(event.message)} :milestone, ${event.time}, ${event.time}`);
    }
    return mermaid(lines.join('\n'));
}
function serviceRow(entry) {
    const last = entry.rollback ?? entry.wait;
    const state = entry.action !== 'updated'
        ? entry.action
        : entry.rollback
            ? `rolled back (${entry.rollback.status})`
            : (entry.wait?.status ?? 'updated');
    const running = last?.runningCount !== undefined ? `${last.runningCount}/${last.desiredCount ?? '?'}` : '';
    return [
        `\`${entry.service}\``,
        state,
        shortArn(entry.previousTaskDefinitionArn),
        entry.deploymentId ?? '',
        running,
        entry.wait?.reason ?? '',
    ];
}
function failureDetails(report) {
    const lines = [];
    for (const entry of report.services) {
        const events = [...(entry.wait?.events ?? []), ...(entry.rollback?.events ?? [])].slice(-MAX_EVENTS);
        if (entry.stoppedReasons.length === 0 && events.length === 0)
            continue;
        if (!entry.wait || entry.wait.status === 'completed')
            continue;
        lines.push(`#### \`${entry.service}\``);
        if (entry.stoppedReasons.length > 0) {
            lines.push('Stopped tasks:', '', ...entry.stoppedReasons.map((reason) => `- ${reason}`), '');
        }
        if (events.length > 0)
            lines.push('Service events:', '', '```', ...events, '```', '');
    }
    return lines;
}
/** The job summary markdown for a run. */
function deploySummary(report) {
    const title = report.mode === 'rollback' ? 'ecs-deploy rollback' : 'ecs-deploy';
    const lines = [`## ${title}: ${report.outcome}`, ''];
    if (report.failure)
        lines.push(`> **${report.failure}**`, '');
    lines.push(`Cluster \`${report.cluster}\` · task definition ${report.taskDefinitionArn ? `\`${shortArn(report.taskDefinitionArn)}\`` : `new revision of \`${report.family}\``}${report.registered && report.outcome !== 'planned' ? ' (registered by this run)' : ''} · wait mode \`${report.waitMode}\``, '', '### What changed', '');
    const rows = changeRows(report.diff);
    lines.push(rows.length > 0
        ? markdownTable(['Change', 'Before', 'After'], rows)
        : 'Nothing: the task definition is unchanged.', '');
    const chart = rolloutTimeline(report);
    if (chart)
        lines.push('### Rollout', '', chart, '');
    lines.push('### Services', '', markdownTable(['Service', 'Result', 'Previous revision', 'Deployment', 'Running', 'Detail'], report.services.map(serviceRow)), '');
    const details = failureDetails(report);
    if (details.length > 0)
        lines.push('### Why it failed', '', ...details);
    if (report.cleanup && report.cleanup.deregistered.length > 0) {
        lines.push('### Deregistered revisions', '', ...report.cleanup.deregistered.map((arn) => `- \`${shortArn(arn)}\``), '');
    }
    return lines.join('\n');
}
/** The diff as plain text for the `diff` output. */
function diffText(report) {
    return (0,taskdef/* describeDiff */.l7)(report.diff).join('\n');
}

;// CONCATENATED MODULE: ./src/deploy/index.ts
/** The deploy capability: register-if-changed, update services, wait, roll back, keep-N, plan. */






/***/ })

};
