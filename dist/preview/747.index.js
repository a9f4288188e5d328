export const id = 747;
export const ids = [747];
export const modules = {

/***/ 5747:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  teardownPreview: () => (/* binding */ teardownPreview)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecs/dist-cjs/index.js
var dist_cjs = __webpack_require__(212);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
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

// EXTERNAL MODULE: ./src/deploy/revisions.ts
var revisions = __webpack_require__(7809);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/preview/ecs-previews.ts
var ecs_previews = __webpack_require__(8431);
// EXTERNAL MODULE: ./src/preview/ecs-service.ts
var ecs_service = __webpack_require__(1411);
// EXTERNAL MODULE: ./src/preview/elb-rules.ts
var elb_rules = __webpack_require__(7983);
// EXTERNAL MODULE: ./src/preview/elb-target-group.ts
var elb_target_group = __webpack_require__(9461);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var client_ecr_dist_cjs = __webpack_require__(8249);
;// CONCATENATED MODULE: ./src/images/pool.ts
/** Bounded concurrency for independent API calls (cleanup pages, scans and delete batches). */
/** Runs `worker` over `items` with at most `limit` in flight; results keep the input order. */
async function mapWithLimit(items, limit, worker) {
    const results = new Array(items.length);
    let next = 0;
    const lanes = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
        while (next < items.length) {
            const index = next++;
            results[index] = await worker(items[index], index);
        }
    });
    await Promise.all(lanes);
    return results;
}
/** Splits `items` into consecutive chunks of at most `size`. */
function chunk(items, size) {
    const chunks = [];
    for (let start = 0; start < items.length; start += size)
        chunks.push(items.slice(start, start + size));
    return chunks;
}

;// CONCATENATED MODULE: ./src/images/batch-delete.ts
/**
 * Deletes planned images with BatchDeleteImage: by digest (deleting by tag would only untag), 100 ids per
 * call, bounded concurrency, per-image failures collected. Indexes go in earlier calls than other images,
 * because ECR refuses to delete a manifest that a remaining index references.
 */



/** BatchDeleteImage takes at most 100 image ids. */
const DELETE_BATCH_SIZE = 100;
function batchesOf(images, parents) {
    const byRepository = new Map();
    for (const image of images) {
        if (image.children.length > 0 !== parents)
            continue;
        const list = byRepository.get(image.repository);
        if (list)
            list.push(image);
        else
            byRepository.set(image.repository, [image]);
    }
    return [...byRepository].flatMap(([repository, list]) => chunk(list, DELETE_BATCH_SIZE).map((batchImages) => ({ repository, images: batchImages })));
}
/** Deletes `images` (any repositories); never throws for a failed call, it reports the images instead. */
async function deleteImages(options) {
    const outcome = { deleted: [], alreadyGone: [], failures: [], calls: 0 };
    const run = async (batch) => {
        outcome.calls++;
        const byDigest = new Map(batch.images.map((image) => [image.digest, image]));
        let failed = 0;
        try {
            const response = await options.ecr.send(new client_ecr_dist_cjs/* BatchDeleteImageCommand */.wau({
                repositoryName: batch.repository,
                imageIds: batch.images.map((image) => ({ imageDigest: image.digest })),
            }));
            const failedDigests = new Set();
            for (const failure of response.failures ?? []) {
                const digest = failure.imageId?.imageDigest ?? '';
                const image = byDigest.get(digest);
                if (!image)
                    continue;
                failedDigests.add(digest);
                if (failure.failureCode === 'ImageNotFound')
                    outcome.alreadyGone.push(image);
                else {
                    failed++;
                    outcome.failures.push({
                        repository: batch.repository,
                        digest,
                        code: failure.failureCode ?? 'Unknown',
                        reason: failure.failureReason ?? '',
                    });
                }
            }
            for (const image of batch.images)
                if (!failedDigests.has(image.digest))
                    outcome.deleted.push(image);
        }
        catch (error) {
            // The whole call failed after the SDK's retries: every image of the batch stays and is reported.
            failed = batch.images.length;
            for (const image of batch.images) {
                outcome.failures.push({
                    repository: batch.repository,
                    digest: image.digest,
                    code: (0,errors/* awsErrorName */.ZH)(error) ?? 'Error',
                    reason: (0,errors/* errorMessage */.gJ)(error),
                });
            }
        }
        options.onBatch?.({ repository: batch.repository, deleted: batch.images.length - failed, failed });
    };
    await mapWithLimit(batchesOf(options.images, true), options.concurrency, run);
    await mapWithLimit(batchesOf(options.images, false), options.concurrency, run);
    return outcome;
}

