export const id = 398;
export const ids = [398,558];
export const modules = {

/***/ 201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GD: () => (/* binding */ ecrClient)
/* harmony export */ });
/* unused harmony exports ecsClient, elbClient */
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
    const { ECSClient } = await __webpack_require__.e(/* import() */ 212).then(__webpack_require__.t.bind(__webpack_require__, 212, 19));
    return new ECSClient(common(options));
}
/** An ECR client. */
async function ecrClient(options) {
    const { ECRClient } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 8249, 19));
    return new ECRClient(common(options));
}
/** An ELBv2 client. */
async function elbClient(options) {
    const { ElasticLoadBalancingV2Client } = await __webpack_require__.e(/* import() */ 586).then(__webpack_require__.t.bind(__webpack_require__, 586, 19));
    return new ElasticLoadBalancingV2Client(common(options));
}


/***/ }),

/***/ 4558:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ runChecked),
/* harmony export */   a: () => (/* binding */ dockerLogin),
/* harmony export */   dockerCli: () => (/* binding */ dockerCli),
/* harmony export */   dockerLogout: () => (/* binding */ dockerLogout)
/* harmony export */ });
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/**
 * Running the docker CLI. Output streams to the step log as it comes (builds are long); secrets reach
 * docker through stdin or the environment, never the argv.
 */

/** A runner for the `docker` executable found on PATH (or another one). */
function dockerCli(executable = 'docker') {
    return {
        run: (args, options = {}) => new Promise((resolve, reject) => {
            const child = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.spawn)(executable, [...args], {
                cwd: options.cwd,
                env: { ...process.env, ...options.env },
                stdio: ['pipe', 'pipe', 'pipe'],
                signal: options.signal,
            });
            let stdout = '';
            let stderr = '';
            child.stdout.on('data', (chunk) => {
                stdout += chunk.toString();
                if (!options.quiet)
                    process.stdout.write(chunk);
            });
            child.stderr.on('data', (chunk) => {
                stderr += chunk.toString();
                if (!options.quiet)
                    process.stderr.write(chunk);
            });
            child.on('error', (error) => {
                // A cancelled run kills docker through the signal: report the cancellation, not a spawn failure.
                if (options.signal?.aborted)
                    reject(options.signal.reason);
                else
                    reject(new Error(`cannot run ${executable}: ${error.message}`, { cause: error }));
            });
            child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
            child.stdin.end(options.stdin ?? '');
        }),
    };
}
/** Runs a command and throws `<what> failed (exit N): <last stderr lines>` when it fails. */
async function runChecked(docker, args, options) {
    const { what, ...runOptions } = options;
    const result = await docker.run(args, runOptions);
    if (result.code !== 0) {
        const reason = result.stderr.trim().split('\n').slice(-3).join(' ').trim() || 'no error output';
        throw new Error(`${what} failed (exit ${result.code}): ${reason}`);
    }
    return result;
}
/** `docker login` to a registry with the password on stdin. */
async function dockerLogin(docker, credentials) {
    await runChecked(docker, ['login', '--username', credentials.username, '--password-stdin', credentials.registry], {
        what: `docker login ${credentials.registry}`,
        stdin: credentials.password,
        quiet: true,
    });
}
/** `docker logout` from a registry. */
async function dockerLogout(docker, registry) {
    await runChecked(docker, ['logout', registry], { what: `docker logout ${registry}`, quiet: true });
}


/***/ }),

/***/ 1398:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runPromotion: () => (/* binding */ runPromotion)
/* harmony export */ });
/* harmony import */ var _aws_clients_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(201);
/* harmony import */ var _build_docker_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4558);
/* harmony import */ var _promote_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3524);
/* harmony import */ var _registry_images_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4290);
/* harmony import */ var _registry_login_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4459);
/* harmony import */ var _registry_repository_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(5132);






