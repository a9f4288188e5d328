export const id = 777;
export const ids = [777];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GD: () => (/* binding */ ecrClient),
/* harmony export */   HJ: () => (/* binding */ elbClient),
/* harmony export */   br: () => (/* binding */ ecsClient)
/* harmony export */ });
const USER_AGENT = ['ecs-kit', '1'];
function common(options) {
    return {
        region: options.region,
        retryMode: 'adaptive',
        maxAttempts: options.maxAttempts ?? 8,
        customUserAgent: [USER_AGENT],
    };
}
/** An ECS client. */
async function ecsClient(options) {
    const { ECSClient } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    return new ECSClient(common(options));
}
/** An ECR client. */
async function ecrClient(options) {
    const { ECRClient } = await __webpack_require__.e(/* import() */ 249).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    return new ECRClient(common(options));
}
/** An ELBv2 client. */
async function elbClient(options) {
    const { ElasticLoadBalancingV2Client } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 586, 19));
    return new ElasticLoadBalancingV2Client(common(options));
}


/***/ }),

/***/ 2692:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   BA: () => (/* binding */ HEALTHY_AT_TAG),
/* harmony export */   Xy: () => (/* binding */ provenanceTags),
/* harmony export */   ib: () => (/* binding */ healthyTag),
/* harmony export */   yj: () => (/* binding */ PROVENANCE_TAG_KEYS)
/* harmony export */ });
/* unused harmony exports COMMIT_TAG, RUN_URL_TAG, ENVIRONMENT_TAG, DEPLOYED_AT_TAG */
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


/***/ }),

/***/ 7809:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HA: () => (/* binding */ latestRevision),
/* harmony export */   Ph: () => (/* binding */ findIdentical),
/* harmony export */   RE: () => (/* binding */ registerRevision),
/* harmony export */   VW: () => (/* binding */ listRevisions),
/* harmony export */   hi: () => (/* binding */ describeRevision)
/* harmony export */ });
/* unused harmony exports markHealthy, wasHealthy */
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(212);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _taskdef_index_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2868);
/* harmony import */ var _provenance_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2692);
/** Task definition revisions: read with tags, reuse an identical one, register with provenance, mark healthy. */




/** Describes a revision (ARN, family:revision or family for the latest ACTIVE one) with its tags. */
async function describeRevision(ecs, taskDefinition) {
    let response;
    try {
        response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .DescribeTaskDefinitionCommand */ .Zy$({ taskDefinition, include: ['TAGS'] }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing task definition ${taskDefinition}`, error);
    }
    const described = response.taskDefinition;
    if (!described?.taskDefinitionArn)
        throw new Error(`task definition ${taskDefinition} not found`);
    const tags = response.tags ?? [];
    // Keep only what RegisterTaskDefinition takes: newer API versions may describe more than we know.
    const known = Object.fromEntries(Object.entries(described).filter(([key]) => _taskdef_index_js__WEBPACK_IMPORTED_MODULE_1__/* .REGISTER_FIELDS */ .GA.includes(key)));
    const { taskDefinition: request } = (0,_taskdef_index_js__WEBPACK_IMPORTED_MODULE_1__/* .stripTaskDefinition */ .NQ)({
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
    return candidates.find((candidate) => candidate.family === rendered.family && (0,_taskdef_index_js__WEBPACK_IMPORTED_MODULE_1__/* .sameTaskDefinition */ .JL)(rendered, candidate.taskDefinition));
}
/** Registers `rendered` with provenance tags; returns the new revision's ARN. */
async function registerRevision(ecs, rendered, provenance) {
    const extra = (0,_provenance_js__WEBPACK_IMPORTED_MODULE_2__/* .provenanceTags */ .Xy)(provenance);
    const tags = [...(rendered.tags ?? []).filter((tag) => !extra.some((p) => p.key === tag.key)), ...extra];
    try {
        const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .RegisterTaskDefinitionCommand */ .$Hl({ ...rendered, tags }));
        const arn = response.taskDefinition?.taskDefinitionArn;
        if (!arn)
            throw new Error('no taskDefinitionArn in the response');
        return arn;
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`registering task definition ${rendered.family}`, error);
    }
}
/** Tags a revision with `ecs-kit:healthy-at`: the marker rollback looks for. */
async function markHealthy(ecs, taskDefinitionArn, at) {
    try {
        await ecs.send(new TagResourceCommand({ resourceArn: taskDefinitionArn, tags: [healthyTag(at)] }));
    }
    catch (error) {
        throw wrapError(`tagging ${taskDefinitionArn} as healthy`, error);
    }
}
/** ACTIVE revision ARNs of a family, newest first. */
async function listRevisions(ecs, family) {
    const arns = [];
    let nextToken;
    do {
        const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_3__/* .ListTaskDefinitionsCommand */ .Pse({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', nextToken }));
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
    return revision.tags.some((tag) => tag.key === HEALTHY_AT_TAG);
}


/***/ }),

/***/ 8431:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ln: () => (/* binding */ findService),
/* harmony export */   Z7: () => (/* binding */ listPreviewServices)
/* harmony export */ });
/* unused harmony export describeTaggedServices */
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8826);
/** Reading the template service and the previews of it that run in the cluster (by their tags). */



function tagsOf(service) {
    return (service.tags ?? []).map((tag) => ({ key: tag.key ?? '', value: tag.value ?? '' }));
}
/** Describes up to 10 services at a time with their tags; missing ones are left out. */
async function describeTaggedServices(ecs, cluster, services) {
    const found = [];
    for (let start = 0; start < services.length; start += 10) {
        const batch = services.slice(start, start + 10);
        try {
            const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DescribeServicesCommand */ .H7c({ cluster, services: batch, include: ['TAGS'] }));
            for (const service of response.services ?? [])
                found.push({ service, tags: tagsOf(service) });
        }
        catch (error) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing services in cluster ${cluster}`, error);
        }
    }
    return found;
}
/** One service (ACTIVE, DRAINING or INACTIVE as ECS reports it), or undefined when ECS does not know it. */
async function findService(ecs, cluster, service) {
    return (await describeTaggedServices(ecs, cluster, [service]))[0];
}
/** Every service ARN of the cluster. */
async function listServiceArns(ecs, cluster) {
    const arns = [];
    let nextToken;
    do {
        const response = await ecs
            .send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .ListServicesCommand */ .qde({ cluster, maxResults: 100, nextToken }))
            .catch((error) => {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`listing services of cluster ${cluster}`, error);
        });
        arns.push(...(response.serviceArns ?? []));
        nextToken = response.nextToken;
    } while (nextToken);
    return arns;
}
/** The template's previews that are ACTIVE or DRAINING in the cluster. */
async function listPreviewServices(ecs, cluster, template) {
    const described = await describeTaggedServices(ecs, cluster, await listServiceArns(ecs, cluster));
    return described.flatMap(({ service, tags }) => {
        const pullRequest = (0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .previewNumberOf */ .XM)(tags, template);
        if (pullRequest === undefined || service.status === 'INACTIVE')
            return [];
        const tagged = Date.parse(tags.find((tag) => tag.key === _naming_js__WEBPACK_IMPORTED_MODULE_1__/* .PREVIEW_DEPLOYED_AT_TAG */ .VO)?.value ?? '');
        const deployedAt = Number.isFinite(tagged) ? tagged : service.createdAt?.getTime();
        return [{ pullRequest, service, deployedAt }];
    });
}