// EXTERNAL MODULE: ./src/deploy/provenance.ts
var provenance = __webpack_require__(2692);
;// CONCATENATED MODULE: ./src/images/in-use.ts
/**
 * The in-use scan: every image that a cluster runs or may need to roll back to. Per cluster: services and
 * their PRIMARY/ACTIVE deployments, running tasks, and the task definitions behind them; per task
 * definition family of a service, the last K revisions tagged healthy by ecs-deploy (rollback targets).
 * Any failure aborts the scan with the cluster it concerns: a partial picture must never drive deletion.
 */




const clusterName = (cluster) => cluster.split('/').pop() ?? cluster;
const revisionName = (arn) => arn.split('/').pop() ?? arn;
const in_use_familyOf = (arn) => revisionName(arn).replace(/:\d+$/, '');
async function listAll(fetch) {
    const arns = [];
    let nextToken;
    do {
        const page = await fetch(nextToken);
        arns.push(...(page.arns ?? []));
        nextToken = page.nextToken;
    } while (nextToken);
    return arns;
}
/** Scans clusters for the images they use and the images their services could roll back to. */
async function scanImagesInUse(options) {
    const { ecs } = options;
    const taskDefinitions = new Map();
    const describeTaskDefinition = (arn) => {
        let pending = taskDefinitions.get(arn);
        if (!pending) {
            pending = ecs
                .send(new dist_cjs/* DescribeTaskDefinitionCommand */.Zy$({ taskDefinition: arn, include: ['TAGS'] }))
                .then((response) => ({ definition: response.taskDefinition, tags: response.tags ?? [] }));
            taskDefinitions.set(arn, pending);
        }
        return pending;
    };
    const uses = [];
    const useImages = async (arn, kind, reason) => {
        const { definition } = await describeTaskDefinition(arn);
        for (const container of definition.containerDefinitions ?? []) {
            if (container.image)
                uses.push({ image: container.image, kind, reason: reason(revisionName(arn)) });
        }
    };
    let clusters = [...options.clusters];
    if (clusters.length === 0) {
        try {
            clusters = await listAll(async (nextToken) => {
                const page = await ecs.send(new dist_cjs/* ListClustersCommand */.Nnn({ maxResults: 100, nextToken }));
                return { arns: page.clusterArns, nextToken: page.nextToken };
            });
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)('listing ECS clusters for the in-use scan', error);
        }
    }
    let services = 0;
    let tasks = 0;
    // family -> the clusters whose services use it (for rollback targets and error messages)
    const families = new Map();
    await mapWithLimit(clusters, options.concurrency, async (cluster) => {
        const name = clusterName(cluster);
        try {
            const serviceArns = await listAll(async (nextToken) => {
                const page = await ecs.send(new dist_cjs/* ListServicesCommand */.qde({ cluster, maxResults: 100, nextToken }));
                return { arns: page.serviceArns, nextToken: page.nextToken };
            });
            for (const batch of chunk(serviceArns, 10)) {
                const response = await ecs.send(new dist_cjs/* DescribeServicesCommand */.H7c({ cluster, services: batch }));
                // A service deleted since ListServices is MISSING; anything else means we cannot see it.
                const failure = response.failures?.find((entry) => entry.reason !== 'MISSING');
                if (failure)
                    throw new Error(`cannot describe service ${failure.arn}: ${failure.reason} ${failure.detail ?? ''}`.trim());
                for (const service of response.services ?? []) {
                    services++;
                    const deployments = (service.deployments ?? []).filter((deployment) => deployment.status === 'PRIMARY' || deployment.status === 'ACTIVE');
                    if (deployments.length === 0 && service.taskDefinition) {
                        deployments.push({ status: 'PRIMARY', taskDefinition: service.taskDefinition });
                    }
                    for (const deployment of deployments) {
                        if (!deployment.taskDefinition)
                            continue;
                        const family = in_use_familyOf(deployment.taskDefinition);
                        families.set(family, (families.get(family) ?? new Set()).add(name));
                        await useImages(deployment.taskDefinition, 'in-use', (revision) => `service ${name}/${service.serviceName}, ${deployment.status} deployment of ${revision}`);
                    }
                }
            }
            const taskArns = await listAll(async (nextToken) => {
                const page = await ecs.send(new dist_cjs/* ListTasksCommand */.MYg({ cluster, desiredStatus: 'RUNNING', maxResults: 100, nextToken }));
                return { arns: page.taskArns, nextToken: page.nextToken };
            });
            for (const batch of chunk(taskArns, 100)) {
                const response = await ecs.send(new dist_cjs/* DescribeTasksCommand */.z8X({ cluster, tasks: batch }));
                const failure = response.failures?.find((entry) => entry.reason !== 'MISSING');
                if (failure)
                    throw new Error(`cannot describe task ${failure.arn}: ${failure.reason} ${failure.detail ?? ''}`.trim());
                for (const task of response.tasks ?? []) {
                    tasks++;
                    const reason = `running task ${name}/${revisionName(task.taskArn ?? '?')}${task.group ? ` (${task.group})` : ''}`;
                    if (task.taskDefinitionArn) {
                        await useImages(task.taskDefinitionArn, 'in-use', (revision) => `${reason} of ${revision}`);
                    }
                    for (const container of task.containers ?? []) {
                        if (container.image && container.imageDigest) {
                            uses.push({ image: container.image, digest: container.imageDigest, kind: 'in-use', reason });
                        }
                    }
                }
            }
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)(`scanning cluster ${name} for images in use`, error);
        }
    });
    await mapWithLimit([...families], options.concurrency, async ([family, usedBy]) => {
        try {
            await protectRollbackTargets({
                ecs,
                family,
                count: options.rollbackRevisions,
                describeTaskDefinition,
                useImages,
            });
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)(`scanning cluster ${[...usedBy].sort().join(', ')} for rollback targets of ${family}`, error);
        }
    });
    return {
        uses,
        clusters: clusters.map(clusterName),
        services,
        tasks,
        taskDefinitions: taskDefinitions.size,
    };
}
/** Protects the newest `count` ACTIVE revisions of `family` tagged healthy, reading newest first. */
async function protectRollbackTargets(options) {
    if (options.count <= 0)
        return;
    let found = 0;
    let nextToken;
    do {
        const page = await options.ecs.send(new dist_cjs/* ListTaskDefinitionsCommand */.Pse({
            familyPrefix: options.family,
            status: 'ACTIVE',
            sort: 'DESC',
            maxResults: 100,
            nextToken,
        }));
        // familyPrefix is a prefix on some APIs' readings; keep only this exact family.
        const arns = (page.taskDefinitionArns ?? []).filter((arn) => in_use_familyOf(arn) === options.family);
        for (const arn of arns) {
            const { tags } = await options.describeTaskDefinition(arn);
            const healthyAt = tags.find((tag) => tag.key === provenance/* HEALTHY_AT_TAG */.BA)?.value;
            if (!healthyAt)
                continue;
            await options.useImages(arn, 'rollback', (revision) => `rollback target ${revision} (healthy at ${healthyAt})`);
            if (++found >= options.count)
                return;
        }
        nextToken = page.nextToken;
    } while (nextToken);
}

