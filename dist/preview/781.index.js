export const id = 781;
export const ids = [781];
export const modules = {

/***/ 781:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  PreviewGitHubReport: () => (/* binding */ PreviewGitHubReport),
  openPullRequestLookup: () => (/* binding */ openPullRequestLookup)
});

// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
;// CONCATENATED MODULE: ./src/preview/comment.ts
/** The sticky pull request comment: one per preview, found again by a hidden marker (pure). */
/** The hidden marker of the template's preview comment. */
function commentMarker(templateService) {
    return `<!-- ecs-kit:preview ${templateService} -->`;
}
const HEADLINE = {
    deploying: '⏳ deploying',
    ready: '✅ ready',
    unhealthy: '⚠️ deployed, not healthy',
    failed: '❌ deployment failed',
    removed: '🧹 removed',
};
/** The comment's markdown, starting with the marker. */
function commentBody(content) {
    const rows = [
        ['URL', content.url && content.status !== 'removed' ? content.url : undefined],
        ['Commit', content.commit ? `\`${content.commit.slice(0, 12)}\`` : undefined],
        ['Service', content.service ? `\`${content.service}\`` : undefined],
        ['Status', content.detail],
        ['Run', content.runUrl ? `[workflow run](${content.runUrl})` : undefined],
    ];
    return [
        commentMarker(content.templateService),
        `### Preview of \`${content.templateService}\` for pr-${content.pullRequest}: ${HEADLINE[content.status]}`,
        '',
        '| | |',
        '| --- | --- |',
        ...rows.filter(([, value]) => value).map(([name, value]) => `| ${name} | ${value} |`),
        '',
    ].join('\n');
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
;// CONCATENATED MODULE: ./src/preview/github.ts
/** The GitHub API client previews use: @actions/github's Octokit against GITHUB_API_URL (or GHES). */

/** An Octokit for the target's API. */
function githubClient(target) {
    return (0,github/* getOctokit */.Q)(target.token, { baseUrl: target.apiUrl });
}
/** Whether a pull request is open; undefined when the API cannot say (the sweep then relies on the TTL). */
async function pullRequestOpen(client, target, pullRequest) {
    try {
        const response = await client.rest.pulls.get({
            owner: target.owner,
            repo: target.repo,
            pull_number: pullRequest,
        });
        return response.data.state === 'open';
    }
    catch (error) {
        if (error && typeof error === 'object' && 'status' in error && error.status === 404)
            return false;
        return undefined;
    }
}

;// CONCATENATED MODULE: ./src/preview/github-comment.ts
/** Creates or updates the comment holding `marker`; returns its id and whether it was created. */
async function upsertStickyComment(options) {
    const { client, target } = options;
    const repository = { owner: target.owner, repo: target.repo };
    const comments = await client.paginate(client.rest.issues.listComments, {
        ...repository,
        issue_number: options.pullRequest,
        per_page: 100,
    });
    const existing = comments.find((comment) => comment.body?.includes(options.marker));
    if (existing) {
        await client.rest.issues.updateComment({ ...repository, comment_id: existing.id, body: options.body });
        return { id: existing.id, created: false };
    }
    const created = await client.rest.issues.createComment({
        ...repository,
        issue_number: options.pullRequest,
        body: options.body,
    });
    return { id: created.data.id, created: true };
}

;// CONCATENATED MODULE: ./src/preview/github-deployment.ts
/** Creates a deployment of `ref` to the preview environment; returns its id. */
async function createPreviewDeployment(options) {
    const response = await options.client.rest.repos.createDeployment({
        owner: options.target.owner,
        repo: options.target.repo,
        ref: options.ref,
        environment: options.environment,
        description: options.description,
        auto_merge: false,
        required_contexts: [],
        transient_environment: true,
        production_environment: false,
    });
    if (!('id' in response.data))
        throw new Error(`deployment not created: ${response.data.message ?? ''}`);
    return response.data.id;
}
/** Adds a status to a deployment. */
async function setDeploymentStatus(options) {
    await options.client.rest.repos.createDeploymentStatus({
        owner: options.target.owner,
        repo: options.target.repo,
        deployment_id: options.deploymentId,
        state: options.state,
        environment_url: options.environmentUrl,
        log_url: options.logUrl,
        description: options.description?.slice(0, 140),
    });
}
/** Marks every deployment of the environment inactive; returns how many. */
async function deactivateEnvironment(options) {
    const deployments = await options.client.paginate(options.client.rest.repos.listDeployments, {
        owner: options.target.owner,
        repo: options.target.repo,
        environment: options.environment,
        per_page: 100,
    });
    for (const deployment of deployments) {
        await setDeploymentStatus({
            ...options,
            deploymentId: deployment.id,
            state: 'inactive',
            description: 'preview removed',
        });
    }
    return deployments.length;
}

// EXTERNAL MODULE: ./src/preview/naming.ts
var naming = __webpack_require__(8826);
;// CONCATENATED MODULE: ./src/preview/github-report.ts
/**
 * The GitHub side of a preview run: the sticky comment and the deployment statuses. GitHub problems never
 * fail the preview itself: they become warnings (the preview runs whether or not the comment updated).
 */






/** Reports one preview's progress to the pull request. */
class PreviewGitHubReport {
    options;
    client;
    deploymentId;
    constructor(options) {
        this.options = options;
        this.client = githubClient(options.target);
    }
    async attempt(what, fn) {
        try {
            return await fn();
        }
        catch (error) {
            this.options.logger.warning(`github: ${what}: ${(0,errors/* errorMessage */.gJ)(error)}`);
            return undefined;
        }
    }
    /** Creates or updates the sticky comment. */
    async comment(content) {
        if (!this.options.comment)
            return;
        const { templateService, pullRequest, commit, runUrl } = this.options;
        const result = await this.attempt('updating the pull request comment', () => upsertStickyComment({
            client: this.client,
            target: this.options.target,
            pullRequest,
            marker: commentMarker(templateService),
            body: commentBody({ ...content, templateService, pullRequest, commit, runUrl }),
        }));
        if (result)
            this.options.logger.info(`pull request comment ${result.created ? 'created' : 'updated'}`);
    }
    /** Creates the deployment of the commit (status in_progress). */
    async startDeployment() {
        if (!this.options.deployment || !this.options.commit)
            return;
        const environment = (0,naming/* previewLabel */.Pg)(this.options.pullRequest);
        this.deploymentId = await this.attempt('creating the deployment', () => createPreviewDeployment({
            client: this.client,
            target: this.options.target,
            environment,
            ref: this.options.commit,
            description: `ecs-kit preview of ${this.options.templateService}`,
        }));
        await this.status('in_progress');
    }
    /** Adds a status to the deployment started by this run. */
    async status(state, environmentUrl, description) {
        const deploymentId = this.deploymentId;
        if (deploymentId === undefined)
            return;
        await this.attempt(`setting the deployment status ${state}`, () => setDeploymentStatus({
            client: this.client,
            target: this.options.target,
            deploymentId,
            state,
            environmentUrl,
            logUrl: this.options.runUrl,
            description,
        }));
    }
    /** Marks every deployment of the preview environment inactive. */
    async deactivate() {
        if (!this.options.deployment)
            return;
        const count = await this.attempt('marking the deployments inactive', () => deactivateEnvironment({
            client: this.client,
            target: this.options.target,
            environment: (0,naming/* previewLabel */.Pg)(this.options.pullRequest),
            logUrl: this.options.runUrl,
        }));
        if (count !== undefined)
            this.options.logger.info(`${count} deployments marked inactive`);
    }
}
/** A pull request state lookup for the sweep. */
function openPullRequestLookup(target) {
    const client = githubClient(target);
    return (pullRequest) => pullRequestOpen(client, target, pullRequest);
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


/***/ })

};