async function copier(ecr, options, target) {
    let loggedIn = false;
    return async (digest, tag) => {
        const source = await (0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_4__/* .describeRepository */ .M)(ecr, options.source.repository, options.source.registryId);
        if (!source?.repositoryUri)
            throw new Error(`source repository ${options.source.repository} not found`);
        if (!loggedIn) {
            const credentials = await (0,_registry_login_js__WEBPACK_IMPORTED_MODULE_3__/* .registryCredentials */ .Q)(ecr);
            options.logger.secret(credentials.password);
            options.logger.secret(credentials.token);
            await (0,_build_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .dockerLogin */ .a)(options.docker, credentials);
            options.onLogin?.(credentials.registry);
            loggedIn = true;
        }
        options.logger.info(`ECR lacks the layers in ${target.repositoryName}: copying ${digest} through the registry`);
        await (0,_build_docker_js__WEBPACK_IMPORTED_MODULE_0__/* .runChecked */ .X)(options.docker, [
            'buildx',
            'imagetools',
            'create',
            '--tag',
            `${target.repositoryUri}:${tag}`,
            `${source.repositoryUri}@${digest}`,
        ], { what: 'docker buildx imagetools create' });
    };
}
/** Adds tags to an existing image, in its own or another repository. */
async function runPromotion(options) {
    const ecr = options.ecr ?? (await (0,_aws_clients_js__WEBPACK_IMPORTED_MODULE_5__/* .ecrClient */ .GD)({ region: options.region }));
    const target = await options.logger.group('Repository', () => (0,_registry_repository_js__WEBPACK_IMPORTED_MODULE_4__/* .ensureRepository */ .z)(ecr, options.repository));
    const promotion = await options.logger.group('Promote', async () => {
        const result = await (0,_promote_js__WEBPACK_IMPORTED_MODULE_1__/* .promoteImage */ .k)(ecr, {
            source: {
                repositoryName: options.source.repository,
                registryId: options.source.registryId,
                imageId: options.source.digest
                    ? { imageDigest: options.source.digest }
                    : { imageTag: options.source.tag },
            },
            target: { repositoryName: target.repositoryName, immutable: target.imageTagMutability === 'IMMUTABLE' },
            tags: options.tags,
            copyThroughRegistry: await copier(ecr, options, target),
        });
        for (const tag of result.put)
            options.logger.info(`tagged ${result.digest} as ${target.repositoryName}:${tag}`);
        for (const tag of result.unchanged)
            options.logger.info(`${target.repositoryName}:${tag} already is ${result.digest}`);
        return result;
    });
    const detail = await (0,_registry_images_js__WEBPACK_IMPORTED_MODULE_2__/* .describeImage */ .hu)(ecr, { repositoryName: target.repositoryName }, { imageDigest: promotion.digest });
    return {
        repository: target,
        image: `${target.repositoryUri}@${promotion.digest}`,
        digest: promotion.digest,
        tags: [...new Set(options.tags)],
        sizeBytes: detail?.imageSizeInBytes,
        promotion,
        source: `${options.source.repository}@${promotion.digest}`,
    };
}


/***/ }),

/***/ 3524:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  k: () => (/* binding */ promoteImage)
});

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ecr/dist-cjs/index.js
var dist_cjs = __webpack_require__(8249);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/images/promote-plan.ts
/** The pure decision of a promotion: which tags to write, which are already right, which conflict. */
/** Plans adding `tags` to `digest`, given where the target repository's tags point now. */
function planPromotion(options) {
    const plan = { put: [], unchanged: [], conflicts: [], moved: [] };
    for (const tag of new Set(options.tags)) {
        const existingDigest = options.existing.get(tag);
        if (existingDigest === options.digest)
            plan.unchanged.push(tag);
        else if (existingDigest && options.immutable)
            plan.conflicts.push({ tag, existingDigest });
        else {
            if (existingDigest)
                plan.moved.push({ tag, existingDigest });
            plan.put.push(tag);
        }
    }
    return plan;
}
/** The error message for conflicts, naming both digests of each tag. */
function conflictMessage(digest, conflicts) {
    const details = conflicts
        .map((conflict) => `tag ${conflict.tag} is immutable and points at ${conflict.existingDigest}, not ${digest}`)
        .join('; ');
    return `cannot tag ${digest}: ${details}`;
}

// EXTERNAL MODULE: ./src/images/registry-images.ts
var registry_images = __webpack_require__(4290);
;// CONCATENATED MODULE: ./src/images/promote.ts
/**
 * Promotion without rebuilding: the source image's manifest is read with BatchGetImage and written under
 * new tags with PutImage, byte for byte with the same media type, so the digest cannot change.
 */