// EXTERNAL MODULE: ./src/images/tag-pattern.ts
var tag_pattern = __webpack_require__(5461);
;// CONCATENATED MODULE: ./src/images/inventory.ts
/**
 * ECR inventory: which repositories a cleanup covers, and every image in them with its tags, push time,
 * size and (for multi-arch indexes and referrers such as signatures) the manifests that belong to it.
 * Reads only: DescribeRepositories, DescribeImages (1000 per page) and BatchGetImage for index manifests.
 */




const INDEX_MEDIA_TYPES = new Set([
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
]);
/** True for a multi-arch index (OCI image index or Docker manifest list). */
function isIndexMediaType(mediaType) {
    return mediaType !== undefined && INDEX_MEDIA_TYPES.has(mediaType);
}
/**
 * The repositories the selectors name: exact names (each must exist), globs or /regex/ (may match
 * none), `*` for every repository. Lists the registry once, 1000 repositories per call.
 */
async function resolveRepositories(ecr, selectors, inputName = 'repositories') {
    const all = [];
    let nextToken;
    try {
        do {
            const page = await ecr.send(new client_ecr_dist_cjs/* DescribeRepositoriesCommand */.pE_({ maxResults: 1000, nextToken }));
            for (const repository of page.repositories ?? []) {
                all.push({
                    name: repository.repositoryName,
                    uri: repository.repositoryUri,
                    registryId: repository.registryId,
                });
            }
            nextToken = page.nextToken;
        } while (nextToken);
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)('listing ECR repositories', error);
    }
    const names = new Set(all.map((repository) => repository.name));
    const missing = selectors.filter((selector) => !(0,tag_pattern/* isPatternOfMany */.nA)(selector) && !names.has(selector));
    if (missing.length > 0) {
        throw new errors/* InputError */.dz(inputName, `no repository named ${missing.map((name) => `'${name}'`).join(', ')} in this region (${all.length} repositories exist)`);
    }
    const patterns = selectors.map((selector) => (0,tag_pattern/* compilePattern */.Eb)(selector, 'repository'));
    return all.filter((repository) => patterns.some((pattern) => pattern.test(repository.name)));
}
function toInventoryImage(repository, detail) {
    return {
        repository,
        digest: detail.imageDigest,
        tags: detail.imageTags ?? [],
        pushedAt: detail.imagePushedAt?.getTime() ?? 0,
        sizeBytes: detail.imageSizeInBytes ?? 0,
        mediaType: detail.imageManifestMediaType,
        children: [],
    };
}
/** Child manifest digests of an index manifest (empty when it is not one or does not parse). */
function indexChildren(manifest) {
    if (!manifest)
        return [];
    try {
        const parsed = JSON.parse(manifest);
        if (!Array.isArray(parsed.manifests))
            return [];
        return parsed.manifests
            .map((entry) => entry.digest)
            .filter((digest) => typeof digest === 'string');
    }
    catch {
        return [];
    }
}
/** Reads the manifests of the repository's indexes (100 per BatchGetImage) and fills in their children. */
async function fillIndexChildren(ecr, repository, images) {
    const indexes = images.filter((image) => isIndexMediaType(image.mediaType));
    const byDigest = new Map(indexes.map((image) => [image.digest, image]));
    for (const batch of chunk(indexes, 100)) {
        const response = await ecr.send(new client_ecr_dist_cjs/* BatchGetImageCommand */.P8n({
            repositoryName: repository,
            imageIds: batch.map((image) => ({ imageDigest: image.digest })),
            acceptedMediaTypes: [...INDEX_MEDIA_TYPES],
        }));
        for (const image of response.images ?? []) {
            const index = byDigest.get(image.imageId?.imageDigest ?? '');
            if (index)
                index.children = indexChildren(image.imageManifest);
        }
        // An index we cannot read could hide children we would then delete: refuse to guess.
        const failure = response.failures?.find((entry) => entry.failureCode !== 'ImageNotFound');
        if (failure) {
            throw new Error(`cannot read index ${failure.imageId?.imageDigest}: ${failure.failureCode} ${failure.failureReason ?? ''}`.trim());
        }
    }
}
/** Every image of one repository (DescribeImages, 1000 per page), indexes with their children. */
async function listRepositoryImages(ecr, repository) {
    const images = [];
    const details = [];
    let nextToken;
    try {
        do {
            const page = await ecr.send(new client_ecr_dist_cjs/* DescribeImagesCommand */.ji5({ repositoryName: repository, maxResults: 1000, nextToken }));
            for (const detail of page.imageDetails ?? []) {
                details.push(detail);
                images.push(toInventoryImage(repository, detail));
            }
            nextToken = page.nextToken;
        } while (nextToken);
        await fillIndexChildren(ecr, repository, images);
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)(`listing images of repository ${repository}`, error);
    }
    // Referrers (signatures, SBOMs, SOCI indexes) belong to their subject: kept and deleted with it.
    const byDigest = new Map(images.map((image) => [image.digest, image]));
    details.forEach((detail, index) => {
        const subject = detail.subjectManifestDigest && byDigest.get(detail.subjectManifestDigest);
        if (subject && subject !== images[index])
            subject.children = [...subject.children, images[index].digest];
    });
    return images;
}

