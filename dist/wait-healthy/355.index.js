export const id = 355;
export const ids = [355];
export const modules = {

/***/ 4355:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runBlueGreen: () => (/* binding */ runBlueGreen)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/health/evaluate.ts
var evaluate = __webpack_require__(3379);
// EXTERNAL MODULE: ./src/health/listener.ts
var listener = __webpack_require__(1800);
// EXTERNAL MODULE: ./src/health/service.ts
var health_service = __webpack_require__(4277);
// EXTERNAL MODULE: ./src/health/targets.ts
var targets = __webpack_require__(2280);
;// CONCATENATED MODULE: ./src/health/blue-green-setup.ts
/**
 * Kit-managed blue/green, phase one: validate everything (services, target groups, the listener's weighted
 * forward action, the task definition) and work out which colour is live, before any change.
 */






function colourOf(name, service, forward) {
    const entries = (0,health_service/* serviceLoadBalancers */.Jf)(service);
    const attached = entries.find((entry) => entry.targetGroupArn in forward.weights);
    if (!attached) {
        const groups = entries.map((entry) => (0,evaluate/* targetGroupName */.IT)(entry.targetGroupArn)).join(', ');
        throw new Error(`target group ${groups} of service '${service.serviceName}' is not attached to the listener's forward action`);
    }
    return { name, service, loadBalancer: attached };
}
async function resolveTaskDefinition(ecs, taskDefinition) {
    try {
        const response = await ecs.send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition }));
        return response.taskDefinition.taskDefinitionArn;
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`task definition '${taskDefinition}' not found`, error);
    }
}
/** Validates the blue/green resources; throws a clear error before any change when something is off. */
async function setUpBlueGreen(options) {
    const { ecs, elb } = options;
    const [blueService, greenService] = await (0,health_service/* describeServices */.Ge)(ecs, options.cluster, [
        options.blueService,
        options.greenService,
    ]);
    const forward = await (0,listener/* readWeightedForward */.V8)(elb, options.owner, []);
    const blue = colourOf('blue', blueService, forward);
    const green = colourOf('green', greenService, forward);
    if (blue.loadBalancer.targetGroupArn === green.loadBalancer.targetGroupArn) {
        throw new Error('blue and green services share one target group: each colour needs its own');
    }
    const targetGroups = await (0,targets/* describeTargetGroups */.t)(elb, [
        blue.loadBalancer.targetGroupArn,
        green.loadBalancer.targetGroupArn,
    ]);
    const taskDefinitionArn = options.taskDefinition
        ? await resolveTaskDefinition(ecs, options.taskDefinition)
        : undefined;
    const blueWeight = forward.weights[blue.loadBalancer.targetGroupArn];
    const greenWeight = forward.weights[green.loadBalancer.targetGroupArn];
    if (blueWeight === greenWeight) {
        throw new Error(`cannot tell the live colour: blue and green both have weight ${blueWeight} on the listener`);
    }
    const [live, idle] = blueWeight > greenWeight ? [blue, green] : [green, blue];
    return { live, idle, forward, targetGroups, taskDefinitionArn };
}

// EXTERNAL MODULE: ./src/health/gate-loop.ts + 1 modules
var gate_loop = __webpack_require__(277);
// EXTERNAL MODULE: ./src/health/observe.ts + 1 modules
var observe = __webpack_require__(7792);
// EXTERNAL MODULE: ./src/health/tag.ts + 1 modules
var tag = __webpack_require__(2066);
// EXTERNAL MODULE: ./src/health/traffic-plan.ts
var traffic_plan = __webpack_require__(6951);
// EXTERNAL MODULE: ./src/health/verdict.ts
var health_verdict = __webpack_require__(415);
;// CONCATENATED MODULE: ./src/health/blue-green.ts
/**
 * Kit-managed blue/green: the idle colour gets the new revision; once its targets are healthy, the
 * listener's weights move step by step (health checked and baked at each step); afterwards the old colour
 * is scaled down or kept warm. On failure 100% goes back to the old colour in one call; on cancellation
 * traffic returns to the last step that was fully healthy.
 */