function describeSource(options) {
    const { imageId, repositoryName } = options.source;
    return imageId.imageDigest
        ? `${repositoryName}@${imageId.imageDigest}`
        : `${repositoryName}:${imageId.imageTag}`;
}
/** Adds `tags` to the source image in the target repository. Checks every tag before writing any. */
async function promoteImage(ecr, options) {
    const { imageId, ...sourceLocation } = options.source;
    const manifest = await (0,registry_images/* getManifest */.c2)(ecr, sourceLocation, imageId);
    if (!manifest)
        throw new Error(`source image ${describeSource(options)} does not exist`);
    if (imageId.imageDigest && manifest.digest !== imageId.imageDigest) {
        throw new Error(`source image ${describeSource(options)} resolved to ${manifest.digest}`);
    }
    const { immutable, ...targetLocation } = options.target;
    const existing = await (0,registry_images/* digestsOfTags */.Q4)(ecr, targetLocation, options.tags);
    const plan = planPromotion({ digest: manifest.digest, tags: options.tags, existing, immutable });
    if (plan.conflicts.length > 0)
        throw new Error(conflictMessage(manifest.digest, plan.conflicts));
    const copied = [];
    for (const tag of plan.put) {
        try {
            await ecr.send(new dist_cjs/* PutImageCommand */.SUU({
                ...targetLocation,
                imageManifest: manifest.manifest,
                imageManifestMediaType: manifest.mediaType,
                imageDigest: manifest.digest,
                imageTag: tag,
            }));
        }
        catch (error) {
            const name = (0,errors/* awsErrorName */.ZH)(error);
            // Already there with this exact manifest and tag: a re-run, nothing to do.
            if (name === 'ImageAlreadyExistsException')
                continue;
            if (name === 'ImageTagAlreadyExistsException') {
                // Someone took the tag between our check and our write.
                const now = (await (0,registry_images/* digestsOfTags */.Q4)(ecr, targetLocation, [tag])).get(tag) ?? 'another image';
                throw new Error(conflictMessage(manifest.digest, [{ tag, existingDigest: now }]), { cause: error });
            }
            // The target repository lacks the layers (or an index's child manifests): copy through the registry.
            const missingContent = name === 'LayersNotFoundException' || name === 'ReferencedImagesNotFoundException';
            if (missingContent && options.copyThroughRegistry) {
                await options.copyThroughRegistry(manifest.digest, tag);
                copied.push(tag);
                continue;
            }
            throw (0,errors/* wrapError */.J4)(`tagging ${manifest.digest} as ${targetLocation.repositoryName}:${tag}`, error);
        }
    }
    return { ...plan, digest: manifest.digest, mediaType: manifest.mediaType, copied };
}


/***/ }),

/***/ 4290:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q4: () => (/* binding */ digestsOfTags),
/* harmony export */   c2: () => (/* binding */ getManifest),
/* harmony export */   hu: () => (/* binding */ describeImage)
/* harmony export */ });
/* unused harmony export MANIFEST_MEDIA_TYPES */
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** Reads of single images in an ECR repository: details by tag or digest, manifests, tag → digest. */