;// CONCATENATED MODULE: ./src/images/protections.ts
/** Splits `host/repo[:tag][@digest]` into its name (host/repo), tag and digest; `latest` when neither. */
function splitImageReference(image) {
    let rest = image.trim();
    let digest;
    const at = rest.indexOf('@');
    if (at >= 0) {
        digest = rest.slice(at + 1);
        rest = rest.slice(0, at);
    }
    let tag;
    const colon = rest.lastIndexOf(':');
    if (colon > rest.lastIndexOf('/')) {
        tag = rest.slice(colon + 1);
        rest = rest.slice(0, colon);
    }
    if (!tag && !digest)
        tag = 'latest';
    return { name: rest.toLowerCase(), tag, digest };
}
/** The protections for the scanned uses in the given repositories and their images. */
function protectionsFor(scan, repositories, images) {
    const byUri = new Map(repositories.map((repository) => [repository.uri.toLowerCase(), repository.name]));
    const byTag = new Map();
    for (const image of images)
        for (const tag of image.tags)
            byTag.set(`${image.repository}:${tag}`, image.digest);
    const protections = [];
    const unresolved = [];
    for (const use of scan.uses) {
        const reference = splitImageReference(use.image);
        const repository = byUri.get(reference.name);
        if (repository === undefined)
            continue;
        const protect = (digest) => protections.push({ repository, digest, kind: use.kind, reason: use.reason });
        if (use.digest)
            protect(use.digest);
        if (reference.digest)
            protect(reference.digest);
        else if (reference.tag) {
            const digest = byTag.get(`${repository}:${reference.tag}`);
            if (digest)
                protect(digest);
            else if (!use.digest)
                unresolved.push({ use, why: `tag '${reference.tag}' is not in ${repository}` });
        }
    }
    return { protections, unresolved };
}