/***/ }),

/***/ 1411:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dz: () => (/* binding */ waitInactive),
/* harmony export */   Gl: () => (/* binding */ tagService),
/* harmony export */   HT: () => (/* binding */ scaleDownAndDelete),
/* harmony export */   bU: () => (/* binding */ updateService),
/* harmony export */   sR: () => (/* binding */ createService)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(212);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _ecs_previews_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8431);
/** Changing a preview service: create, point at a revision, tag, scale to zero, delete, wait until gone. */



/** Creates the preview service; returns it. */
async function createService(ecs, request) {
    try {
        const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .CreateServiceCommand */ .JkR(request));
        if (!response.service?.serviceArn)
            throw new Error('no service in the response');
        return response.service;
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`creating service ${request.serviceName}`, error);
    }
}
/** Points the preview service at a revision (and its desired count). */
async function updateService(ecs, options) {
    try {
        const response = await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .UpdateServiceCommand */ .kZr({
            cluster: options.cluster,
            service: options.service,
            taskDefinition: options.taskDefinitionArn,
            desiredCount: options.desiredCount,
        }));
        return response.service ?? {};
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`updating service ${options.service}`, error);
    }
}
/** Adds or overwrites tags on a service. */
async function tagService(ecs, serviceArn, tags) {
    try {
        await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .TagResourceCommand */ .eqU({ resourceArn: serviceArn, tags }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`tagging service ${serviceArn}`, error);
    }
}
const gone = (error) => /ServiceNotFound|ServiceNotActive/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) ?? '');
/** Scales the service to zero, then deletes it; false when it was already gone or draining. */
async function scaleDownAndDelete(ecs, options) {
    try {
        await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .UpdateServiceCommand */ .kZr({ ...options, desiredCount: 0 }));
        await ecs.send(new _aws_sdk_client_ecs__WEBPACK_IMPORTED_MODULE_2__/* .DeleteServiceCommand */ .o6q(options));
        return true;
    }
    catch (error) {
        if (gone(error))
            return false;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`deleting service ${options.service}`, error);
    }
}
/**
 * Waits until ECS reports the service INACTIVE (its tasks stopped and drained) or unknown; false when
 * `timeoutMs` passed first. Images the draining tasks still run stay protected until then.
 */
async function waitInactive(options) {
    const deadline = options.clock.now() + options.timeoutMs;
    for (;;) {
        const found = await (0,_ecs_previews_js__WEBPACK_IMPORTED_MODULE_1__/* .findService */ .Ln)(options.ecs, options.cluster, options.service);
        if (!found || found.service.status === 'INACTIVE')
            return true;
        if (options.clock.now() >= deadline)
            return false;
        await options.clock.sleep(5_000, options.signal);
    }
}


/***/ }),

/***/ 7983:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   B6: () => (/* binding */ modifyRule),
/* harmony export */   D_: () => (/* binding */ createRule),
/* harmony export */   OE: () => (/* binding */ describeElbTags),
/* harmony export */   Rs: () => (/* binding */ isPriorityInUse),
/* harmony export */   W: () => (/* binding */ ruleMatches),
/* harmony export */   k3: () => (/* binding */ deleteRule),
/* harmony export */   oc: () => (/* binding */ previewRules),
/* harmony export */   sL: () => (/* binding */ listListenerRules)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(586);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8826);
/* harmony import */ var _routing_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8229);
/** The shared listener's rules: which priorities are taken, which rules are previews (by their tags). */