/** Media types we accept from BatchGetImage: whatever was pushed comes back unchanged. */
const MANIFEST_MEDIA_TYPES = [
    'application/vnd.oci.image.index.v1+json',
    'application/vnd.oci.image.manifest.v1+json',
    'application/vnd.docker.distribution.manifest.list.v2+json',
    'application/vnd.docker.distribution.manifest.v2+json',
    'application/vnd.docker.distribution.manifest.v1+prettyjws',
];
/** One image's details, or undefined when the repository holds no such tag or digest. */
async function describeImage(ecr, location, imageId) {
    try {
        const response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeImagesCommand */ .ji5({ ...location, imageIds: [imageId] }));
        return response.imageDetails?.[0];
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) === 'ImageNotFoundException')
            return undefined;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing image ${imageId.imageTag ?? imageId.imageDigest} in ${location.repositoryName}`, error);
    }
}
/** The manifest of one image, or undefined when it is not there. */
async function getManifest(ecr, location, imageId) {
    let response;
    try {
        response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .BatchGetImageCommand */ .P8n({
            ...location,
            imageIds: [imageId],
            acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
        }));
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`reading the manifest of ${imageId.imageTag ?? imageId.imageDigest} in ${location.repositoryName}`, error);
    }
    const image = response.images?.[0];
    if (!image?.imageManifest || !image.imageId?.imageDigest)
        return undefined;
    return {
        digest: image.imageId.imageDigest,
        manifest: image.imageManifest,
        mediaType: image.imageManifestMediaType,
    };
}
/** Which digest each tag points at now (tags the repository does not hold are absent). */
async function digestsOfTags(ecr, location, tags) {
    const digests = new Map();
    // BatchGetImage takes at most 100 image ids and reports missing ones as failures instead of throwing.
    for (let start = 0; start < tags.length; start += 100) {
        const batch = tags.slice(start, start + 100);
        let response;
        try {
            response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .BatchGetImageCommand */ .P8n({
                ...location,
                imageIds: batch.map((imageTag) => ({ imageTag })),
                acceptedMediaTypes: MANIFEST_MEDIA_TYPES,
            }));
        }
        catch (error) {
            throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`looking up tags in ${location.repositoryName}`, error);
        }
        for (const image of response.images ?? []) {
            if (image.imageId?.imageTag && image.imageId.imageDigest)
                digests.set(image.imageId.imageTag, image.imageId.imageDigest);
        }
    }
    return digests;
}


/***/ }),

/***/ 4459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Q: () => (/* binding */ registryCredentials)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** ECR registry credentials: GetAuthorizationToken decoded into what `docker login` needs. */


/** Asks ECR for a registry token and decodes it (`base64(user:password)`). */
async function registryCredentials(ecr) {
    let data;
    try {
        const response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .GetAuthorizationTokenCommand */ .Eu6({}));
        data = response.authorizationData?.[0];
    }
    catch (error) {
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)('getting an ECR authorization token', error);
    }
    if (!data?.authorizationToken || !data.proxyEndpoint) {
        throw new Error('getting an ECR authorization token: the response holds no token');
    }
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0)
        throw new Error('getting an ECR authorization token: the token is not user:password');
    return {
        registry: data.proxyEndpoint.replace(/^[a-z]+:\/\//, '').replace(/\/+$/, ''),
        proxyEndpoint: data.proxyEndpoint,
        username: decoded.slice(0, colon),
        password: decoded.slice(colon + 1),
        token: data.authorizationToken,
        expiresAt: data.expiresAt,
    };
}


/***/ }),

/***/ 5132:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ describeRepository),
/* harmony export */   z: () => (/* binding */ ensureRepository)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8249);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(3916);
/** The target ECR repository: found, or created with the requested settings when allowed. */


function target(repository, created) {
    if (!repository.repositoryName || !repository.repositoryUri || !repository.registryId) {
        throw new Error('ECR returned a repository without name, URI or registry id');
    }
    return {
        repositoryName: repository.repositoryName,
        repositoryUri: repository.repositoryUri,
        registryId: repository.registryId,
        imageTagMutability: repository.imageTagMutability ?? 'MUTABLE',
        created,
    };
}
/** Finds a repository, or undefined when ECR says it does not exist. */
async function describeRepository(ecr, repositoryName, registryId) {
    try {
        const response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .DescribeRepositoriesCommand */ .pE_({ repositoryNames: [repositoryName], registryId }));
        return response.repositories?.[0];
    }
    catch (error) {
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) === 'RepositoryNotFoundException')
            return undefined;
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`describing repository ${repositoryName}`, error);
    }
}
/** The repository, created first when it is missing and `create` is set. */
async function ensureRepository(ecr, settings) {
    const existing = await describeRepository(ecr, settings.repositoryName);
    if (existing)
        return target(existing, false);
    if (!settings.create) {
        throw new Error(`repository ${settings.repositoryName} does not exist: create it or set create-repository: true`);
    }
    try {
        const response = await ecr.send(new _aws_sdk_client_ecr__WEBPACK_IMPORTED_MODULE_1__/* .CreateRepositoryCommand */ .WTe({
            repositoryName: settings.repositoryName,
            imageScanningConfiguration: { scanOnPush: settings.scanOnPush },
            imageTagMutability: settings.imageTagMutability,
            encryptionConfiguration: { encryptionType: settings.encryptionType, kmsKey: settings.kmsKey },
            tags: Object.entries(settings.tags ?? {}).map(([Key, Value]) => ({ Key, Value })),
        }));
        if (!response.repository)
            throw new Error('the response holds no repository');
        return target(response.repository, true);
    }
    catch (error) {
        // Another job created it between our describe and create: use theirs.
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .awsErrorName */ .ZH)(error) === 'RepositoryAlreadyExistsException') {
            const raced = await describeRepository(ecr, settings.repositoryName);
            if (raced)
                return target(raced, false);
        }
        throw (0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .wrapError */ .J4)(`creating repository ${settings.repositoryName}`, error);
    }
}


/***/ })

};
