export const id = 385;
export const ids = [385,558];
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

/***/ 6385:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  buildAndPush: () => (/* binding */ buildAndPush)
});

// UNUSED EXPORTS: buildFingerprint

// EXTERNAL MODULE: external "node:fs/promises"
var promises_ = __webpack_require__(1455);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/aws/clients.ts
var clients = __webpack_require__(201);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/images/promote.ts + 1 modules
var promote = __webpack_require__(3524);
// EXTERNAL MODULE: ./src/images/registry-images.ts
var registry_images = __webpack_require__(4290);
// EXTERNAL MODULE: ./src/images/registry-login.ts
var registry_login = __webpack_require__(4459);
// EXTERNAL MODULE: ./src/images/registry-repository.ts
var registry_repository = __webpack_require__(5132);
;// CONCATENATED MODULE: ./src/build/argv.ts
/**
 * The pure assembly of the `docker buildx build` command line. Nothing here runs a process: the build
 * step passes the result to docker, and unit tests assert on it exactly.
 */
function cacheArgs(cache) {
    switch (cache.type) {
        case 'none':
            return [];
        case 'gha':
            // ignore-error: a cache service hiccup must not fail a deployment's build.
            return [
                '--cache-from',
                `type=gha,scope=${cache.scope}`,
                '--cache-to',
                `type=gha,mode=max,scope=${cache.scope},ignore-error=true`,
            ];
        case 'registry':
            return [
                '--cache-from',
                `type=registry,ref=${cache.ref}`,
                '--cache-to',
                `type=registry,ref=${cache.ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
            ];
    }
}
function secretArg(secret) {
    return 'env' in secret ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},src=${secret.src}`;
}
/** The argv (without the `docker` executable) of the build, in a fixed order. */
function buildxArgs(spec) {
    const args = ['buildx', 'build', '--file', spec.file];
    if (spec.target)
        args.push('--target', spec.target);
    if (spec.platforms.length > 0)
        args.push('--platform', spec.platforms.join(','));
    for (const [name, value] of spec.buildArgs)
        args.push('--build-arg', `${name}=${value}`);
    for (const secret of spec.secrets)
        args.push('--secret', secretArg(secret));
    for (const [name, value] of spec.labels)
        args.push('--label', `${name}=${value}`);
    for (const tag of spec.tags)
        args.push('--tag', tag);
    if (spec.noCache)
        args.push('--no-cache');
    else
        args.push(...cacheArgs(spec.cache));
    args.push('--metadata-file', spec.metadataFile);
    if (spec.push)
        args.push('--push');
    args.push(spec.context);
    return args;
}

;// CONCATENATED MODULE: ./src/build/cache.ts
/** The cache to use and, when `auto` fell back to none, why. */
function chooseCache(choice) {
    let mode = choice.mode;
    let note;
    if (mode === 'auto') {
        if (!choice.onGitHubActions)
            mode = 'none';
        else if (choice.driver === undefined || choice.driver === 'docker') {
            mode = 'none';
            note = `builder driver ${choice.driver ?? 'unknown'} cannot export the GitHub Actions cache: building without one (add docker/setup-buildx-action for a cache)`;
        }
        else
            mode = 'gha';
    }
    if (mode === 'gha')
        return { cache: { type: 'gha', scope: choice.repositoryName }, note };
    if (mode === 'registry') {
        return {
            cache: { type: 'registry', ref: choice.cacheRef ?? `${choice.repositoryUri}:buildcache` },
            note,
        };
    }
    return { cache: { type: 'none' }, note };
}
/** The driver of the current buildx builder (`docker buildx inspect`), or undefined when it cannot be read. */
async function builderDriver(docker) {
    try {
        const result = await docker.run(['buildx', 'inspect'], { quiet: true });
        if (result.code !== 0)
            return undefined;
        return /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1];
    }
    catch {
        return undefined;
    }
}

// EXTERNAL MODULE: ./src/build/docker.ts
var docker = __webpack_require__(4558);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./src/build/fingerprint.ts
/**
 * The source fingerprint: one hash over everything that decides what an image contains (the context's
 * files, the Dockerfile, build args, platforms, target). Same inputs, same fingerprint; the repository
 * remembers it as a tag, so a second build of the same source is skipped.
 */

/** Bumped when the recipe changes, so old fingerprint tags are never mistaken for new ones. */
const RECIPE = 'ecs-kit-fingerprint/1';
/** The fingerprint: 64 hex digits, independent of the order build args and platforms were given in. */
function fingerprint(parts) {
    const canonical = JSON.stringify({
        recipe: RECIPE,
        context: parts.contextHash,
        dockerfile: (0,external_node_crypto_.createHash)('sha256').update(parts.dockerfile).digest('hex'),
        buildArgs: [...parts.buildArgs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        platforms: [...new Set(parts.platforms)].sort(),
        target: parts.target ?? '',
    });
    return (0,external_node_crypto_.createHash)('sha256').update(canonical).digest('hex');
}
/** The tag under which an image's fingerprint is stored in its repository. */
function fingerprintTag(hash) {
    return `fp-${hash}`;
}

// EXTERNAL MODULE: ./src/build/image-names.ts
var image_names = __webpack_require__(7840);
;// CONCATENATED MODULE: ./src/build/labels.ts
/** OCI standard image labels (org.opencontainers.image.*) derived from the git metadata of the run. */
/**
 * The OCI labels `source`, `revision` and `created`, followed by the user's own labels (which win
 * on a clash, so a caller can override any of them).
 */
function imageLabels(source, extra = new Map()) {
    const labels = new Map();
    if (source.sourceUrl)
        labels.set('org.opencontainers.image.source', source.sourceUrl);
    if (source.revision)
        labels.set('org.opencontainers.image.revision', source.revision);
    labels.set('org.opencontainers.image.created', source.created.toISOString());
    for (const [key, value] of extra)
        labels.set(key, value);
    return labels;
}

;// CONCATENATED MODULE: ./src/build/metadata.ts
/** Reading the build result buildx writes with `--metadata-file`. */

const DIGEST = /^sha256:[0-9a-f]{64}$/;
/** The image digest (`containerimage.digest`) from the metadata file's JSON text. */
function digestFromMetadata(text) {
    let metadata;
    try {
        metadata = JSON.parse(text);
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)('build metadata is not JSON', error);
    }
    const digest = metadata !== null && typeof metadata === 'object'
        ? metadata['containerimage.digest']
        : undefined;
    if (typeof digest !== 'string' || !DIGEST.test(digest)) {
        throw new Error(`build metadata has no containerimage.digest (got ${JSON.stringify(digest)})`);
    }
    return digest;
}

// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/build/source-tree.ts
/**
 * Hashes a build context's files the way git sees them: every tracked and untracked-but-not-ignored file
 * with its mode and blob id, taking uncommitted changes into account (a dirty tree must not reuse the
 * fingerprint of the clean commit). Outside a git checkout, every file under the context is hashed.
 */





const run = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function git(cwd, args, input) {
    const child = run('git', args, {
        cwd,
        maxBuffer: 256 * 1024 * 1024,
        // Read-only: never take index.lock (another git process may be running in the same checkout).
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    });
    if (input !== undefined) {
        child.child.stdin?.end(input);
    }
    const { stdout } = await child;
    return stdout;
}
function digestEntries(entries) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for (const path of [...entries.keys()].sort()) {
        const entry = entries.get(path);
        hash.update(`${entry.mode} ${entry.object} ${path}\n`);
    }
    return hash.digest('hex');
}
/** The working tree's version of a path: an entry, 'deleted', or 'unchanged' (a submodule directory). */
async function worktreeEntry(root, path) {
    const absolute = (0,external_node_path_.join)(root, ...path.split('/'));
    const stats = await (0,promises_.lstat)(absolute).catch(() => undefined);
    if (!stats)
        return 'deleted';
    if (stats.isDirectory())
        return 'unchanged';
    if (stats.isSymbolicLink()) {
        const target = await (0,promises_.readlink)(absolute);
        return { mode: '120000', object: (0,external_node_crypto_.createHash)('sha256').update(target).digest('hex') };
    }
    if (!stats.isFile())
        return 'deleted';
    const object = (await git(root, ['hash-object', '--', path])).trim();
    return { mode: stats.mode & 0o111 ? '100755' : '100644', object };
}
async function hashWithGit(context) {
    const root = (await git(context, ['rev-parse', '--show-toplevel'])).trim();
    const prefix = (await git(context, ['rev-parse', '--show-prefix'])).trim();
    const entries = new Map();
    // `<mode> <object> <stage>\t<path>`, paths relative to the repository root.
    for (const record of (await git(root, ['ls-files', '-s', '-z', '--', prefix || '.'])).split('\0')) {
        const match = /^(\d+) ([0-9a-f]+) \d\t(.*)$/s.exec(record);
        if (match)
            entries.set(match[3], { mode: match[1], object: match[2] });
    }
    // Porcelain v1: `XY <path>`, root-relative; Y is the working tree's change against the index.
    const status = await git(root, [
        'status',
        '--porcelain=v1',
        '-z',
        '--untracked-files=all',
        '--no-renames',
        '--',
        prefix || '.',
    ]);
    for (const record of status.split('\0')) {
        if (record.length < 4)
            continue;
        const worktree = record[1];
        const path = record.slice(3);
        if (worktree === ' ' && record[0] !== '?')
            continue;
        const entry = await worktreeEntry(root, path);
        if (entry === 'deleted')
            entries.delete(path);
        else if (entry !== 'unchanged')
            entries.set(path, entry);
    }
    const relativeEntries = new Map();
    for (const [path, entry] of entries)
        relativeEntries.set(external_node_path_.posix.relative(prefix || '.', path) || path, entry);
    return { hash: digestEntries(relativeEntries), method: 'git', files: relativeEntries.size };
}
async function hashFiles(context) {
    const entries = new Map();
    const walk = async (directory) => {
        for (const item of await (0,promises_.readdir)(directory, { withFileTypes: true })) {
            if (item.name === '.git')
                continue;
            const absolute = (0,external_node_path_.join)(directory, item.name);
            const path = (0,external_node_path_.relative)(context, absolute).split(external_node_path_.sep).join('/');
            if (item.isDirectory())
                await walk(absolute);
            else if (item.isSymbolicLink()) {
                const target = await (0,promises_.readlink)(absolute);
                entries.set(path, { mode: '120000', object: (0,external_node_crypto_.createHash)('sha256').update(target).digest('hex') });
            }
            else if (item.isFile()) {
                const stats = await (0,promises_.lstat)(absolute);
                const object = (0,external_node_crypto_.createHash)('sha256')
                    .update(await (0,promises_.readFile)(absolute))
                    .digest('hex');
                entries.set(path, { mode: stats.mode & 0o111 ? '100755' : '100644', object });
            }
        }
    };
    await walk(context);
    return { hash: digestEntries(entries), method: 'files', files: entries.size };
}
/**
 * The hash of the build context directory (absolute path). Uses git when the context is inside a
 * work tree git can read; otherwise reads every file.
 */
