export const id = 875;
export const ids = [875];
export const modules = {

/***/ 1800:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bc: () => (/* binding */ writeWeights),
/* harmony export */   V8: () => (/* binding */ readWeightedForward)
/* harmony export */ });
/* unused harmony export withWeights */
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(586);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _evaluate_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3379);
/**
 * The weighted forward action of a listener (its default action) or of a listener rule: read once and
 * validated, then rewritten in one ModifyListener / ModifyRule call per weight change.
 */



function describeOwner(owner) {
    return owner.kind === 'listener' ? `listener ${owner.arn}` : `listener rule ${owner.arn}`;
}
/** Reads the owner's actions; unknown ARNs are a clear error. */
async function readActions(elb, owner) {
    try {
        if (owner.kind === 'listener') {
            const listener = (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_2__/* .DescribeListenersCommand */ .AKE({ ListenerArns: [owner.arn] })))
                .Listeners?.[0];
            if (!listener)
                throw new Error('not found');
            return listener.DefaultActions ?? [];
        }
        const rule = (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_2__/* .DescribeRulesCommand */ .Ggo({ RuleArns: [owner.arn] }))).Rules?.[0];
        if (!rule)
            throw new Error('not found');
        return rule.Actions ?? [];
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`reading ${describeOwner(owner)}`, error);
    }
}
/**
 * Reads and validates the weighted forward action: it must exist and forward to every one of
 * `targetGroupArns` (the blue and green target groups).
 */
async function readWeightedForward(elb, owner, targetGroupArns) {
    const actions = await readActions(elb, owner);
    const forwardIndex = actions.findIndex((action) => action.Type === 'forward' && (action.ForwardConfig?.TargetGroups?.length ?? 0) > 0);
    if (forwardIndex < 0) {
        throw new Error(`${describeOwner(owner)} has no weighted forward action (a forward action with ForwardConfig.TargetGroups)`);
    }
    const weights = {};
    for (const group of actions[forwardIndex].ForwardConfig.TargetGroups) {
        if (group.TargetGroupArn)
            weights[group.TargetGroupArn] = group.Weight ?? 1;
    }
    const missing = targetGroupArns.filter((arn) => !(arn in weights));
    if (missing.length > 0) {
        throw new Error(`target group ${missing.map(_evaluate_js__WEBPACK_IMPORTED_MODULE_1__/* .targetGroupName */ .IT).join(', ')} is not attached to the forward action of ${describeOwner(owner)}`);
    }
    return { owner, actions, forwardIndex, weights };
}
/** The action list with the forward action's weights replaced (other target groups keep theirs). */
function withWeights(forward, weights) {
    return forward.actions.map((action, index) => {
        if (index !== forward.forwardIndex)
            return action;
        const groups = action.ForwardConfig.TargetGroups.map((group) => ({
            ...group,
            Weight: group.TargetGroupArn in weights ? weights[group.TargetGroupArn] : group.Weight,
        }));
        // With several weighted target groups the action must not also name a single TargetGroupArn.
        const { TargetGroupArn: _single, ...rest } = action;
        void _single;
        return { ...rest, ForwardConfig: { ...action.ForwardConfig, TargetGroups: groups } };
    });
}
/** Writes new weights in one ModifyListener or ModifyRule call and returns the updated forward. */
async function writeWeights(elb, forward, weights) {
    const actions = withWeights(forward, weights);
    try {
        if (forward.owner.kind === 'listener') {
            await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_2__/* .ModifyListenerCommand */ .ugc({ ListenerArn: forward.owner.arn, DefaultActions: actions }));
        }
        else {
            await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_2__/* .ModifyRuleCommand */ .y5P({ RuleArn: forward.owner.arn, Actions: actions }));
        }
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`setting weights on ${describeOwner(forward.owner)}`, error);
    }
    return { ...forward, actions, weights: { ...forward.weights, ...weights } };
}


/***/ }),

/***/ 875:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runNative: () => (/* binding */ runNative)
});

// EXTERNAL MODULE: ./src/health/evaluate.ts
var evaluate = __webpack_require__(3379);
// EXTERNAL MODULE: ./src/health/gate-loop.ts + 1 modules
var gate_loop = __webpack_require__(277);
// EXTERNAL MODULE: ./src/health/listener.ts
var listener = __webpack_require__(1800);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/health/native-deployment.ts
/** ECS native blue/green/linear/canary service deployments: finding, reading and stopping them. */