async function describeRules(elb, listenerArn) {
    const rules = [];
    let marker;
    do {
        const response = await elb
            .send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__/* .DescribeRulesCommand */ .Ggo({ ListenerArn: listenerArn, Marker: marker, PageSize: 400 }))
            .catch((error) => {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing the rules of listener ${listenerArn}`, error);
        });
        rules.push(...(response.Rules ?? []));
        marker = response.NextMarker;
    } while (marker);
    return rules;
}
/** ELBv2 tags of up to 20 resources per call, by ARN. */
async function describeElbTags(elb, arns) {
    const tags = new Map();
    for (let start = 0; start < arns.length; start += 20) {
        const response = await elb
            .send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__/* .DescribeTagsCommand */ .yRM({ ResourceArns: arns.slice(start, start + 20) }))
            .catch((error) => {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)('describing load balancer tags', error);
        });
        for (const description of response.TagDescriptions ?? []) {
            tags.set(description.ResourceArn ?? '', (description.Tags ?? []).map((tag) => ({ key: tag.Key ?? '', value: tag.Value ?? '' })));
        }
    }
    return tags;
}
/** Every non-default rule of the listener, with its priority and tags. */
async function listListenerRules(elb, listenerArn) {
    const rules = (await describeRules(elb, listenerArn)).filter((rule) => !rule.IsDefault && rule.RuleArn);
    const tags = await describeElbTags(elb, rules.map((rule) => rule.RuleArn));
    return rules.map((rule) => ({
        rule,
        ruleArn: rule.RuleArn,
        priority: Number.isFinite(Number(rule.Priority)) ? Number(rule.Priority) : undefined,
        tags: tags.get(rule.RuleArn) ?? [],
    }));
}
/** The template's preview rules on the listener, by pull request number. */
function previewRules(rules, template) {
    const found = new Map();
    for (const rule of rules) {
        const pullRequest = (0,_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .previewNumberOf */ .XM)(rule.tags, template);
        if (pullRequest !== undefined)
            found.set(pullRequest, rule);
    }
    return found;
}
/** True when an existing rule already routes the spec's conditions to its target group. */
function ruleMatches(rule, spec) {
    const action = rule.Actions?.[0];
    const forwardsTo = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
    return ((rule.Actions?.length ?? 0) === 1 &&
        action?.Type === 'forward' &&
        forwardsTo === spec.targetGroupArn &&
        (action.ForwardConfig?.TargetGroups?.length ?? 1) === 1 &&
        (0,_routing_js__WEBPACK_IMPORTED_MODULE_2__/* .conditionKeys */ .Ee)(rule.Conditions ?? []).join('\n') === (0,_routing_js__WEBPACK_IMPORTED_MODULE_2__/* .conditionKeys */ .Ee)(spec.conditions).join('\n'));
}
const forward = (targetGroupArn) => [{ Type: 'forward', TargetGroupArn: targetGroupArn }];
/** Creates the preview rule; returns its ARN. */
async function createRule(elb, spec) {
    try {
        const response = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__/* .CreateRuleCommand */ .OOk({
            ListenerArn: spec.listenerArn,
            Priority: spec.priority,
            Conditions: spec.conditions,
            Actions: forward(spec.targetGroupArn),
            Tags: spec.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
        }));
        const arn = response.Rules?.[0]?.RuleArn;
        if (!arn)
            throw new Error('no RuleArn in the response');
        return arn;
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`creating listener rule with priority ${spec.priority}`, error);
    }
}
/** Points an existing preview rule at the spec's conditions and target group. */
async function modifyRule(elb, ruleArn, spec) {
    try {
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__/* .ModifyRuleCommand */ .y5P({
            RuleArn: ruleArn,
            Conditions: spec.conditions,
            Actions: forward(spec.targetGroupArn),
        }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`updating listener rule ${ruleArn}`, error);
    }
}
/** Deletes a rule; false when it was already gone. */
async function deleteRule(elb, ruleArn) {
    try {
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_3__/* .DeleteRuleCommand */ .piX({ RuleArn: ruleArn }));
        return true;
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) === 'RuleNotFoundException' || (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) === 'RuleNotFound')
            return false;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`deleting listener rule ${ruleArn}`, error);
    }
}
/** True when the error is ELBv2 refusing a priority another rule holds (a race with another run). */
function isPriorityInUse(error) {
    const name = (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) ?? '';
    const cause = error instanceof Error ? (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error.cause) : undefined;
    return /PriorityInUse/.test(name) || /PriorityInUse/.test(cause ?? '');
}


/***/ }),

/***/ 9461:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gb: () => (/* binding */ deleteTargetGroup),
/* harmony export */   S3: () => (/* binding */ findTargetGroup),
/* harmony export */   Un: () => (/* binding */ targetGroupRequest),
/* harmony export */   vE: () => (/* binding */ createTargetGroup)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(586);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/**
 * The preview's target group: a copy of the template target group's protocol, port, VPC, target type and
 * health-check settings under the preview's name, found again by name on the next run.
 */


const isNotFound = (error) => /TargetGroupNotFound/.test((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) ?? '');
/** A target group by ARN, or by name; undefined when it does not exist. */
async function findTargetGroup(elb, reference) {
    try {
        const response = await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DescribeTargetGroupsCommand */ .sC7(reference.arn ? { TargetGroupArns: [reference.arn] } : { Names: [reference.name] }));
        return response.TargetGroups?.[0];
    }
    catch (error) {
        if (isNotFound(error))
            return undefined;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing target group ${reference.arn ?? reference.name}`, error);
    }
}
/** The CreateTargetGroup request copying the template's settings under a new name (pure). */
function targetGroupRequest(template, name, tags) {
    return {
        Name: name,
        Protocol: template.Protocol,
        ProtocolVersion: template.ProtocolVersion,
        Port: template.Port,
        VpcId: template.VpcId,
        TargetType: template.TargetType,
        IpAddressType: template.IpAddressType,
        HealthCheckProtocol: template.HealthCheckProtocol,
        HealthCheckPort: template.HealthCheckPort,
        HealthCheckEnabled: template.HealthCheckEnabled,
        HealthCheckPath: template.HealthCheckPath,
        HealthCheckIntervalSeconds: template.HealthCheckIntervalSeconds,
        HealthCheckTimeoutSeconds: template.HealthCheckTimeoutSeconds,
        HealthyThresholdCount: template.HealthyThresholdCount,
        UnhealthyThresholdCount: template.UnhealthyThresholdCount,
        Matcher: template.Matcher,
        Tags: tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
    };
}
/** Creates the target group and sets its deregistration delay; returns it. */
async function createTargetGroup(elb, request, deregistrationDelaySeconds) {
    let created;
    try {
        created = (await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .CreateTargetGroupCommand */ .GGF(request))).TargetGroups?.[0];
        if (!created?.TargetGroupArn)
            throw new Error('no TargetGroupArn in the response');
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`creating target group ${request.Name}`, error);
    }
    try {
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .ModifyTargetGroupAttributesCommand */ .fHb({
            TargetGroupArn: created.TargetGroupArn,
            Attributes: [
                { Key: 'deregistration_delay.timeout_seconds', Value: String(deregistrationDelaySeconds) },
            ],
        }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`setting the deregistration delay of target group ${request.Name}`, error);
    }
    return created;
}
/** Deletes a target group; false when it was already gone. */
async function deleteTargetGroup(elb, targetGroupArn) {
    try {
        await elb.send(new _aws_sdk_client_elastic_load_balancing_v2__WEBPACK_IMPORTED_MODULE_1__/* .DeleteTargetGroupCommand */ .tX({ TargetGroupArn: targetGroupArn }));
        return true;
    }
    catch (error) {
        if (isNotFound(error))
            return false;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`deleting target group ${targetGroupArn}`, error);
    }
}


/***/ }),

/***/ 8826:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   IK: () => (/* binding */ previewTargetGroupName),
/* harmony export */   Pg: () => (/* binding */ previewLabel),
/* harmony export */   VO: () => (/* binding */ PREVIEW_DEPLOYED_AT_TAG),
/* harmony export */   XM: () => (/* binding */ previewNumberOf),
/* harmony export */   bc: () => (/* binding */ previewFamily),
/* harmony export */   j3: () => (/* binding */ previewServiceName),
/* harmony export */   uh: () => (/* binding */ previewTags)
/* harmony export */ });
/* unused harmony exports PREVIEW_TAG, PREVIEW_OF_TAG */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Names and tags of a pull request's preview resources. Everything the preview action creates carries
 * `ecs-kit:preview=pr-<n>` and `ecs-kit:preview-of=<template service>`, which is how teardown and sweep
 * find it again; names are derived so that a re-run finds the same resources.
 */

/** The tag every preview resource carries: `pr-<n>`. */
const PREVIEW_TAG = 'ecs-kit:preview';
/** The template service a preview was made from. */
const PREVIEW_OF_TAG = 'ecs-kit:preview-of';
/** ISO 8601 time of the preview's last deployment (on the service), for the sweep's TTL. */
const PREVIEW_DEPLOYED_AT_TAG = 'ecs-kit:preview-deployed-at';
/** `pr-<n>`: the preview's label, its environment name and its tag value. */
function previewLabel(pullRequest) {
    return `pr-${pullRequest}`;
}
/** The preview service: `<template>-pr-<n>`. */
function previewServiceName(template, pullRequest) {
    return `${template}-${previewLabel(pullRequest)}`;
}
/** The preview's task definition family: `<template family>-pr-<n>` (the template's family stays untouched). */
function previewFamily(templateFamily, pullRequest) {
    return `${templateFamily}-${previewLabel(pullRequest)}`.slice(0, 255);
}
const TARGET_GROUP_MAX = 32;
/**
 * The preview's target group name: at most 32 letters, digits and hyphens. When the template's name does
 * not fit, a short hash of it keeps previews of two long, similar template names apart.
 */
