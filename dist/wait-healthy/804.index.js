export const id = 804;
export const ids = [804];
export const modules = {

/***/ 3379:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IL: () => (/* binding */ evaluateHealth),
/* harmony export */   IT: () => (/* binding */ targetGroupName),
/* harmony export */   XC: () => (/* binding */ FRESH_MEMORY)
/* harmony export */ });
/* unused harmony export taskId */
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


/***/ }),

/***/ 277:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  R: () => (/* binding */ runGate)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/health/evaluate.ts
var evaluate = __webpack_require__(3379);
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
    let memory = options.memory ?? evaluate/* FRESH_MEMORY */.XC;
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
        const evaluation = (0,evaluate/* evaluateHealth */.IL)(observation, policy, memory);
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


/***/ }),

/***/ 7792:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  O: () => (/* binding */ DeploymentObserver),
  g: () => (/* binding */ earliestHealthyAt)
});

// EXTERNAL MODULE: ./src/health/service.ts
var health_service = __webpack_require__(4277);
// EXTERNAL MODULE: ./src/health/targets.ts
var health_targets = __webpack_require__(2280);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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
        const health = await Promise.all(targetGroupArns.map((arn) => (0,health_targets/* describeTargetHealth */.f)(elb, arn)));
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
            (0,health_service/* describeService */.Jv)(ecs, cluster, serviceName),
            this.tasks.listRunning(),
        ]);
        const deployment = (0,health_service/* findDeployment */.HZ)(service, this.deploymentId);
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


/***/ }),

/***/ 4277:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ge: () => (/* binding */ describeServices),
/* harmony export */   HZ: () => (/* binding */ findDeployment),
/* harmony export */   Jf: () => (/* binding */ serviceLoadBalancers),
/* harmony export */   Jv: () => (/* binding */ describeService)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(212);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** Reading the ECS service being gated: its load balancers and its deployments. */


/** Describes one ACTIVE service; throws a clear error when it is missing or draining. */
async function describeService(ecs, cluster, service) {
    let found;
    let failure;
    try {
        const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServicesCommand */ .H7c({ cluster, services: [service] }));
        found = response.services?.[0];
        failure = response.failures?.[0]?.reason;
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing service '${service}' in cluster '${cluster}'`, error);
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
        response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_1__/* .DescribeServicesCommand */ .H7c({ cluster, services: names }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing services ${names.join(', ')} in cluster '${cluster}'`, error);
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


/***/ }),

/***/ 2066:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  v: () => (/* binding */ tagHealthyRevision)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
;// CONCATENATED MODULE: ./src/deploy/provenance.ts
/**
 * Provenance tags on every task definition revision ecs-kit registers. Other capabilities depend on these
 * names: rollback looks up the last revision tagged healthy, and cleanup-ecr protects the images such a
 * rollback target uses. Changing a key breaks both for revisions registered before the change.
 */
/** The commit SHA that was deployed. */
const COMMIT_TAG = 'ecs-kit:commit';
/** The workflow run that registered the revision. */
const RUN_URL_TAG = 'ecs-kit:run-url';
/** The deployment environment (e.g. production), when known. */
const ENVIRONMENT_TAG = 'ecs-kit:environment';
/** ISO 8601 time at which the revision was registered for a deployment. */
const DEPLOYED_AT_TAG = 'ecs-kit:deployed-at';
/** ISO 8601 time at which a service first reached healthy on this revision (set with TagResource). */
const HEALTHY_AT_TAG = 'ecs-kit:healthy-at';
/** Every provenance tag key, for filters and documentation. */
const PROVENANCE_TAG_KEYS = [
    COMMIT_TAG,
    RUN_URL_TAG,
    ENVIRONMENT_TAG,
    DEPLOYED_AT_TAG,
    HEALTHY_AT_TAG,
];
// ECS tag values: at most 256 characters.
const MAX_TAG_VALUE = 256;
/** The tags to register a revision with; unknown fields are left out rather than tagged empty. */
function provenanceTags(provenance) {
    const tags = [];
    const add = (key, value) => {
        if (value)
            tags.push({ key, value: value.slice(0, MAX_TAG_VALUE) });
    };
    add(COMMIT_TAG, provenance.commit);
    add(RUN_URL_TAG, provenance.runUrl);
    add(ENVIRONMENT_TAG, provenance.environment);
    add(DEPLOYED_AT_TAG, provenance.deployedAt.toISOString());
    return tags;
}
/** The tag marking a revision as having reached healthy at `at`. */
function healthyTag(at) {
    return { key: HEALTHY_AT_TAG, value: at.toISOString() };
}

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/health/tag.ts
/** Marking a task definition revision as having reached healthy, for rollback-target lookups. */



/** Tags `taskDefinitionArn` with `ecs-kit:healthy-at`; a failure is a warning, not a failed gate. */
async function tagHealthyRevision(options) {
    const tag = healthyTag(options.at);
    try {
        await options.ecs.send(new dist_cjs/* TagResourceCommand */.eqU({ resourceArn: options.taskDefinitionArn, tags: [tag] }));
        options.logger?.info(`tagged ${options.taskDefinitionArn} ${tag.key}=${tag.value}`);
    }
    catch (error) {
        options.logger?.warning(`could not tag ${options.taskDefinitionArn} as healthy: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}


/***/ }),

/***/ 2280:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   f: () => (/* binding */ describeTargetHealth),
/* harmony export */   t: () => (/* binding */ describeTargetGroups)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** Target groups and their target health, read with one DescribeTargetHealth per target group per poll. */


/** Describes target groups by ARN (one call); unknown ARNs are a clear error. */
async function describeTargetGroups(elb, targetGroupArns) {
    const unique = [...new Set(targetGroupArns)];
    let groups;
    try {
        groups =
            (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7({ TargetGroupArns: unique }))).TargetGroups ?? [];
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing target groups ${unique.join(', ')}`, error);
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
        const response = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetHealthCommand */ .qyg({ TargetGroupArn: targetGroupArn }), {
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
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing target health of ${targetGroupArn}`, error);
    }
}


/***/ }),

/***/ 415:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ verdictOf),
/* harmony export */   u: () => (/* binding */ sampleOf)
/* harmony export */ });
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


/***/ })

};