;// CONCATENATED MODULE: ./src/images/retention-plan.ts
const DAY_MS = 86_400_000;
/** A duration in milliseconds as people write it (`36h`, `7d`). */
function formatAge(ms) {
    if (ms >= DAY_MS && ms % DAY_MS === 0)
        return `${ms / DAY_MS}d`;
    if (ms >= 3_600_000)
        return `${Math.round((ms / 3_600_000) * 10) / 10}h`;
    if (ms >= 60_000)
        return `${Math.round((ms / 60_000) * 10) / 10}m`;
    return `${Math.round(ms / 1000)}s`;
}
/** Newest first; equal push times ordered by digest so the plan is deterministic. */
function newestFirst(a, b) {
    return b.pushedAt - a.pushedAt || (a.digest < b.digest ? -1 : a.digest > b.digest ? 1 : 0);
}
const keep = (rule, reason) => ({ action: 'keep', rule, reason });
const remove = (rule, reason) => ({ action: 'delete', rule, reason });
/** Decides the images of one repository that are not children of another image in it. */
function decideTopLevel(options) {
    const { rules, now } = options;
    const verdicts = new Map();
    const ordered = [...options.images].sort(newestFirst);
    // Rank of each image among those with a tag matching each keep-newest-matching pattern.
    const matchingKeeps = new Map();
    for (const { pattern, count } of rules.keepNewestMatching) {
        let rank = 0;
        for (const image of ordered) {
            if (!image.tags.some((tag) => pattern.test(tag)))
                continue;
            rank++;
            if (rank > count)
                break;
            if (!matchingKeeps.has(image.digest)) {
                matchingKeeps.set(image.digest, `among the newest ${count} with a tag matching '${pattern.source}' (#${rank})`);
            }
        }
    }
    const untaggedRank = new Map();
    for (const image of ordered)
        if (image.tags.length === 0)
            untaggedRank.set(image.digest, untaggedRank.size + 1);
    ordered.forEach((image, index) => {
        const age = now - image.pushedAt;
        const protection = options.protections.get(image.digest);
        const keptTag = image.tags.find((tag) => rules.keepTags.some((pattern) => pattern.test(tag)));
        const deletePatterns = rules.deleteTags;
        let verdict;
        if (protection)
            verdict = keep(protection.kind, protection.reason);
        else if (keptTag !== undefined) {
            const pattern = rules.keepTags.find((candidate) => candidate.test(keptTag));
            verdict = keep('keep-tags', `tag '${keptTag}' matches keep pattern '${pattern.source}'`);
        }
        else if (index < rules.keepNewest)
            verdict = keep('keep-newest', `among the newest ${rules.keepNewest} (#${index + 1})`);
        else if (matchingKeeps.has(image.digest))
            verdict = keep('keep-newest-matching', matchingKeeps.get(image.digest));
        else if ((untaggedRank.get(image.digest) ?? Infinity) <= (rules.keepNewestUntagged ?? 0)) {
            const rank = untaggedRank.get(image.digest);
            verdict = keep('keep-newest-untagged', `among the newest ${rules.keepNewestUntagged} untagged (#${rank})`);
        }
        else if (rules.keepWithinMs !== undefined && age <= rules.keepWithinMs) {
            verdict = keep('keep-within', `pushed ${formatAge(age)} ago, within ${formatAge(rules.keepWithinMs)}`);
        }
        else if (image.tags.length > 0 &&
            image.tags.every((tag) => deletePatterns.some((pattern) => pattern.test(tag)))) {
            verdict = remove('delete-tags', `every tag matches a delete pattern (${image.tags.join(', ')})`);
        }
        else if (image.tags.length === 0 &&
            rules.deleteUntaggedAfterMs !== undefined &&
            age > rules.deleteUntaggedAfterMs) {
            verdict = remove('delete-untagged', `untagged and pushed ${formatAge(age)} ago, over ${formatAge(rules.deleteUntaggedAfterMs)}`);
        }
        else if (rules.deleteUnkept) {
            verdict = remove('delete-unkept', `not among the newest ${rules.keepNewest} and no keep rule holds it`);
        }
        else
            verdict = keep('no-delete-rule', 'no delete rule selects it');
        verdicts.set(image.digest, verdict);
    });
    return verdicts;
}
/** Decides a child manifest once all the indexes referencing it are decided. */
function decideChild(options) {
    const { image, rules } = options;
    const protection = options.protections.get(image.digest);
    if (protection)
        return keep(protection.kind, protection.reason);
    const keptParent = options.parents.find((parent) => options.verdicts.get(parent)?.action === 'keep');
    if (keptParent)
        return keep('index-child', `platform manifest of kept index ${keptParent}`);
    const keptTag = image.tags.find((tag) => rules.keepTags.some((pattern) => pattern.test(tag)));
    if (keptTag !== undefined)
        return keep('keep-tags', `tag '${keptTag}' matches a keep pattern`);
    const age = options.now - image.pushedAt;
    if (rules.keepWithinMs !== undefined && age <= rules.keepWithinMs) {
        return keep('keep-within', `pushed ${formatAge(age)} ago, within ${formatAge(rules.keepWithinMs)}`);
    }
    return remove('index-child', `platform manifest of deleted index ${options.parents[0]}`);
}
/** Decides one repository's images. */
function planRepository(images, protections, rules, now) {
    const present = new Map(images.map((image) => [image.digest, image]));
    const parents = new Map();
    for (const image of images) {
        for (const child of image.children) {
            if (!present.has(child) || child === image.digest)
                continue;
            const list = parents.get(child);
            if (list)
                list.push(image.digest);
            else
                parents.set(child, [image.digest]);
        }
    }
    const topLevel = images.filter((image) => !parents.has(image.digest));
    const verdicts = decideTopLevel({ images: topLevel, protections, rules, now });
    // Children follow their indexes; nested indexes resolve level by level.
    let pending = images.filter((image) => parents.has(image.digest));
    while (pending.length > 0) {
        const ready = pending.filter((image) => parents.get(image.digest).every((parent) => verdicts.has(parent)));
        if (ready.length === 0)
            break;
        for (const image of ready) {
            verdicts.set(image.digest, decideChild({ image, parents: parents.get(image.digest), verdicts, protections, rules, now }));
        }
        pending = pending.filter((image) => !verdicts.has(image.digest));
    }
    // A reference cycle cannot occur with content digests; if the data has one anyway, keep.
    for (const image of pending)
        verdicts.set(image.digest, keep('index-child', 'referenced by an index in a cycle'));
    return verdicts;
}
/**
 * The retention plan for `images` (any number of repositories) given the protected images, the rules and
 * the current time (epoch ms). Every image gets exactly one decision.
 */