function previewTargetGroupName(template, pullRequest) {
    const suffix = `-${previewLabel(pullRequest)}`;
    const clean = template.replace(/[^A-Za-z0-9-]/g, '-').replace(/^-+|-+$/g, '') || 'svc';
    if (clean.length + suffix.length <= TARGET_GROUP_MAX && !clean.startsWith('internal-'))
        return `${clean}${suffix}`;
    const hash = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(template).digest('hex').slice(0, 6);
    const room = TARGET_GROUP_MAX - suffix.length - hash.length - 1;
    const head = clean
        .replace(/^internal-/, 'int-')
        .slice(0, room)
        .replace(/-+$/, '');
    return `${head}-${hash}${suffix}`;
}
/** The tags of every resource of one preview. */
function previewTags(template, pullRequest) {
    return [
        { key: PREVIEW_TAG, value: previewLabel(pullRequest) },
        { key: PREVIEW_OF_TAG, value: template },
    ];
}
/** The pull request number a set of tags belongs to when they mark a preview of `template`. */
function previewNumberOf(tags, template) {
    const of = tags.find((tag) => tag.key === PREVIEW_OF_TAG)?.value;
    const label = tags.find((tag) => tag.key === PREVIEW_TAG)?.value;
    const match = label === undefined ? null : /^pr-(\d+)$/.exec(label);
    return of === template && match ? Number(match[1]) : undefined;
}


/***/ }),

/***/ 8229:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AT: () => (/* binding */ choosePriority),
/* harmony export */   Ee: () => (/* binding */ conditionKeys),
/* harmony export */   LV: () => (/* binding */ ruleConditions),
/* harmony export */   e6: () => (/* binding */ previewUrl)
/* harmony export */ });
/* unused harmony export preferredPriority */
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8826);

/** The listener rule condition that sends the preview's requests to its target group. */
function ruleConditions(routing, pullRequest) {
    const label = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .previewLabel */ .Pg)(pullRequest);
    if (routing.kind === 'host')
        return [{ Field: 'host-header', HostHeaderConfig: { Values: [`${label}.${routing.domain}`] } }];
    return [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/${label}/*`] } }];
}
/** The values a rule's conditions hold, as `field=value` strings, for comparing an existing rule. */
function conditionKeys(conditions) {
    return conditions
        .flatMap((condition) => {
        const values = condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values ?? [];
        return values.map((value) => `${condition.Field}=${value}`);
    })
        .sort();
}
/** The preview's URL: `<scheme>://pr-<n>.<domain>[:port]` (the listener's scheme and port) or `<base>/pr-<n>/`. */
function previewUrl(routing, pullRequest, listener = { scheme: 'https', portSuffix: '' }) {
    const label = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .previewLabel */ .Pg)(pullRequest);
    if (routing.kind === 'host')
        return `${listener.scheme}://${label}.${routing.domain}${listener.portSuffix}`;
    return `${routing.baseUrl.replace(/\/+$/, '')}/${label}/`;
}
/** The priority a pull request asks for first: `base + (n mod size)`, the same on every run. */
function preferredPriority(pullRequest, range) {
    return range.base + (pullRequest % range.size);
}
/**
 * The priority for a new preview rule: the preferred one, or when another rule holds it the next free one
 * (wrapping inside the range), probed in a fixed order so that two runs with the same rules agree.
 * Undefined when the whole range is taken.
 */
function choosePriority(pullRequest, range, taken) {
    const first = preferredPriority(pullRequest, range);
    for (let step = 0; step < range.size; step++) {
        const candidate = range.base + ((first - range.base + step) % range.size);
        if (!taken.has(candidate))
            return candidate;
    }
    return undefined;
}


/***/ }),

/***/ 2868:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  GA: () => (/* reexport */ REGISTER_FIELDS),
  P9: () => (/* reexport */ renderTaskDefinition),
  JL: () => (/* reexport */ sameTaskDefinition),
  NQ: () => (/* reexport */ strip_stripTaskDefinition)
});

// UNUSED EXPORTS: READ_ONLY_FIELDS, TaskDefinitionError, TaskDefinitionFileError, canonicalJson, describeDiff, diffTaskDefinitions, formatJsonPath, imageReferenceProblem, isMovingTag, loadTaskDefinitionFile, loadTaskDefinitionText, normaliseTaskDefinition, parseImageReference, parseSource, substituteString, substituteVariables, taskSizeUnits

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/taskdef/source.ts
/**
 * Parsing a task definition file (JSON or YAML) while keeping positions, so errors and annotations can
 * point at the line and column of the offending value.
 */