/** Strategies ECS shifts traffic for itself. */
const NATIVE_STRATEGIES = ['BLUE_GREEN', 'LINEAR', 'CANARY'];
/** The service's native load balancer pairs; throws when the service is not set up for native blue/green. */
function nativeLoadBalancers(service) {
    const strategy = service.deploymentConfiguration?.strategy ?? 'ROLLING';
    if (!NATIVE_STRATEGIES.includes(strategy)) {
        throw new Error(`service '${service.serviceName}' uses deployment strategy ${strategy}, not BLUE_GREEN, LINEAR or CANARY: use strategy rolling or blue-green`);
    }
    const entries = (service.loadBalancers ?? []).filter((entry) => entry.targetGroupArn);
    if (entries.length === 0)
        throw new Error(`service '${service.serviceName}' has no load balancer target group`);
    return entries.map((entry) => {
        const alternate = entry.advancedConfiguration?.alternateTargetGroupArn;
        if (!alternate) {
            throw new Error(`load balancer ${entry.targetGroupArn} of service '${service.serviceName}' has no alternate target group`);
        }
        return {
            targetGroupArn: entry.targetGroupArn,
            alternateTargetGroupArn: alternate,
            productionListenerRule: entry.advancedConfiguration?.productionListenerRule,
            containerName: entry.containerName ?? '',
            containerPort: entry.containerPort ?? 0,
        };
    });
}
/** The service deployment to follow: the given ARN, else the newest pending or in-progress one, else the newest. */
async function findServiceDeployment(ecs, options) {
    if (options.arn)
        return options.arn;
    try {
        for (const status of [['PENDING', 'IN_PROGRESS'], undefined]) {
            const response = await ecs.send(new dist_cjs/* ListServiceDeploymentsCommand */.jz8({
                cluster: options.cluster,
                service: options.service,
                status: status ? [...status] : undefined,
            }));
            const newest = (response.serviceDeployments ?? []).sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
            if (newest?.serviceDeploymentArn)
                return newest.serviceDeploymentArn;
        }
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`listing service deployments of '${options.service}'`, error);
    }
    throw new Error(`service '${options.service}' has no service deployment to follow`);
}
/** Describes one service deployment; an unknown ARN is a clear error. */
async function describeServiceDeployment(ecs, arn) {
    let found;
    try {
        const response = await ecs.send(new dist_cjs/* DescribeServiceDeploymentsCommand */.A6p({ serviceDeploymentArns: [arn] }));
        found = response.serviceDeployments?.[0];
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`describing service deployment ${arn}`, error);
    }
    if (!found)
        throw new Error(`service deployment ${arn} not found`);
    return found;
}
/** Asks ECS to roll the deployment back (StopServiceDeployment, stopType ROLLBACK). */
async function stopWithRollback(ecs, arn) {
    try {
        await ecs.send(new dist_cjs/* StopServiceDeploymentCommand */.a8L({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }));
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`stopping service deployment ${arn} with rollback`, error);
    }
}
/** Statuses after which a service deployment no longer changes. */
const FINAL_STATUSES = ['SUCCESSFUL', 'STOPPED', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED'];

// EXTERNAL MODULE: ./src/health/observe.ts + 1 modules
var health_observe = __webpack_require__(7792);
// EXTERNAL MODULE: ./src/health/service.ts
var health_service = __webpack_require__(4277);
// EXTERNAL MODULE: ./src/health/tag.ts + 1 modules
var tag = __webpack_require__(2066);
// EXTERNAL MODULE: ./src/health/targets.ts
var targets = __webpack_require__(2280);
// EXTERNAL MODULE: ./src/health/verdict.ts
var health_verdict = __webpack_require__(415);
;// CONCATENATED MODULE: ./src/health/native.ts









const FAILED = [
    'STOP_REQUESTED',
    'STOPPED',
    'ROLLBACK_REQUESTED',
    'ROLLBACK_IN_PROGRESS',
    'ROLLBACK_SUCCESSFUL',
    'ROLLBACK_FAILED',
];
/** Keeps, per production/alternate pair, the target group the new revision's tasks registered in. */
function narrow(observation, pairs) {
    return pairs.map((pair) => {
        const count = (arn) => observation.targets.filter((target) => target.targetGroupArn === arn).length;
        return count(pair.targetGroupArn) > count(pair.alternateTargetGroupArn)
            ? pair.targetGroupArn
            : pair.alternateTargetGroupArn;
    });
}
function weightOf(deployment) {
    return deployment.targetServiceRevision?.requestedProductionTrafficWeight;
}
/** Polls the service deployment until it reaches a final status or the deadline. */
async function waitForFinalStatus(options, arn, deadline) {
    for (;;) {
        const deployment = await describeServiceDeployment(options.ecs, arn);
        if (FINAL_STATUSES.includes(deployment.status ?? '') || options.clock.now() >= deadline)
            return deployment;
        await options.clock.sleep(1000);
    }
}
async function productionWeights(options, pairs) {
    const rule = pairs[0].productionListenerRule;
    if (!rule)
        return undefined;
    try {
        const forward = await (0,listener/* readWeightedForward */.V8)(options.elb, { kind: 'rule', arn: rule }, []);
        return Object.fromEntries(Object.entries(forward.weights).map(([arn, weight]) => [(0,evaluate/* targetGroupName */.IT)(arn), weight]));
    }
    catch (error) {
        options.logger?.warning(`could not read the production listener rule's weights: ${String(error)}`);
        return undefined;
    }
}
/** Follows and gates an ECS native deployment; rolls it back through ECS when the gate fails. */
async function runNative(options) {
    const { ecs, elb, clock } = options;
    const startedAt = clock.now();
    const service = await (0,health_service/* describeService */.Jv)(ecs, options.cluster, options.service);
    const pairs = nativeLoadBalancers(service);
    const targetGroups = await (0,targets/* describeTargetGroups */.t)(elb, pairs.flatMap((pair) => [pair.targetGroupArn, pair.alternateTargetGroupArn]));
    const arn = await findServiceDeployment(ecs, {
        cluster: options.cluster,
        service: options.service,
        arn: options.serviceDeploymentArn,
    });
    let deployment = await describeServiceDeployment(ecs, arn);
    const observer = new health_observe/* DeploymentObserver */.O({
        ecs,
        elb,
        clock,
        cluster: options.cluster,
        serviceName: service.serviceName,
        loadBalancers: pairs.flatMap((pair) => [pair, { ...pair, targetGroupArn: pair.alternateTargetGroupArn }]),
        targetGroups,
    });
    const events = [];
    const samples = [];
    const note = (action, detail) => {
        events.push({ elapsedMs: clock.now() - startedAt, action, newWeight: weightOf(deployment), detail });
        options.logger?.info(`${action}: ${detail}`);
    };
    let stage;
    let firstHealthyAt;
    const observe = async () => {
        const [observation, current] = await Promise.all([
            observer.observe(),
            describeServiceDeployment(ecs, arn),
        ]);
        deployment = current;
        const progress = `${current.status} / ${current.lifecycleStage ?? 'no stage'}`;
        if (progress !== stage) {
            stage = progress;
            note('shift', progress);
        }
        const status = current.status ?? 'PENDING';
        const failed = FAILED.includes(status)
            ? `ECS service deployment is ${status}${current.statusReason ? `: ${current.statusReason}` : ''}`
            : undefined;
        const baking = current.lifecycleStage === 'BAKE_TIME';
        const bakeMs = (current.deploymentConfiguration?.bakeTimeInMinutes ?? 0) * 60_000;
        return {
            ...observation,
            targetGroupArns: narrow(observation, pairs),
            deploymentFailed: failed ?? observation.deploymentFailed,
            settled: status === 'SUCCESSFUL',
            // Stages other than the bake pass in seconds; the bake's end is known in advance.
            changeExpected: !baking && (status === 'IN_PROGRESS' || status === 'PENDING'),
            wakeAt: baking && current.updatedAt ? current.updatedAt.getTime() + bakeMs : undefined,
        };
    };
    const result = await (0,gate_loop/* runGate */.R)({
        observe,
        policy: options.policy,
        clock,
        signal: options.signal,
        deadline: startedAt + options.timeoutMs,
        predictHealthyAt: (observation) => (0,health_observe/* earliestHealthyAt */.g)(observation, targetGroups),
        onObservation: (observation, evaluation) => {
            if (evaluation.decision === 'healthy')
                firstHealthyAt ??= observation.time;
            const sample = (0,health_verdict/* sampleOf */.u)({ startedAt, observation, evaluation, newWeight: weightOf(deployment) });
            samples.push(sample);
            options.onProgress?.(sample);
        },
        onPollError: (message) => options.logger?.warning(message),
    });
    const verdict = (0,health_verdict/* verdictOf */.V)({
        result,
        startedAt,
        endedAt: clock.now(),
        firstHealthyAt,
        timeoutMs: options.timeoutMs,
        samples,
    });
    let leftState;
    let rolledBack = false;
    if (verdict.status === 'healthy') {
        if (verdict.taskDefinitionArn) {
            await (0,tag/* tagHealthyRevision */.v)({
                ecs,
                taskDefinitionArn: verdict.taskDefinitionArn,
                at: new Date(clock.now()),
                logger: options.logger,
            });
        }
    }
    else if (verdict.status === 'cancelled') {
        leftState = `service deployment ${arn} continues under ECS control (${deployment.status}, ${deployment.lifecycleStage ?? 'no stage'})`;
    }
    else {
        const status = deployment.status ?? '';
        if (!status.startsWith('ROLLBACK') && !FINAL_STATUSES.includes(status)) {
            await stopWithRollback(ecs, arn);
            note('stop-deployment', `StopServiceDeployment ROLLBACK: ${verdict.reason}`);
        }
        deployment = await waitForFinalStatus(options, arn, clock.now() + options.timeoutMs);
        rolledBack = deployment.status === 'ROLLBACK_SUCCESSFUL';
        note('rollback', `service deployment ended ${deployment.status}`);
        leftState = `service deployment ${arn} is ${deployment.status}`;
    }
    return {
        strategy: 'native',
        verdict,
        rolledBack,
        finalWeights: await productionWeights(options, pairs),
        events,
        leftState,
    };
}


/***/ })

};
