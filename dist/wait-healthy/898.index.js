export const id = 898;
export const ids = [898];
export const modules = {

/***/ 5898:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  waitForHealthyDeployment: () => (/* binding */ waitForHealthyDeployment)
});

// EXTERNAL MODULE: ./src/health/gate-loop.ts + 1 modules
var gate_loop = __webpack_require__(277);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
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

// EXTERNAL MODULE: ./src/health/observe.ts + 1 modules
var observe = __webpack_require__(7792);
// EXTERNAL MODULE: ./src/health/service.ts
var health_service = __webpack_require__(4277);
// EXTERNAL MODULE: ./src/health/tag.ts + 1 modules
var tag = __webpack_require__(2066);
// EXTERNAL MODULE: ./src/health/targets.ts
var targets = __webpack_require__(2280);
// EXTERNAL MODULE: ./src/health/verdict.ts
var health_verdict = __webpack_require__(415);
;// CONCATENATED MODULE: ./src/health/rolling.ts







/** The policy from the options' defaults: 2 confirmations, 60 s of tolerated unhealthiness. */
function policyOf(options) {
    return { consecutive: options.consecutive ?? 2, unhealthyTimeoutMs: options.unhealthyTimeoutMs ?? 60_000 };
}
/** Gates a rolling deployment; see waitForHealthyDeployment. */
async function gateRollingDeployment(options) {
    const { ecs, elb, clock, cluster, logger } = options;
    const startedAt = clock.now();
    const service = await (0,health_service/* describeService */.Jv)(ecs, cluster, options.service);
    const loadBalancers = (0,health_service/* serviceLoadBalancers */.Jf)(service);
    const targetGroups = await (0,targets/* describeTargetGroups */.t)(elb, loadBalancers.map((entry) => entry.targetGroupArn));
    if (options.deploymentId && !(0,health_service/* findDeployment */.HZ)(service, options.deploymentId)) {
        throw new Error(`deployment '${options.deploymentId}' is not a current deployment of service '${service.serviceName}'`);
    }
    if (!options.deploymentId) {
        const rollback = await ecsRollbackOfNewest(ecs, { cluster, service: service.serviceName, logger });
        if (rollback) {
            const primary = (0,health_service/* findDeployment */.HZ)(service);
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
    const observer = new observe/* DeploymentObserver */.O({
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
    const result = await (0,gate_loop/* runGate */.R)({
        observe: () => observer.observe(),
        policy: policyOf(options),
        clock,
        signal: options.signal,
        deadline: startedAt + options.timeoutMs,
        predictHealthyAt: (observation) => (0,observe/* earliestHealthyAt */.g)(observation, targetGroups),
        onObservation: (observation, evaluation) => {
            const sample = (0,health_verdict/* sampleOf */.u)({ startedAt, observation, evaluation });
            samples.push(sample);
            logger?.debug(JSON.stringify({ ...observation, tasks: observation.tasks.length }));
            options.onProgress?.(sample);
        },
        onPollError: (message) => logger?.warning(message),
    });
    const verdict = (0,health_verdict/* verdictOf */.V)({
        result,
        startedAt,
        endedAt: clock.now(),
        timeoutMs: options.timeoutMs,
        samples,
    });
    if (verdict.status === 'healthy' && verdict.taskDefinitionArn && options.tagHealthy !== false) {
        await (0,tag/* tagHealthyRevision */.v)({
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


/***/ })

};