function planRetention(images, inUse, rules, now) {
    const byRepository = new Map();
    for (const image of images) {
        const list = byRepository.get(image.repository);
        if (list)
            list.push(image);
        else
            byRepository.set(image.repository, [image]);
    }
    const decisions = [];
    for (const [repository, repositoryImages] of byRepository) {
        const protections = new Map();
        for (const protection of inUse) {
            // In use wins over rollback when both apply: it is the stronger reason to show.
            if (protection.repository !== repository)
                continue;
            const existing = protections.get(protection.digest);
            if (!existing || (existing.kind === 'rollback' && protection.kind === 'in-use')) {
                protections.set(protection.digest, protection);
            }
        }
        const verdicts = planRepository(repositoryImages, protections, rules, now);
        for (const image of repositoryImages)
            decisions.push({ image, ...verdicts.get(image.digest) });
    }
    return {
        decisions,
        keep: decisions.filter((decision) => decision.action === 'keep').map((decision) => decision.image),
        delete: decisions.filter((decision) => decision.action === 'delete').map((decision) => decision.image),
    };
}

;// CONCATENATED MODULE: ./src/images/cleanup.ts
/**
 * The cleanup-ecr engine: inventory → in-use scan → plan → (dry run stops here) → delete. Reads come first
 * and any failure before the plan aborts the run, so no image is deleted on a partial picture.
 */







