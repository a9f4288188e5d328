export const id = 796;
export const ids = [796];
export const modules = {

/***/ 1796:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  deployPreview: () => (/* binding */ deployPreview)
});

// EXTERNAL MODULE: ./src/aws/clients.ts
var aws_clients = __webpack_require__(201);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
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
async function describeServices(ecs, cluster, names) {
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
function findDeployment(service, deploymentId) {
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
        const deployment = findDeployment(service, this.deploymentId);
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

// EXTERNAL MODULE: ./src/deploy/provenance.ts
var provenance = __webpack_require__(2692);
;// CONCATENATED MODULE: ./src/health/tag.ts
/** Marking a task definition revision as having reached healthy, for rollback-target lookups. */



/** Tags `taskDefinitionArn` with `ecs-kit:healthy-at`; a failure is a warning, not a failed gate. */
async function tagHealthyRevision(options) {
    const tag = (0,provenance/* healthyTag */.ib)(options.at);
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
    if (options.deploymentId && !findDeployment(service, options.deploymentId)) {
        throw new Error(`deployment '${options.deploymentId}' is not a current deployment of service '${service.serviceName}'`);
    }
    if (!options.deploymentId) {
        const rollback = await ecsRollbackOfNewest(ecs, { cluster, service: service.serviceName, logger });
        if (rollback) {
            const primary = findDeployment(service);
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

;// CONCATENATED MODULE: ./src/preview/cap.ts
/** The cap on concurrent previews: checked on plain data before any mutating call. */
/** Why deploying this pull request's preview would exceed the cap, or undefined when it may go ahead. */
function capProblem(options) {
    const others = [...new Set(options.existing)]
        .filter((n) => n !== options.pullRequest)
        .sort((a, b) => a - b);
    if (others.length < options.maxPreviews)
        return undefined;
    return (`preview cap reached: ${others.length} of at most ${options.maxPreviews} previews exist ` +
        `(${others.map((n) => `pr-${n}`).join(', ')}); close one of those pull requests or raise max-previews`);
}

// EXTERNAL MODULE: ./src/preview/ecs-previews.ts
var ecs_previews = __webpack_require__(8431);
// EXTERNAL MODULE: ./src/preview/elb-rules.ts
var elb_rules = __webpack_require__(7983);
// EXTERNAL MODULE: ./src/preview/elb-target-group.ts
var elb_target_group = __webpack_require__(9461);
// EXTERNAL MODULE: ./src/preview/naming.ts
var naming = __webpack_require__(8826);
;// CONCATENATED MODULE: ./src/preview/service-request.ts
/** The template's load balancer entry the preview copies (container and port); throws when it has none. */
function templateLoadBalancer(template) {
    const entry = (template.loadBalancers ?? []).find((balancer) => balancer.targetGroupArn);
    if (!entry?.containerName || entry.containerPort === undefined)
        throw new Error(`template service ${template.serviceName} has no target group: previews copy its load balancer entry`);
    return entry;
}
/** The CreateService request (pure): launch type or capacity providers, network, grace period, roles. */
function createServiceRequest(template, spec) {
    const balancer = templateLoadBalancer(template);
    const configuration = template.deploymentConfiguration;
    const usesCapacityProviders = (template.capacityProviderStrategy?.length ?? 0) > 0;
    return {
        cluster: spec.cluster,
        serviceName: spec.serviceName,
        taskDefinition: spec.taskDefinitionArn,
        desiredCount: spec.desiredCount,
        launchType: usesCapacityProviders ? undefined : template.launchType,
        capacityProviderStrategy: usesCapacityProviders ? template.capacityProviderStrategy : undefined,
        platformVersion: template.platformVersion,
        networkConfiguration: template.networkConfiguration,
        loadBalancers: [
            {
                targetGroupArn: spec.targetGroupArn,
                containerName: balancer.containerName,
                containerPort: balancer.containerPort,
            },
        ],
        // The service-linked role is used for awsvpc; a role given to a classic service is copied.
        role: template.roleArn,
        healthCheckGracePeriodSeconds: template.healthCheckGracePeriodSeconds,
        deploymentConfiguration: configuration
            ? {
                minimumHealthyPercent: configuration.minimumHealthyPercent,
                maximumPercent: configuration.maximumPercent,
                deploymentCircuitBreaker: configuration.deploymentCircuitBreaker,
            }
            : undefined,
        enableExecuteCommand: template.enableExecuteCommand,
        propagateTags: 'SERVICE',
        tags: spec.tags,
    };
}

// EXTERNAL MODULE: ./src/deploy/revisions.ts
var revisions = __webpack_require__(7809);
// EXTERNAL MODULE: ./src/taskdef/index.ts + 8 modules
var taskdef = __webpack_require__(2868);
;// CONCATENATED MODULE: ./src/preview/task-definition.ts



/** Renders the preview's task definition from the template's (pure). */
function renderPreviewTaskDefinition(options) {
    const family = (0,naming/* previewFamily */.bc)(options.template.family ?? '', options.pullRequest);
    // The template's own tags (provenance, healthy marker) describe the template's revision, not this one.
    return (0,taskdef/* renderTaskDefinition */.P9)({ ...options.template, family, tags: undefined }, {
        images: options.images,
        tags: options.tags,
    });
}
/** The container a single `image` goes to: the one the template service's load balancer targets. */
function defaultContainer(template, loadBalancerContainer) {
    const names = (template.containerDefinitions ?? []).map((container) => container.name ?? '');
    if (loadBalancerContainer && names.includes(loadBalancerContainer))
        return loadBalancerContainer;
    return names[0] ?? '';
}
/** The registered revision for the preview: the latest one when identical, else a new one. */
async function ensurePreviewRevision(options) {
    const latest = await (0,revisions/* latestRevision */.HA)(options.ecs, options.rendered.family ?? '');
    const identical = latest ? (0,revisions/* findIdentical */.Ph)(options.rendered, [latest]) : undefined;
    if (identical)
        return { taskDefinitionArn: identical.taskDefinitionArn, registered: false };
    const taskDefinitionArn = await (0,revisions/* registerRevision */.RE)(options.ecs, options.rendered, {
        commit: options.commit,
        runUrl: options.runUrl,
        environment: options.environment,
        deployedAt: options.now,
    });
    return { taskDefinitionArn, registered: true };
}
/** The template service's task definition as a RegisterTaskDefinition request. */
async function templateTaskDefinition(ecs, taskDefinitionArn) {
    return (await (0,revisions/* describeRevision */.hi)(ecs, taskDefinitionArn)).taskDefinition;
}

;// CONCATENATED MODULE: ./src/preview/deploy-read.ts






/** Reads the template service; throws when it is missing, inactive or itself a preview. */
async function readTemplate(ecs, cluster, template) {
    const found = await (0,ecs_previews/* findService */.Ln)(ecs, cluster, template);
    if (!found || found.service.status !== 'ACTIVE')
        throw new Error(`template service ${template} is not an active service of cluster ${cluster}`);
    if (found.tags.some((tag) => tag.key === 'ecs-kit:preview'))
        throw new Error(`service ${template} is itself a preview; name the service previews are copied from`);
    return found.service;
}
async function ownTargetGroup(elb, options) {
    const name = (0,naming/* previewTargetGroupName */.IK)(options.template, options.pullRequest);
    const group = await (0,elb_target_group/* findTargetGroup */.S3)(elb, { name });
    if (!group?.TargetGroupArn)
        return undefined;
    const tags = (await (0,elb_rules/* describeElbTags */.OE)(elb, [group.TargetGroupArn])).get(group.TargetGroupArn) ?? [];
    if ((0,naming/* previewNumberOf */.XM)(tags, options.template) !== options.pullRequest)
        throw new Error(`target group ${name} exists but is not tagged as this preview: refusing to use it`);
    return group;
}
/** Reads everything; no call here changes anything. */
async function readForDeploy(options) {
    const { ecs, elb, cluster, template, pullRequest } = options;
    const service = await readTemplate(ecs, cluster, template);
    const balancer = templateLoadBalancer(service);
    const templateTargetGroup = await (0,elb_target_group/* findTargetGroup */.S3)(elb, { arn: balancer.targetGroupArn });
    if (!templateTargetGroup)
        throw new Error(`template target group ${balancer.targetGroupArn} not found`);
    const taskDefinition = await templateTaskDefinition(ecs, service.taskDefinition ?? '');
    const previews = await (0,ecs_previews/* listPreviewServices */.Z7)(ecs, cluster, template);
    const rules = await (0,elb_rules/* listListenerRules */.sL)(elb, options.listenerArn);
    const ruleByPreview = (0,elb_rules/* previewRules */.oc)(rules, template);
    const name = (0,naming/* previewServiceName */.j3)(template, pullRequest);
    const ownService = await (0,ecs_previews/* findService */.Ln)(ecs, cluster, name);
    if (ownService && ownService.service.status !== 'INACTIVE') {
        if ((0,naming/* previewNumberOf */.XM)(ownService.tags, template) !== pullRequest)
            throw new Error(`service ${name} exists but is not tagged as this preview: refusing to change it`);
        if (ownService.service.status === 'DRAINING')
            throw new Error(`service ${name} is still draining after a teardown; re-run once it is gone`);
    }
    return {
        template: service,
        templateTargetGroup,
        templateTaskDefinition: taskDefinition,
        existing: [...previews.map((preview) => preview.pullRequest), ...ruleByPreview.keys()],
        rules,
        ownRule: ruleByPreview.get(pullRequest),
        ownTargetGroup: await ownTargetGroup(elb, { template, pullRequest }),
        ownService: ownService?.service.status === 'ACTIVE' ? ownService : undefined,
    };
}

// EXTERNAL MODULE: ./src/preview/ecs-service.ts
var ecs_service = __webpack_require__(1411);
;// CONCATENATED MODULE: ./src/preview/listener-address.ts
/** The shared listener's address: scheme, load balancer DNS name and port, for the preview URL. */


/** Reads the listener and its load balancer. */
async function listenerAddress(elb, listenerArn) {
    try {
        const listener = (await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeListenersCommand */.AKE({ ListenerArns: [listenerArn] })))
            .Listeners?.[0];
        if (!listener?.LoadBalancerArn)
            throw new Error('listener not found');
        const balancer = (await elb.send(new client_elastic_load_balancing_v2_dist_cjs/* DescribeLoadBalancersCommand */.AZi({ LoadBalancerArns: [listener.LoadBalancerArn] }))).LoadBalancers?.[0];
        const scheme = listener.Protocol === 'HTTPS' ? 'https' : 'http';
        const standard = (scheme === 'https' ? 443 : 80) === listener.Port;
        const portSuffix = standard || listener.Port === undefined ? '' : `:${listener.Port}`;
        return { scheme, portSuffix, baseUrl: `${scheme}://${balancer?.DNSName ?? 'localhost'}${portSuffix}` };
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`reading the address of listener ${listenerArn}`, error);
    }
}

// EXTERNAL MODULE: ./src/preview/routing.ts
var preview_routing = __webpack_require__(8229);
;// CONCATENATED MODULE: ./src/preview/rule.ts



function freePriority(options, taken) {
    const priority = (0,preview_routing/* choosePriority */.AT)(options.pullRequest, options.priorities, taken);
    if (priority === undefined)
        throw new Error(`no free listener rule priority in ${options.priorities.base}-${options.priorities.base + options.priorities.size - 1}; widen priority-range`);
    return priority;
}
/** Creates or updates the rule; returns its ARN and priority. */
async function ensureRule(context) {
    const { elb, options, reading } = context;
    const spec = (priority) => ({
        listenerArn: options.listenerArn,
        priority,
        conditions: (0,preview_routing/* ruleConditions */.LV)(context.routing, options.pullRequest),
        targetGroupArn: context.targetGroupArn,
        tags: (0,naming/* previewTags */.uh)(options.templateService, options.pullRequest),
    });
    const own = reading.ownRule;
    if (own?.priority !== undefined) {
        const wanted = spec(own.priority);
        const same = (0,elb_rules/* ruleMatches */.W)(own.rule, wanted);
        if (!same)
            await (0,elb_rules/* modifyRule */.B6)(elb, own.ruleArn, wanted);
        context.changes.push({
            resource: 'listener rule',
            name: `priority ${own.priority}`,
            action: same ? 'unchanged' : 'updated',
        });
        return { ruleArn: own.ruleArn, priority: own.priority };
    }
    const taken = new Set(reading.rules.flatMap((rule) => (rule.priority === undefined ? [] : [rule.priority])));
    let priority = freePriority(options, taken);
    let ruleArn;
    try {
        ruleArn = await (0,elb_rules/* createRule */.D_)(elb, spec(priority));
    }
    catch (error) {
        // Another run took the priority between our read and our create: read again and take the next one.
        if (!(0,elb_rules/* isPriorityInUse */.Rs)(error))
            throw error;
        const again = await (0,elb_rules/* listListenerRules */.sL)(elb, options.listenerArn);
        priority = freePriority(options, new Set(again.flatMap((rule) => rule.priority ?? [])));
        ruleArn = await (0,elb_rules/* createRule */.D_)(elb, spec(priority));
    }
    const preferred = (0,preview_routing/* choosePriority */.AT)(options.pullRequest, options.priorities, new Set());
    context.changes.push({
        resource: 'listener rule',
        name: `priority ${priority}`,
        action: 'created',
        detail: priority === preferred ? undefined : `priority ${preferred} is taken by another rule`,
    });
    return { ruleArn, priority };
}

;// CONCATENATED MODULE: ./src/preview/deploy.ts












/** Images keyed by container; a single image without a container goes to the load-balanced one. */
function imagesFor(options, reading) {
    const images = new Map();
    for (const [container, image] of options.images) {
        const name = container === ''
            ? defaultContainer(reading.templateTaskDefinition, templateLoadBalancer(reading.template).containerName)
            : container;
        images.set(name, image);
    }
    return images;
}
async function ensureTargetGroup(clients, options, reading, changes) {
    const name = (0,naming/* previewTargetGroupName */.IK)(options.templateService, options.pullRequest);
    if (reading.ownTargetGroup?.TargetGroupArn) {
        changes.push({ resource: 'target group', name, action: 'unchanged' });
        return reading.ownTargetGroup.TargetGroupArn;
    }
    const request = (0,elb_target_group/* targetGroupRequest */.Un)(reading.templateTargetGroup, name, (0,naming/* previewTags */.uh)(options.templateService, options.pullRequest));
    const created = await (0,elb_target_group/* createTargetGroup */.vE)(clients.elb, request, options.deregistrationDelaySeconds);
    changes.push({ resource: 'target group', name, action: 'created' });
    return created.TargetGroupArn;
}
async function ensureService(clients, options, target, changes) {
    const name = (0,naming/* previewServiceName */.j3)(options.templateService, options.pullRequest);
    const deployedAt = { key: naming/* PREVIEW_DEPLOYED_AT_TAG */.VO, value: new Date(options.clock.now()).toISOString() };
    const existing = target.reading.ownService?.service;
    if (existing?.serviceArn) {
        const same = existing.taskDefinition === target.taskDefinitionArn && existing.desiredCount === options.desiredCount;
        if (!same)
            await (0,ecs_service/* updateService */.bU)(clients.ecs, {
                cluster: options.cluster,
                service: name,
                taskDefinitionArn: target.taskDefinitionArn,
                desiredCount: options.desiredCount,
            });
        await (0,ecs_service/* tagService */.Gl)(clients.ecs, existing.serviceArn, [deployedAt]);
        changes.push({ resource: 'service', name, action: same ? 'unchanged' : 'updated' });
        return existing.serviceArn;
    }
    const request = createServiceRequest(target.reading.template, {
        cluster: options.cluster,
        serviceName: name,
        taskDefinitionArn: target.taskDefinitionArn,
        targetGroupArn: target.targetGroupArn,
        desiredCount: options.desiredCount,
        tags: [...(0,naming/* previewTags */.uh)(options.templateService, options.pullRequest), deployedAt],
    });
    const created = await (0,ecs_service/* createService */.sR)(clients.ecs, request);
    changes.push({ resource: 'service', name, action: 'created' });
    return created.serviceArn;
}
/** The routing with its base URL filled in, and the listener's address for host URLs. */
async function resolveRouting(clients, options) {
    const address = await listenerAddress(clients.elb, options.listenerArn);
    if (options.routing.kind === 'host' || options.routing.baseUrl)
        return { routing: options.routing, address };
    return { routing: { kind: 'path', baseUrl: address.baseUrl }, address };
}
/** Creates or updates the pull request's preview; throws (before any change) when the cap is reached. */
async function deployPreview(options) {
    const { logger } = options;
    const clients = { ecs: await (0,aws_clients/* ecsClient */.br)(options), elb: await (0,aws_clients/* elbClient */.HJ)(options) };
    try {
        const reading = await logger.group('Read template and previews', () => readForDeploy({ ...clients, template: options.templateService, ...options }));
        const problem = capProblem({ ...options, existing: reading.existing });
        if (problem)
            throw new Error(problem);
        const { routing, address } = await resolveRouting(clients, options);
        const rendered = renderPreviewTaskDefinition({
            template: reading.templateTaskDefinition,
            pullRequest: options.pullRequest,
            images: imagesFor(options, reading),
            tags: (0,naming/* previewTags */.uh)(options.templateService, options.pullRequest),
        });
        const changes = [];
        const applied = await logger.group('Apply', async () => {
            const revision = await ensurePreviewRevision({
                ecs: clients.ecs,
                rendered,
                commit: options.commit,
                runUrl: options.runUrl,
                environment: (0,naming/* previewLabel */.Pg)(options.pullRequest),
                now: new Date(options.clock.now()),
            });
            changes.push({
                resource: 'task definition',
                name: revision.taskDefinitionArn.split('/').pop() ?? revision.taskDefinitionArn,
                action: revision.registered ? 'created' : 'unchanged',
            });
            const targetGroupArn = await ensureTargetGroup(clients, options, reading, changes);
            const rule = await ensureRule({ ...clients, options, reading, routing, targetGroupArn, changes });
            const serviceArn = await ensureService(clients, options, { reading, taskDefinitionArn: revision.taskDefinitionArn, targetGroupArn }, changes);
            for (const change of changes)
                logger.info(`${change.resource} ${change.name}: ${change.action}`);
            return { ...rule, targetGroupArn, serviceArn, taskDefinitionArn: revision.taskDefinitionArn };
        });
        const health = await gate(clients, options);
        return {
            pullRequest: options.pullRequest,
            url: (0,preview_routing/* previewUrl */.e6)(routing, options.pullRequest, address),
            service: (0,naming/* previewServiceName */.j3)(options.templateService, options.pullRequest),
            ...applied,
            changes,
            health,
        };
    }
    finally {
        clients.ecs.destroy();
        clients.elb.destroy();
    }
}
async function gate(clients, options) {
    if (!options.waitHealthy || options.desiredCount === 0)
        return { status: 'skipped', reason: 'not waited for' };
    return options.logger.group('Health gate', async () => {
        const verdict = await waitForHealthyDeployment({
            ...clients,
            cluster: options.cluster,
            service: (0,naming/* previewServiceName */.j3)(options.templateService, options.pullRequest),
            clock: options.clock,
            signal: options.signal,
            timeoutMs: options.healthTimeoutMs,
            // Preview revisions are never rollback targets: leave them unmarked.
            tagHealthy: false,
            logger: options.logger,
        });
        options.logger.info(`health: ${verdict.status} (${verdict.reason})`);
        return { status: verdict.status, reason: verdict.reason };
    });
}


/***/ })

};