function weightsFor(run, newWeight) {
    return {
        [run.setup.idle.loadBalancer.targetGroupArn]: newWeight,
        [run.setup.live.loadBalancer.targetGroupArn]: 100 - newWeight,
    };
}
function blue_green_event(run, action, detail) {
    const entry = {
        elapsedMs: run.options.clock.now() - run.startedAt,
        action,
        newWeight: run.newWeight,
        detail,
    };
    run.events.push(entry);
    run.options.logger?.info(`${action}: ${detail}`);
}
async function setNewWeight(run, newWeight) {
    run.forward = await (0,listener/* writeWeights */.Bc)(run.options.elb, run.forward, weightsFor(run, newWeight));
    run.newWeight = newWeight;
    if (newWeight > 0)
        run.everShifted = true;
}
function colourText(run, newWeight) {
    return `${run.setup.idle.name} ${newWeight}% / ${run.setup.live.name} ${100 - newWeight}%`;
}
/** Starts the new revision on the idle colour (when asked, or when it has no tasks) and returns its deployment id. */
async function deployIdle(run) {
    const { idle, live, taskDefinitionArn } = run.setup;
    const desiredCount = Math.max(idle.service.desiredCount ?? 0, live.service.desiredCount ?? 0);
    if (!taskDefinitionArn && (idle.service.desiredCount ?? 0) > 0) {
        return idle.service.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id;
    }
    try {
        const response = await run.options.ecs.send(new dist_cjs/* UpdateServiceCommand */.kZr({
            cluster: run.options.cluster,
            service: idle.service.serviceName,
            taskDefinition: taskDefinitionArn,
            desiredCount,
        }));
        const primary = response.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
        const revision = taskDefinitionArn ?? primary?.taskDefinition ?? 'its current revision';
        blue_green_event(run, 'deploy', `${idle.service.serviceName} (${idle.name}) → ${revision}, ${desiredCount} tasks`);
        return primary?.id;
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`updating idle service '${idle.service.serviceName}'`, error);
    }
}
function gateIdle(run, observer, holdUntil) {
    const { options, setup } = run;
    return (0,gate_loop/* runGate */.R)({
        observe: () => observer.observe(),
        policy: options.policy,
        clock: options.clock,
        signal: options.signal,
        deadline: run.startedAt + options.timeoutMs,
        holdUntil,
        predictHealthyAt: (observation) => (0,observe/* earliestHealthyAt */.g)(observation, setup.targetGroups),
        onObservation: (observation, evaluation) => {
            if (evaluation.decision === 'healthy')
                run.firstHealthyAt ??= observation.time;
            const sample = (0,health_verdict/* sampleOf */.u)({
                startedAt: run.startedAt,
                observation,
                evaluation,
                newWeight: run.newWeight,
            });
            run.samples.push(sample);
            options.onProgress?.(sample);
        },
        onPollError: (message) => options.logger?.warning(message),
    });
}
/** Steps traffic through the plan; returns the gate result that ended it. */
async function shift(run, observer) {
    const { plan, clock } = run.options;
    let step = -1;
    let stepStartedAt = clock.now();
    for (;;) {
        const bakeMs = step >= 0 ? plan.steps[step].bakeMs : 0;
        const result = await gateIdle(run, observer, stepStartedAt + bakeMs);
        if (result.outcome !== 'healthy')
            return result;
        const decision = (0,traffic_plan/* nextTrafficStep */.Lk)(plan, { step, elapsedInStepMs: clock.now() - stepStartedAt }, 'healthy');
        if (decision.action === 'done')
            return result;
        if (decision.action !== 'shift')
            continue;
        run.lastHealthyWeight = run.newWeight;
        if (step < 0)
            blue_green_event(run, 'healthy', result.evaluation.reason);
        await setNewWeight(run, decision.newWeight);
        blue_green_event(run, 'shift', colourText(run, decision.newWeight));
        step = decision.step;
        stepStartedAt = clock.now();
    }
}
/** Puts traffic back after a failure (all on the old colour) or a cancellation (last healthy step). */
async function restore(run, outcome) {
    const target = outcome === 'cancelled' ? run.lastHealthyWeight : 0;
    if (run.newWeight !== target) {
        await setNewWeight(run, target);
        blue_green_event(run, outcome === 'cancelled' ? 'restore' : 'rollback', colourText(run, target));
    }
    const old = run.setup.live.service.serviceName;
    return `traffic is ${colourText(run, target)}; ${old} (${run.setup.live.name}) was left running`;
}
async function finish(run, taskDefinitionArn) {
    const { options, setup } = run;
    if (taskDefinitionArn) {
        await (0,tag/* tagHealthyRevision */.v)({
            ecs: options.ecs,
            taskDefinitionArn,
            at: new Date(options.clock.now()),
            logger: options.logger,
        });
    }
    const old = setup.live.service.serviceName;
    if (options.oldColour === 'keep-warm') {
        blue_green_event(run, 'keep-warm', `${old} (${setup.live.name}) keeps its tasks at 0% traffic`);
        return;
    }
    try {
        await options.ecs.send(new dist_cjs/* UpdateServiceCommand */.kZr({ cluster: options.cluster, service: old, desiredCount: 0 }));
        blue_green_event(run, 'scale-down', `${old} (${setup.live.name}) scaled to 0 tasks`);
    }
    catch (error) {
        options.logger?.warning(`traffic is on the new colour, but scaling down ${old} failed: ${(0,errors/* errorMessage */.gJ)(error)}`);
    }
}
function finalWeights(run) {
    return Object.fromEntries(Object.entries(run.forward.weights).map(([arn, weight]) => [(0,evaluate/* targetGroupName */.IT)(arn), weight]));
}
/** Runs a kit-managed blue/green deployment and reports what happened. */
async function runBlueGreen(options) {
    const startedAt = options.clock.now();
    const setup = await setUpBlueGreen(options);
    const run = {
        options,
        setup,
        forward: setup.forward,
        startedAt,
        events: [],
        samples: [],
        newWeight: setup.forward.weights[setup.idle.loadBalancer.targetGroupArn],
        lastHealthyWeight: 0,
        everShifted: false,
    };
    if (run.newWeight > 0) {
        options.logger?.warning(`${setup.idle.name} has ${run.newWeight}% of traffic from an earlier run: moving it back first`);
        await setNewWeight(run, 0);
        blue_green_event(run, 'restore', colourText(run, 0));
    }
    let result;
    try {
        const deploymentId = await deployIdle(run);
        const observer = new observe/* DeploymentObserver */.O({
            ecs: options.ecs,
            elb: options.elb,
            clock: options.clock,
            cluster: options.cluster,
            serviceName: setup.idle.service.serviceName,
            deploymentId,
            loadBalancers: [setup.idle.loadBalancer],
            targetGroups: setup.targetGroups,
        });
        result = await shift(run, observer);
    }
    catch (error) {
        if (run.newWeight === 0)
            throw error;
        const left = await restore(run, 'error').catch((restoreError) => `restoring traffic failed too: ${(0,errors/* errorMessage */.gJ)(restoreError)}`);
        throw (0,errors/* wrapError */.J4)(`blue/green stopped (${left})`, error);
    }
    const verdict = (0,health_verdict/* verdictOf */.V)({
        result,
        startedAt,
        endedAt: options.clock.now(),
        firstHealthyAt: run.firstHealthyAt,
        timeoutMs: options.timeoutMs,
        samples: run.samples,
    });
    let leftState;
    if (verdict.status === 'healthy')
        await finish(run, verdict.taskDefinitionArn);
    else
        leftState = await restore(run, result.outcome);
    return {
        strategy: 'blue-green',
        verdict,
        rolledBack: verdict.status !== 'healthy' && run.everShifted,
        finalWeights: finalWeights(run),
        events: run.events,
        leftState,
    };
}


/***/ }),

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


/***/ })

};