/** A file that could not be parsed, with the position of the problem when known. */
class source_TaskDefinitionFileError extends Error {
    file;
    position;
    constructor(file, message, position) {
        super(position ? `${file}:${position.line}:${position.column}: ${message}` : `${file}: ${message}`);
        this.file = file;
        this.position = position;
        this.name = 'TaskDefinitionFileError';
    }
}
/** Formats a JSON path the way users read it: `containerDefinitions[1].image`. */
function source_formatJsonPath(path) {
    return path
        .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
        .join('');
}
function offsetToPosition(text, offset) {
    const before = text.slice(0, offset).split('\n');
    return { line: before.length, column: before[before.length - 1].length + 1 };
}
function parseJson(file, text) {
    try {
        return JSON.parse(text);
    }
    catch (error) {
        const found = jsonErrorAt(text);
        if (!found)
            throw new source_TaskDefinitionFileError(file, `invalid JSON: ${errorMessage(error)}`);
        const near = JSON.stringify(text.slice(found.offset, found.offset + 12));
        const reason = found.offset >= text.length ? 'unexpected end of file' : `unexpected ${near}`;
        throw new source_TaskDefinitionFileError(file, `invalid JSON: ${reason}, expected ${found.expected}`, offsetToPosition(text, found.offset));
    }
}
/** Parses JSON (strictly, when the text is JSON) or YAML, keeping positions for `locate`. */
function source_parseSource(file, text) {
    const looksJson = /\.json$/i.test(file) || /^\s*[{[]/.test(text);
    const lineCounter = new LineCounter();
    const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
    let document;
    if (looksJson) {
        document = parseJson(file, text);
    }
    else {
        const [first] = doc.errors;
        if (first) {
            const { line, col } = lineCounter.linePos(first.pos[0]);
            throw new source_TaskDefinitionFileError(file, `invalid YAML: ${first.message.split('\n')[0]}`, {
                line,
                column: col,
            });
        }
        document = doc.toJS();
    }
    const locate = (path) => {
        if (doc.errors.length > 0)
            return undefined;
        let node = doc.contents;
        let found = node?.range?.[0];
        for (const part of path) {
            let next;
            if (isMap(node)) {
                const pair = node.items.find((item) => isScalar(item.key) && item.key.value === part);
                next = pair?.value;
                if (pair && isScalar(pair.key) && pair.key.range)
                    found = pair.key.range[0];
                if (!pair)
                    break;
            }
            else if (isSeq(node) && typeof part === 'number') {
                next = node.items[part];
                if (!next)
                    break;
            }
            else
                break;
            node = next;
            if (node?.range && !(isMap(node) || isSeq(node)))
                found = node.range[0];
            else if (node?.range && typeof part === 'number')
                found = node.range[0];
        }
        if (found === undefined)
            return undefined;
        const { line, col } = lineCounter.linePos(found);
        return { line, column: col };
    };
    return { file, document, locate };
}

;// CONCATENATED MODULE: ./src/taskdef/strip.ts
/**
 * Turning a file's content into a RegisterTaskDefinition request: unwrap the output of
 * `aws ecs describe-task-definition`, drop the fields ECS sets itself (registering them fails with
 * "Unexpected key"), drop nulls, and check the shape well enough to name what is wrong.
 */

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects. */
const READ_ONLY_FIELDS = [
    'taskDefinitionArn',
    'revision',
    'status',
    'requiresAttributes',
    'compatibilities',
    'registeredAt',
    'registeredBy',
    'deregisteredAt',
    'deleteRequestedAt',
];
/** Every parameter RegisterTaskDefinition accepts. */
const REGISTER_FIELDS = [
    'family',
    'taskRoleArn',
    'executionRoleArn',
    'networkMode',
    'containerDefinitions',
    'volumes',
    'placementConstraints',
    'requiresCompatibilities',
    'cpu',
    'memory',
    'tags',
    'pidMode',
    'ipcMode',
    'proxyConfiguration',
    'inferenceAccelerators',
    'ephemeralStorage',
    'runtimePlatform',
    'enableFaultInjection',
];
/** A problem with the content of a task definition, located by JSON path. */
class strip_TaskDefinitionError extends Error {
    reason;
    path;
    constructor(reason, path) {
        super(path.length > 0 ? `${source_formatJsonPath(path)}: ${reason}` : reason);
        this.reason = reason;
        this.path = path;
        this.name = 'TaskDefinitionError';
    }
}
/**
 * A secret written like an environment variable (`value` instead of `valueFrom`) is a common slip that
 * ECS rejects; the intent is unambiguous, so it is repaired and reported rather than failed.
 */
function repairSecrets(definition, warnings) {
    const containers = Array.isArray(definition.containerDefinitions) ? definition.containerDefinitions : [];
    containers.forEach((container, index) => {
        if (!isObject(container) || !Array.isArray(container.secrets))
            return;
        container.secrets = container.secrets.map((secret, position) => {
            if (!isObject(secret) || secret.valueFrom !== undefined || typeof secret.value !== 'string')
                return secret;
            const path = ['containerDefinitions', index, 'secrets', position];
            warnings.push({
                message: `secret '${String(secret.name)}' has 'value' instead of 'valueFrom'; using it as valueFrom`,
                path,
            });
            const { value, ...rest } = secret;
            return { ...rest, valueFrom: value };
        });
    });
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Drops null values everywhere (exported definitions carry `"hostname": null`, which ECS rejects). */
function dropNulls(value) {
    if (Array.isArray(value))
        return value.filter((item) => item !== null).map(dropNulls);
    if (!isObject(value))
        return value;
    return Object.fromEntries(Object.entries(value)
        .filter(([, item]) => item !== null)
        .map(([key, item]) => [key, dropNulls(item)]));
}
/** Checks the minimum RegisterTaskDefinition needs, naming the path of the first problem. */
function checkShape(definition) {
    for (const key of Object.keys(definition)) {
        if (!REGISTER_FIELDS.includes(key))
            throw new strip_TaskDefinitionError(`unknown field '${key}' (not a RegisterTaskDefinition parameter)`, [key]);
    }
    if (typeof definition.family !== 'string' || definition.family.trim() === '')
        throw new strip_TaskDefinitionError('family is required (a name such as shop-web)', ['family']);
    const containers = definition.containerDefinitions;
    if (!Array.isArray(containers) || containers.length === 0)
        throw new strip_TaskDefinitionError('expected a non-empty list of containers', ['containerDefinitions']);
    const names = new Set();
    containers.forEach((container, index) => {
        const path = ['containerDefinitions', index];
        if (!isObject(container))
            throw new strip_TaskDefinitionError('expected a container object', path);
        if (typeof container.name !== 'string' || container.name === '')
            throw new strip_TaskDefinitionError('container name is required', [...path, 'name']);
        if (names.has(container.name))
            throw new strip_TaskDefinitionError(`container name '${container.name}' is used twice`, [...path, 'name']);
        names.add(container.name);
    });
    if (definition.tags !== undefined && !Array.isArray(definition.tags))
        throw new strip_TaskDefinitionError('expected a list of {key, value}', ['tags']);
}
/** Unwraps, strips read-only fields and nulls, and checks the shape of a parsed task definition file. */
function strip_stripTaskDefinition(document) {
    if (!isObject(document))
        throw new strip_TaskDefinitionError('expected an object with family and containerDefinitions', []);
    let definition = document;
    let pathPrefix = [];
    if (isObject(document.taskDefinition)) {
        // `describe-task-definition --include TAGS` puts tags next to the task definition.
        definition = { ...document.taskDefinition };
        if (Array.isArray(document.tags) && definition.tags === undefined)
            definition.tags = document.tags;
        pathPrefix = ['taskDefinition'];
    }
    const stripped = [];
    const request = {};
    for (const [key, value] of Object.entries(definition)) {
        if (READ_ONLY_FIELDS.includes(key))
            stripped.push(source_formatJsonPath([...pathPrefix, key]));
        else
            request[key] = value;
    }
    const clean = dropNulls(request);
    const warnings = [];
    repairSecrets(clean, warnings);
    try {
        checkShape(clean);
    }
    catch (error) {
        if (error instanceof strip_TaskDefinitionError)
            throw new strip_TaskDefinitionError(error.reason, [...pathPrefix, ...error.path]);
        throw error;
    }
    return {
        taskDefinition: clean,
        stripped,
        pathPrefix,
        warnings: warnings.map((warning) => ({ ...warning, path: [...pathPrefix, ...warning.path] })),
    };
}

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
;// CONCATENATED MODULE: ./src/taskdef/load.ts
/** Reading a task definition file from disk into a RegisterTaskDefinition request. */




/** Parses file content (JSON or YAML) into a request; errors carry the file and position. */
function loadTaskDefinitionText(file, text) {
    const source = parseSource(file, text);
    let stripResult;
    try {
        stripResult = stripTaskDefinition(source.document);
    }
    catch (error) {
        if (error instanceof TaskDefinitionError)
            throw new TaskDefinitionFileError(file, error.message, source.locate(error.path));
        throw error;
    }
    const { taskDefinition, stripped, pathPrefix, warnings } = stripResult;
    return {
        file,
        taskDefinition,
        stripped,
        warnings: warnings.map((warning) => ({
            message: `${formatJsonPath(warning.path)}: ${warning.message}`,
            position: source.locate(warning.path),
        })),
        locate: (path) => source.locate([...pathPrefix, ...path]),
    };
}
/** Reads and parses a task definition file; errors name it as `name` (e.g. the path the user gave). */
async function loadTaskDefinitionFile(path, name = path) {
    const file = name;
    let text;
    try {
        text = await readFile(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        throw new TaskDefinitionFileError(file, code === 'ENOENT'
            ? 'file not found'
            : code === 'EISDIR'
                ? 'is a directory, expected a file'
                : errorMessage(error));
    }
    return loadTaskDefinitionText(file, text);
}

;// CONCATENATED MODULE: ./src/taskdef/image.ts
/**
 * Container image references, checked with the grammar Docker and ECR use
 * (`[registry[:port]/]path[:tag][@digest]`), so a typo or an unreplaced placeholder such as `<IMAGE>` or
 * `${IMAGE}` fails before registration instead of as CannotPullContainerError minutes into a rollout.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(`^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const MAX_NAME_LENGTH = 255;
/** Parses an image reference; undefined when it does not follow the reference grammar. */
function parseImageReference(reference) {
    const match = REFERENCE.exec(reference);
    if (!match)
        return undefined;
    const [, , , tag, digest] = match;
    let registry = match[1];
    let repository = match[2];
    // `nginx/unit` is Docker Hub's nginx org, not a registry named nginx: only a component with a dot,
    // a port or `localhost` is a registry. The regex may have taken a plain path component as domain.
    if (registry && !/[.:[]/.test(registry) && registry !== 'localhost') {
        if (!new RegExp(`^${PATH_COMPONENT}$`).test(registry))
            return undefined;
        repository = `${registry}/${repository}`;
        registry = undefined;
    }
    const nameLength = (registry ? registry.length + 1 : 0) + repository.length;
    if (nameLength > MAX_NAME_LENGTH)
        return undefined;
    return { registry, repository, tag, digest };
}
/** Why `reference` is not a usable image reference, or undefined when it is. */
function imageReferenceProblem(reference) {
    if (reference.trim() === '')
        return 'is empty';
    if (/[<>{}$%]/.test(reference) || /__[A-Z0-9_]+__/.test(reference))
        return `'${reference}' looks like an unreplaced placeholder`;
    if (!parseImageReference(reference))
        return `'${reference}' is not an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1 or nginx:1.27`;
    return undefined;
}
/**
 * True when the reference pins nothing immutable and names the conventional moving tag: no digest, and
 * the tag is `latest` or absent. Such an image may have been re-pushed under the same name, so an
 * otherwise unchanged task definition still warrants a new deployment.
 */
function isMovingTag(reference) {
    const parsed = parseImageReference(reference);
    if (!parsed || parsed.digest)
        return false;
    return parsed.tag === undefined || parsed.tag === 'latest';
}

;// CONCATENATED MODULE: ./src/taskdef/variables.ts
/**
 * Template variables: many task definition files in the wild are templates (`${IMAGE}`, `<family>`,
 * `__TASK_CPU__`, `%REPOSITORY_URI%`) filled in with sed or envsubst before deploying. The `variables`
 * input fills them in instead: every string value of the task definition has `${NAME}`, `<NAME>`,
 * `__NAME__` and `%NAME%` replaced for each NAME given. Placeholders with no value stay, and the image,
 * family and name checks then point at them.
 */
function variables_escape(text) {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
/** Replaces the placeholders of the given variables in one string. */
function substituteString(text, variables) {
    let result = text;
    for (const [name, value] of variables) {
        const forms = [`\${${name}}`, `<${name}>`, `__${name}__`, `%${name}%`].map(variables_escape).join('|');
        result = result.replace(new RegExp(forms, 'g'), () => value);
    }
    return result;
}
/** Replaces placeholders in every string value (not in keys) of a JSON-like value. */
function substituteVariables(value, variables) {
    if (variables.size === 0)
        return value;
    const walk = (item) => {
        if (typeof item === 'string')
            return substituteString(item, variables);
        if (Array.isArray(item))
            return item.map(walk);
        if (item && typeof item === 'object')
            return Object.fromEntries(Object.entries(item).map(([key, entry]) => [key, walk(entry)]));
        return item;
    };
    return walk(value);
}

;// CONCATENATED MODULE: ./src/taskdef/render.ts



function containerNames(definition) {
    return (definition.containerDefinitions ?? []).map((container) => container.name ?? '');
}
function unknownContainer(definition, name, input) {
    return new strip_TaskDefinitionError(`${input}: container '${name}' is not in task definition ${definition.family} (containers: ${containerNames(definition).join(', ')})`, ['containerDefinitions']);
}
/** Resolves which container a setting applies to. */
function targetContainer(definition, setting, overrides, input) {
    const explicit = setting.container ?? overrides.defaultContainer;
    const names = containerNames(definition);
    if (explicit) {
        if (!names.includes(explicit))
            throw unknownContainer(definition, explicit, input);
        return explicit;
    }
    if (names.length === 1)
        return names[0];
    throw new strip_TaskDefinitionError(`${input}: '${setting.name}' must name its container, e.g. ${names[0]}:${setting.name}=… (containers: ${names.join(', ')})`, ['containerDefinitions']);
}
/** Updates entries by name, else appends; or replaces the whole list. */
function mergeByName(existing, updates, replace) {
    if (replace)
        return updates;
    const merged = (existing ?? []).map((entry) => ({ ...entry }));
    for (const update of updates) {
        const index = merged.findIndex((entry) => entry.name === update.name);
        if (index >= 0)
            merged[index] = update;
        else
            merged.push(update);
    }
    return merged;
}
function groupByContainer(definition, settings, overrides, input) {
    const groups = new Map();
    for (const setting of settings) {
        const container = targetContainer(definition, setting, overrides, input);
        groups.set(container, [...(groups.get(container) ?? []), setting]);
    }
    return groups;
}
function renderContainer(container, overrides, environment, secrets) {
    const rendered = { ...container };
    const image = overrides.images?.get(container.name ?? '');
    if (image !== undefined)
        rendered.image = image;
    if (environment) {
        const variables = environment.map(({ name, value }) => ({ name, value }));
        rendered.environment = mergeByName(container.environment, variables, overrides.replaceEnvironment ?? false);
    }
    if (secrets) {
        const references = secrets.map(({ name, value }) => ({ name, valueFrom: value }));
        rendered.secrets = mergeByName(container.secrets, references, overrides.replaceSecrets ?? false);
    }
    return rendered;
}
function mergeTags(existing, added) {
    if (added.length === 0)
        return existing;
    const merged = (existing ?? []).filter((tag) => !added.some((update) => update.key === tag.key));
    return [...merged, ...added];
}
/** Every container must end up with a usable image: placeholders and typos stop here. */
function checkImages(definition) {
    (definition.containerDefinitions ?? []).forEach((container, index) => {
        const problem = imageReferenceProblem(container.image ?? '');
        if (problem) {
            throw new strip_TaskDefinitionError(`container '${container.name}' image ${problem === 'is empty' ? 'is missing' : problem}; set it with the images input (${container.name}=<image>)`, ['containerDefinitions', index, 'image']);
        }
    });
}
const TASK_SIZE = {
    cpu: /^(\d+|\d+(\.\d+)?\s*vcpu)$/i,
    memory: /^(\d+|\d+(\.\d+)?\s*gb)$/i,
};
/** Task-level cpu and memory must be numbers (or `1 vCPU` / `2 GB`); placeholders stop here. */
function checkTaskSize(definition) {
    for (const field of ['cpu', 'memory']) {
        const value = definition[field];
        if (value !== undefined && !TASK_SIZE[field].test(value)) {
            const example = field === 'cpu' ? '512 or 1 vCPU' : '1024 or 2 GB';
            throw new strip_TaskDefinitionError(`task ${field} '${value}' is not a size such as ${example}; set it with the ${field} input`, [field]);
        }
    }
}
const NAME = /^[A-Za-z0-9_-]{1,255}$/;
/** ECS accepts letters, digits, `-` and `_` in family and container names; templates often leave `<family>`. */
function checkNames(definition) {
    if (!NAME.test(definition.family ?? ''))
        throw new strip_TaskDefinitionError(`family '${definition.family}' may only hold letters, digits, - and _ (a template placeholder left unfilled?)`, ['family']);
    (definition.containerDefinitions ?? []).forEach((container, index) => {
        if (!NAME.test(container.name ?? ''))
            throw new strip_TaskDefinitionError(`container name '${container.name}' may only hold letters, digits, - and _ (a template placeholder left unfilled?)`, ['containerDefinitions', index, 'name']);
    });
}
/** Applies the overrides to a task definition; throws TaskDefinitionError (with a JSON path) on a bad override. */
function renderTaskDefinition(template, overrides = {}) {
    const base = substituteVariables(template, overrides.variables ?? new Map());
    checkNames(base);
    for (const name of overrides.images?.keys() ?? []) {
        if (!containerNames(base).includes(name))
            throw unknownContainer(base, name, 'images');
    }
    const environment = groupByContainer(base, overrides.environment ?? [], overrides, 'environment-variables');
    const secrets = groupByContainer(base, overrides.secrets ?? [], overrides, 'secrets');
    const rendered = {
        ...base,
        containerDefinitions: (base.containerDefinitions ?? []).map((container) => renderContainer(container, overrides, environment.get(container.name ?? ''), secrets.get(container.name ?? ''))),
    };
    // ECS takes task-level cpu and memory as strings; files often carry numbers.
    const cpu = overrides.cpu ?? (base.cpu === undefined ? undefined : String(base.cpu));
    const memory = overrides.memory ?? (base.memory === undefined ? undefined : String(base.memory));
    if (cpu !== undefined)
        rendered.cpu = cpu;
    if (memory !== undefined)
        rendered.memory = memory;
    const tags = mergeTags(base.tags, overrides.tags ?? []);
    if (tags !== undefined)
        rendered.tags = tags;
    checkTaskSize(rendered);
    checkImages(rendered);
    return rendered;
}

// EXTERNAL MODULE: ./src/deploy/provenance.ts
var provenance = __webpack_require__(2692);
;// CONCATENATED MODULE: ./src/taskdef/normalise.ts
/**
 * A canonical form of a task definition for deciding "unchanged": ECS fills in defaults, returns empty
 * lists, converts `1 vCPU` to `1024` and does not care about the order of environment variables, so a
 * byte comparison of file and registered revision would register a new revision on every run.
 */


function normalise_isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
/** Drops undefined, null, empty lists and empty objects, recursively. */
function dropEmpty(value) {
    if (Array.isArray(value)) {
        const items = value.map(dropEmpty).filter((item) => item !== undefined);
        return items.length === 0 ? undefined : items;
    }
    if (normalise_isObject(value)) {
        const entries = Object.entries(value)
            .map(([key, item]) => [key, dropEmpty(item)])
            .filter(([, item]) => item !== undefined);
        return entries.length === 0 ? undefined : Object.fromEntries(entries);
    }
    return value === null ? undefined : value;
}
/** `1 vCPU` → `1024`, `2 GB` → `2048`, as ECS stores them. */
function taskSizeUnits(value, unit) {
    if (value === undefined || value === null)
        return undefined;
    const text = String(value).trim();
    const match = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit}$`, 'i').exec(text);
    return match ? String(Math.round(Number(match[1]) * 1024)) : text;
}
function byKey(key) {
    return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}
function sortedBy(list, key) {
    return Array.isArray(list) ? [...list].sort(byKey(key)) : list;
}
function normaliseContainer(container, networkMode) {
    const result = { ...container };
    if (result.essential === undefined)
        result.essential = true;
    if (result.cpu === 0)
        delete result.cpu;
    // ECS stores a container health check with its documented defaults filled in.
    if (normalise_isObject(result.healthCheck))
        result.healthCheck = { interval: 30, timeout: 5, retries: 3, ...result.healthCheck };
    result.environment = sortedBy(result.environment, (entry) => String(entry.name));
    result.secrets = sortedBy(result.secrets, (entry) => String(entry.name));
    result.ulimits = sortedBy(result.ulimits, (entry) => String(entry.name));
    result.portMappings = Array.isArray(result.portMappings)
        ? result.portMappings
            .map((mapping) => {
            const port = { protocol: 'tcp', ...mapping };
            // In awsvpc and host mode the host port always equals the container port; ECS fills it in.
            // In bridge mode an omitted host port is dynamic, which ECS records as 0.
            if (port.hostPort === undefined)
                port.hostPort = networkMode === 'bridge' ? 0 : port.containerPort;
            return port;
        })
            .sort(byKey((port) => `${String(port.containerPort)}/${String(port.protocol)}`))
        : result.portMappings;
    return result;
}
/** Tags that describe the deployment rather than the definition: never a reason for a new revision. */
function meaningfulTags(tags) {
    if (!Array.isArray(tags))
        return undefined;
    return tags
        .filter((tag) => {
        const key = String(tag.key);
        return !provenance/* PROVENANCE_TAG_KEYS */.yj.includes(key) && !/^(aws|ecs):/.test(key);
    })
        .sort(byKey((tag) => String(tag.key)));
}
/** The canonical form: equal for two definitions that ECS would treat as the same revision content. */
function normalise_normaliseTaskDefinition(definition) {
    const plain = { ...definition };
    for (const field of READ_ONLY_FIELDS)
        delete plain[field];
    const networkMode = String(plain.networkMode ?? 'bridge');
    plain.networkMode = networkMode;
    plain.cpu = taskSizeUnits(plain.cpu, 'vcpu');
    plain.memory = taskSizeUnits(plain.memory, 'gb');
    plain.tags = meaningfulTags(plain.tags);
    plain.requiresCompatibilities = Array.isArray(plain.requiresCompatibilities)
        ? [...plain.requiresCompatibilities].sort()
        : undefined;
    plain.volumes = sortedBy(plain.volumes, (volume) => String(volume.name));
    plain.containerDefinitions = (Array.isArray(plain.containerDefinitions) ? plain.containerDefinitions : [])
        .map((container) => normaliseContainer(container, networkMode))
        .sort(byKey((container) => String(container.name)));
    return dropEmpty(plain);
}
/** JSON with object keys sorted, so equal content gives equal text. */
function normalise_canonicalJson(value) {
    return JSON.stringify(value, (_key, item) => normalise_isObject(item) ? Object.fromEntries(Object.entries(item).sort(byKey(([key]) => key))) : item);
}
/** True when registering `rendered` would repeat `registered` (ignoring read-only fields, defaults, order). */
function sameTaskDefinition(rendered, registered) {
    return (normalise_canonicalJson(normalise_normaliseTaskDefinition(rendered)) === normalise_canonicalJson(normalise_normaliseTaskDefinition(registered)));
}

;// CONCATENATED MODULE: ./src/taskdef/diff.ts
/**
 * What a deployment changes, for the plan, the `diff` output and the job summary. Environment variables
 * and secrets are reported by name only: values may be credentials, and a summary is widely readable.
 */

function same(a, b) {
    return canonicalJson(a) === canonicalJson(b);
}
function namedListChange(before, after, valueKey) {
    const toMap = (list) => new Map((Array.isArray(list) ? list : []).map((entry) => [String(entry.name), entry[valueKey]]));
    const old = toMap(before);
    const next = toMap(after);
    const added = [...next.keys()].filter((name) => !old.has(name)).sort();
    const removed = [...old.keys()].filter((name) => !next.has(name)).sort();
    const changed = [...next.keys()].filter((name) => old.has(name) && old.get(name) !== next.get(name)).sort();
    return added.length + removed.length + changed.length > 0 ? { added, removed, changed } : undefined;
}
const SUMMARISED_CONTAINER_FIELDS = (/* unused pure expression or super */ null && (['name', 'image', 'environment', 'secrets']));
function containerChange(before, after) {
    const change = { name: String(after.name), fields: [] };
    if (before.image !== after.image)
        change.image = { before: before.image, after: after.image };
    change.environment = namedListChange(before.environment, after.environment, 'value');
    change.secrets = namedListChange(before.secrets, after.secrets, 'valueFrom');
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    for (const key of [...keys].sort()) {
        if (!SUMMARISED_CONTAINER_FIELDS.includes(key) && !same(before[key], after[key]))
            change.fields.push(key);
    }
    const changed = change.image || change.environment || change.secrets || change.fields.length > 0;
    return changed ? change : undefined;
}
const SUMMARISED_TASK_FIELDS = (/* unused pure expression or super */ null && (['family', 'cpu', 'memory', 'containerDefinitions']));
/** Compares two task definitions after normalisation (so defaults and ordering never show up as changes). */
function diffTaskDefinitions(before, after) {
    const next = normaliseTaskDefinition(after);
    const old = (before ? normaliseTaskDefinition(before) : {});
    const containers = (definition) => new Map((definition.containerDefinitions ?? []).map((c) => [
        String(c.name),
        c,
    ]));
    const oldContainers = containers(old);
    const newContainers = containers(next);
    const diff = {
        changed: !same(old, next),
        addedContainers: [...newContainers.keys()].filter((name) => !oldContainers.has(name)),
        removedContainers: [...oldContainers.keys()].filter((name) => !newContainers.has(name)),
        containers: [],
        fields: [],
    };
    for (const field of ['family', 'cpu', 'memory']) {
        if (old[field] !== next[field])
            diff[field] = { before: old[field], after: next[field] };
    }
    for (const [name, container] of newContainers) {
        const previous = oldContainers.get(name);
        const change = previous && containerChange(previous, container);
        if (change)
            diff.containers.push(change);
    }
    const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
    for (const key of [...keys].sort()) {
        if (!SUMMARISED_TASK_FIELDS.includes(key) && !same(old[key], next[key]))
            diff.fields.push(key);
    }
    return diff;
}
function listChangeText(label, change) {
    if (!change)
        return [];
    const parts = [
        change.added.length > 0 ? `added ${change.added.join(', ')}` : '',
        change.removed.length > 0 ? `removed ${change.removed.join(', ')}` : '',
        change.changed.length > 0 ? `changed ${change.changed.join(', ')}` : '',
    ].filter(Boolean);
    return [`${label}: ${parts.join('; ')}`];
}
/** The diff as short lines of text (no secret or environment values), e.g. `web image: v1 → v2`. */
function describeDiff(diff) {
    if (!diff.changed)
        return ['no changes'];
    const lines = [];
    const change = (label, value) => {
        if (value)
            lines.push(`${label}: ${value.before ?? '(none)'} → ${value.after ?? '(none)'}`);
    };
    change('family', diff.family);
    change('task cpu', diff.cpu);
    change('task memory', diff.memory);
    for (const name of diff.addedContainers)
        lines.push(`container ${name}: added`);
    for (const name of diff.removedContainers)
        lines.push(`container ${name}: removed`);
    for (const container of diff.containers) {
        change(`${container.name} image`, container.image);
        lines.push(...listChangeText(`${container.name} environment`, container.environment));
        lines.push(...listChangeText(`${container.name} secrets`, container.secrets));
        if (container.fields.length > 0)
            lines.push(`${container.name} changed: ${container.fields.join(', ')}`);
    }
    if (diff.fields.length > 0)
        lines.push(`task definition changed: ${diff.fields.join(', ')}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/taskdef/index.ts
/** Task definitions: load (JSON/YAML), strip read-only fields, render overrides, normalise and diff. */











/***/ })

};