async function sourceTreeHash(context) {
    let insideWorkTree = false;
    try {
        insideWorkTree = (await git(context, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
    }
    catch {
        insideWorkTree = false;
    }
    return insideWorkTree ? hashWithGit(context) : hashFiles(context);
}

;// CONCATENATED MODULE: ./src/build/build-push.ts
















/** Fingerprint of the build request: context files, Dockerfile, build args, platforms, target. */
async function buildFingerprint(workspace, build) {
    const context = await sourceTreeHash((0,external_node_path_.resolve)(workspace, build.context));
    const dockerfile = await (0,promises_.readFile)((0,external_node_path_.resolve)(workspace, build.file), 'utf8');
    return fingerprint({
        contextHash: context.hash,
        dockerfile,
        buildArgs: build.buildArgs,
        platforms: build.platforms,
        target: build.target,
    });
}
function chooseTags(options, repository) {
    if (options.build.tags.length > 0)
        return [...new Set(options.build.tags)];
    // A branch tag moves with every build; an immutable repository would refuse the second push.
    const immutable = repository.imageTagMutability === 'IMMUTABLE';
    const tags = (0,image_names/* defaultTags */.nK)(immutable ? { sha: options.git.sha } : options.git);
    if (tags.length === 0)
        throw new Error('no tags given and no commit SHA to derive them from');
    return tags;
}
async function skipBuild(ecr, options, context) {
    const { repository, tags, hash, digest } = context;
    options.logger.info(`${repository.repositoryName} already holds fingerprint ${hash} as ${digest}: skipping the build`);
    const promotion = await (0,promote/* promoteImage */.k)(ecr, {
        source: { repositoryName: repository.repositoryName, imageId: { imageDigest: digest } },
        target: {
            repositoryName: repository.repositoryName,
            immutable: repository.imageTagMutability === 'IMMUTABLE',
        },
        tags,
    });
    for (const moved of promotion.moved)
        options.logger.info(`moved tag ${moved.tag} from ${moved.existingDigest}`);
    const detail = await (0,registry_images/* describeImage */.hu)(ecr, { repositoryName: repository.repositoryName }, { imageDigest: digest });
    return {
        repository,
        image: `${repository.repositoryUri}@${digest}`,
        digest,
        tags,
        fingerprint: hash,
        fingerprintTag: fingerprintTag(hash),
        skipped: true,
        sizeBytes: detail?.imageSizeInBytes,
    };
}
async function cacheFor(options, repository) {
    const mode = options.build.cache;
    const driver = mode === 'auto' && options.onGitHubActions ? await builderDriver(options.docker) : undefined;
    const { cache, note } = chooseCache({
        mode,
        onGitHubActions: options.onGitHubActions,
        driver,
        repositoryName: repository.repositoryName,
        repositoryUri: repository.repositoryUri,
        cacheRef: options.build.cacheRef,
    });
    if (note)
        options.logger.info(note);
    return cache;
}
function secretsFor(build) {
    const secrets = [];
    const env = {};
    let index = 0;
    for (const [id, value] of build.secrets) {
        const name = `ECS_KIT_BUILD_SECRET_${++index}`;
        env[name] = value;
        secrets.push({ id, env: name });
    }
    for (const [id, src] of build.secretFiles)
        secrets.push({ id, src });
    return { secrets, env };
}
async function login(ecr, options) {
    const credentials = await (0,registry_login/* registryCredentials */.Q)(ecr);
    options.logger.secret(credentials.password);
    options.logger.secret(credentials.token);
    await (0,docker/* dockerLogin */.a)(options.docker, credentials);
    options.onLogin?.(credentials.registry);
    options.logger.info(`logged in to ${credentials.registry}`);
    return credentials.registry;
}
/** Runs `docker buildx build --push` and returns the digest from its metadata file. */
async function buildImage(options, context) {
    const { build, logger } = options;
    const { repository, tags, fpTag } = context;
    const started = Date.now();
    const metadataFile = (0,external_node_path_.join)(options.tempDir, `build-push-metadata-${process.pid}-${started}.json`);
    const { secrets, env } = secretsFor(build);
    // On an immutable repository a rebuild of the same source (skip-if-built off) could not re-point the tag.
    const withFingerprint = build.skipIfBuilt || repository.imageTagMutability !== 'IMMUTABLE';
    const args = buildxArgs({
        context: build.context,
        file: build.file,
        target: build.target,
        platforms: build.platforms,
        buildArgs: build.buildArgs,
        secrets,
        labels: imageLabels({ sourceUrl: options.git.sourceUrl, revision: options.git.sha, created: new Date(started) }, build.labels),
        tags: [...tags, ...(withFingerprint ? [fpTag] : [])].map((tag) => `${repository.repositoryUri}:${tag}`),
        cache: await cacheFor(options, repository),
        metadataFile,
        push: true,
        noCache: build.noCache,
    });
    await logger.group('Build and push', async () => {
        logger.info(`docker ${args.join(' ')}`);
        await (0,docker/* runChecked */.X)(options.docker, args, {
            what: 'docker buildx build',
            env,
            cwd: options.workspace,
            signal: options.signal,
        });
    });
    const buildSeconds = (Date.now() - started) / 1000;
    try {
        return { digest: digestFromMetadata(await (0,promises_.readFile)(metadataFile, 'utf8')), buildSeconds };
    }
    catch (error) {
        throw (0,errors/* wrapError */.J4)('reading the digest buildx pushed', error);
    }
    finally {
        await (0,promises_.rm)(metadataFile, { force: true });
    }
}
/** Builds and pushes the image, unless the repository already holds its fingerprint. */
async function buildAndPush(options) {
    const { logger, build } = options;
    const hash = await logger.group('Fingerprint', async () => {
        const value = await buildFingerprint(options.workspace, build);
        logger.info(`fingerprint ${value}`);
        return value;
    });
    const ecr = options.ecr ?? (await (0,clients/* ecrClient */.GD)({ region: options.region }));
    const repository = await logger.group('Repository', async () => {
        const found = await (0,registry_repository/* ensureRepository */.z)(ecr, options.repository);
        logger.info(`${found.created ? 'created' : 'using'} ${found.repositoryUri} (tags ${found.imageTagMutability})`);
        return found;
    });
    const tags = chooseTags(options, repository);
    const location = { repositoryName: repository.repositoryName };
    const fpTag = fingerprintTag(hash);
    if (build.skipIfBuilt) {
        const existing = await (0,registry_images/* describeImage */.hu)(ecr, location, { imageTag: fpTag });
        if (existing?.imageDigest) {
            return logger.group('Skip', () => skipBuild(ecr, options, { repository, tags, hash, digest: existing.imageDigest }));
        }
    }
    await logger.group('Login', () => login(ecr, options));
    const { digest, buildSeconds } = await buildImage(options, { repository, tags, fpTag });
    const detail = await (0,registry_images/* describeImage */.hu)(ecr, location, { imageDigest: digest });
    logger.debug(`DescribeImages ${digest}: ${JSON.stringify(detail)}`);
    if (!detail)
        throw new Error(`buildx reported digest ${digest}, but ${repository.repositoryName} does not hold it`);
    const missing = tags.filter((tag) => !(detail.imageTags ?? []).includes(tag));
    if (missing.length > 0)
        logger.warning(`${digest} is not tagged ${missing.join(', ')} in ECR`);
    return {
        repository,
        image: `${repository.repositoryUri}@${digest}`,
        digest,
        tags,
        fingerprint: hash,
        fingerprintTag: fpTag,
        skipped: false,
        sizeBytes: detail.imageSizeInBytes,
        buildSeconds,
    };
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