/** Runs a cleanup. Throws (before deleting anything) when the inventory or the in-use scan fails. */
async function cleanupEcr(options) {
    const { logger } = options;
    const ecr = await (0,clients/* ecrClient */.GD)({ region: options.region });
    const ecs = await (0,clients/* ecsClient */.br)({ region: options.region });
    try {
        const { repositories, images } = await logger.group('Inventory', async () => {
            const repositories = await resolveRepositories(ecr, options.repositories);
            if (repositories.length === 0)
                logger.warning(`no repository matches ${options.repositories.join(', ')}`);
            const perRepository = await mapWithLimit(repositories, options.concurrency, async (repository) => {
                const repositoryImages = await listRepositoryImages(ecr, repository.name);
                logger.info(`${repository.name}: ${repositoryImages.length} images`);
                return repositoryImages;
            });
            return { repositories, images: perRepository.flat() };
        });
        const scan = await logger.group('In-use scan', async () => {
            const result = await scanImagesInUse({
                ecs,
                clusters: options.clusters,
                rollbackRevisions: options.rollbackRevisions,
                concurrency: options.concurrency,
            });
            logger.info(`${result.clusters.length} clusters, ${result.services} services, ${result.tasks} running tasks, ${result.taskDefinitions} task definitions`);
            for (const use of result.uses)
                logger.debug(`${use.kind}: ${use.image} (${use.reason})`);
            return result;
        });
        const { protections, unresolved } = protectionsFor(scan, repositories, images);
        for (const entry of unresolved)
            logger.warning(`${entry.use.reason} uses ${entry.use.image}, but ${entry.why}`);
        const plan = planRetention(images, protections, options.rules, options.clock.now());
        logger.info(`plan: keep ${plan.keep.length}, delete ${plan.delete.length} of ${images.length} images`);
        for (const decision of plan.decisions) {
            logger.debug(`${decision.action} ${decision.image.repository}@${decision.image.digest}: ${decision.reason}`);
        }
        if (options.dryRun || plan.delete.length === 0) {
            return {
                dryRun: options.dryRun,
                repositories,
                scan,
                unresolved,
                plan,
                outcome: options.dryRun ? undefined : emptyOutcome(),
            };
        }
        const outcome = await logger.group('Delete', () => deleteImages({
            ecr,
            images: plan.delete,
            concurrency: options.concurrency,
            onBatch: (batch) => logger.info(`${batch.repository}: deleted ${batch.deleted}${batch.failed ? `, ${batch.failed} failed` : ''}`),
        }));
        for (const failure of outcome.failures) {
            logger.warning(`could not delete ${failure.repository}@${failure.digest}: ${failure.code} ${failure.reason}`.trim());
        }
        return { dryRun: false, repositories, scan, unresolved, plan, outcome };
    }
    finally {
        ecr.destroy();
        ecs.destroy();
    }
}
function emptyOutcome() {
    return { deleted: [], alreadyGone: [], failures: [], calls: 0 };
}

;// CONCATENATED MODULE: ./src/preview/images.ts
/** Deleting a closed pull request's images with cleanup-ecr's engine: only tags matching the PR's pattern. */


/** `pr-{number}-*` → `pr-12-*`. */
function imageTagPatternFor(template, pullRequest) {
    return template.replace(/\{number\}/g, String(pullRequest));
}
/**
 * Deletes the images whose every tag matches the pattern; cleanup-ecr's in-use scan still protects any
 * image a service or running task uses, whatever the pattern says.
 */
async function deletePreviewImages(options) {
    if (options.repositories.length === 0)
        return [];
    const pattern = imageTagPatternFor(options.imageTagPattern, options.pullRequest);
    const matcher = (0,tag_pattern/* compilePattern */.Eb)(pattern);
    const result = await cleanupEcr({
        region: options.region,
        repositories: options.repositories,
        clusters: [],
        rules: {
            keepNewest: 0,
            keepTags: [],
            keepNewestMatching: [],
            deleteTags: [matcher],
            deleteUnkept: false,
        },
        rollbackRevisions: 3,
        dryRun: false,
        concurrency: 4,
        clock: options.clock,
        logger: options.logger,
    });
    const deleted = [...(result.outcome?.deleted ?? []), ...(result.outcome?.alreadyGone ?? [])];
    const protectedImages = result.plan.decisions.filter((decision) => (decision.rule === 'in-use' || decision.rule === 'rollback') &&
        decision.image.tags.length > 0 &&
        decision.image.tags.every((tag) => matcher.test(tag)));
    const changes = [
        { resource: 'images', name: pattern, action: 'deleted', detail: `${deleted.length} images` },
    ];
    if (protectedImages.length > 0)
        changes.push({
            resource: 'images',
            name: pattern,
            action: 'kept',
            detail: `${protectedImages.length} still in use: ${protectedImages.map((d) => d.reason).join('; ')}`,
        });
    for (const failure of result.outcome?.failures ?? [])
        options.logger.warning(`could not delete ${failure.repository}@${failure.digest}: ${failure.code}`);
    return changes;
}

// EXTERNAL MODULE: ./src/preview/naming.ts
var naming = __webpack_require__(8826);
;// CONCATENATED MODULE: ./src/preview/teardown.ts
/**
 * teardownPreview: rule → service (scale to 0, delete, wait for its tasks to drain) → target group →
 * the preview family's revisions → the PR's images. Each step treats "already gone" as done, so a re-run
 * after a crash (or on an already removed preview) converges. The template service is only read.
 */











async function findPreview(ecs, elb, options) {
    const { templateService: template, pullRequest, cluster } = options;
    const name = (0,naming/* previewServiceName */.j3)(template, pullRequest);
    const service = await (0,ecs_previews/* findService */.Ln)(ecs, cluster, name);
    if (service?.service.status === 'ACTIVE' && (0,naming/* previewNumberOf */.XM)(service.tags, template) !== pullRequest)
        throw new Error(`service ${name} is not tagged as this preview: refusing to delete it`);
    const rule = (0,elb_rules/* previewRules */.oc)(await (0,elb_rules/* listListenerRules */.sL)(elb, options.listenerArn), template).get(pullRequest);
    const groupName = (0,naming/* previewTargetGroupName */.IK)(template, pullRequest);
    const targetGroup = await (0,elb_target_group/* findTargetGroup */.S3)(elb, { name: groupName });
    if (targetGroup?.TargetGroupArn) {
        const tags = (await (0,elb_rules/* describeElbTags */.OE)(elb, [targetGroup.TargetGroupArn])).get(targetGroup.TargetGroupArn);
        if ((0,naming/* previewNumberOf */.XM)(tags ?? [], template) !== pullRequest)
            throw new Error(`target group ${groupName} is not tagged as this preview: refusing to delete it`);
    }
    const templateService = await (0,ecs_previews/* findService */.Ln)(ecs, cluster, template);
    const templateFamily = templateService?.service.taskDefinition
        ? familyOf(templateService.service.taskDefinition)
        : undefined;
    return {
        service,
        rule,
        targetGroup,
        family: templateFamily ? (0,naming/* previewFamily */.bc)(templateFamily, pullRequest) : undefined,
    };
}
async function deregisterFamily(ecs, family) {
    const arns = await (0,revisions/* listRevisions */.VW)(ecs, family);
    for (const taskDefinition of arns) {
        try {
            await ecs.send(new dist_cjs/* DeregisterTaskDefinitionCommand */.sjB({ taskDefinition }));
        }
        catch (error) {
            throw (0,errors/* wrapError */.J4)(`deregistering ${taskDefinition}`, error);
        }
    }
    return arns.length;
}
async function removeService(ecs, options, service) {
    const name = (0,naming/* previewServiceName */.j3)(options.templateService, options.pullRequest);
    const active = service?.service.status === 'ACTIVE';
    if (active)
        await (0,ecs_service/* scaleDownAndDelete */.HT)(ecs, { cluster: options.cluster, service: name });
    if (service && service.service.status !== 'INACTIVE') {
        const drained = await (0,ecs_service/* waitInactive */.Dz)({
            ecs,
            cluster: options.cluster,
            service: name,
            clock: options.clock,
            timeoutMs: options.drainTimeoutMs,
            signal: options.signal,
        });
        if (!drained)
            options.logger.warning(`service ${name} is still draining; images its tasks run stay until they stop`);
    }
    return { resource: 'service', name, action: active ? 'deleted' : 'already gone' };
}
/** Removes the pull request's preview; what was already gone is reported as such. */
async function teardownPreview(options) {
    const { logger } = options;
    const ecs = await (0,clients/* ecsClient */.br)(options);
    const elb = await (0,clients/* elbClient */.HJ)(options);
    const changes = [];
    const record = (change) => {
        changes.push(change);
        logger.info(`${change.resource} ${change.name}: ${change.action}${change.detail ? ` (${change.detail})` : ''}`);
    };
    try {
        const found = await findPreview(ecs, elb, options);
        await logger.group('Remove preview', async () => {
            const ruleDeleted = found.rule ? await (0,elb_rules/* deleteRule */.k3)(elb, found.rule.ruleArn) : false;
            const ruleName = found.rule ? `priority ${found.rule.priority}` : 'none';
            record({ resource: 'listener rule', name: ruleName, action: ruleDeleted ? 'deleted' : 'already gone' });
            record(await removeService(ecs, options, found.service));
            const groupArn = found.targetGroup?.TargetGroupArn;
            const groupDeleted = groupArn ? await (0,elb_target_group/* deleteTargetGroup */.Gb)(elb, groupArn) : false;
            const groupName = (0,naming/* previewTargetGroupName */.IK)(options.templateService, options.pullRequest);
            record({
                resource: 'target group',
                name: groupName,
                action: groupDeleted ? 'deleted' : 'already gone',
            });
            if (!found.family)
                return logger.warning('template service not found: preview revisions left registered');
            const revisions = await deregisterFamily(ecs, found.family);
            const detail = revisions > 0 ? `${revisions} revisions deregistered` : undefined;
            record({
                resource: 'task definition',
                name: found.family,
                action: detail ? 'deleted' : 'already gone',
                detail,
            });
        });
        for (const change of await deletePreviewImages(options))
            record(change);
        const service = (0,naming/* previewServiceName */.j3)(options.templateService, options.pullRequest);
        return { pullRequest: options.pullRequest, service, changes };
    }
    finally {
        ecs.destroy();
        elb.destroy();
    }
}


/***/ })

};
