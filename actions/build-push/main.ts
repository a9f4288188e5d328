/**
 * build-push: main step (inputs → build, skip or promotion → outputs and summary) and post step
 * (docker logout), sharing one bundle and told apart by the state the main step saves.
 */
import { tmpdir } from 'node:os';
import type { AwsClients } from '../../src/aws/clients.js';
import type { BuildSummary, SetSummaryImage } from '../../src/build/index.js';
import { errorMessage } from '../../src/errors.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import type { SetImageInput } from './image-set.js';
import type { Inputs } from './inputs.js';
import { saveState } from '../../src/github/commands.js';
import { actionsCore, log } from '../../src/github/log.js';

function repositorySettings(inputs: Inputs, repositoryName = inputs.repository) {
  return {
    repositoryName,
    create: inputs['create-repository'],
    scanOnPush: inputs['scan-on-push'],
    imageTagMutability: inputs['image-tag-mutability'],
    encryptionType: inputs['encryption-type'],
    kmsKey: inputs['kms-key'],
    tags: inputs.workflow.repository
      ? { 'created-by': `ecs-kit build-push (${inputs.workflow.repository})` }
      : undefined,
  };
}

function onLogin(registry: string, inputs: Inputs): void {
  saveState('registry', registry);
  saveState('logout', String(inputs.logout));
}

async function publish(result: BuildSummary & { fingerprint?: string }): Promise<void> {
  const core = await actionsCore();
  core.setOutput('image', result.image);
  core.setOutput('digest', result.digest);
  core.setOutput('tags', result.tags.join(','));
  core.setOutput('fingerprint', result.fingerprint ?? '');
  core.setOutput('skipped', String(result.skipped));
  const { buildSummaryMarkdown } = await import('../../src/build/index.js');
  await core.summary.addRaw(buildSummaryMarkdown(result), true).write();
}

async function main(inputs: Inputs): Promise<void> {
  const { createAwsClients, destroyAwsClients } = await import('../../src/aws/clients.js');
  const clients = await createAwsClients({ region: inputs['aws-region'] });
  try {
    await buildOrPromote(inputs, clients);
  } finally {
    destroyAwsClients(clients);
  }
}

/** Outputs and summary of an image set: `images` (and `built`) by name; the single-image outputs summarise. */
async function publishSet(images: SetSummaryImage[]): Promise<void> {
  const core = await actionsCore();
  const { imageLines, imageSetSummaryMarkdown } = await import('../../src/build/index.js');
  core.setOutput('images', imageLines(images));
  core.setOutput('built', imageLines(images.filter((image) => !image.skipped)));
  core.setOutput('image', '');
  core.setOutput('digest', '');
  core.setOutput('fingerprint', '');
  core.setOutput('tags', [...new Set(images.flatMap((image) => image.tags))].join(','));
  core.setOutput('skipped', String(images.every((image) => image.skipped)));
  await core.summary.addRaw(imageSetSummaryMarkdown(images), true).write();
}

/** Promotes every image of the set (`source-images`) by digest, checking all before writing any tag. */
async function promoteSet(inputs: Inputs, images: SetImageInput[], clients: AwsClients): Promise<void> {
  const { dockerCli, runPromotionSet } = await import('../../src/build/index.js');
  const results = await runPromotionSet({
    clients,
    images: images.map((image) => ({
      name: image.name,
      source: image.source!,
      repository: repositorySettings(inputs, image.repository),
    })),
    tags: inputs.tags,
    docker: dockerCli(),
    logger: log,
    onLogin: (registry) => onLogin(registry, inputs),
  });
  await publishSet(
    results.map((result) => ({
      name: result.name,
      repositoryName: result.repository.repositoryName,
      image: result.image,
      digest: result.digest,
      tags: result.tags,
      skipped: true,
      promotedFrom: result.source,
    })),
  );
}

/** Builds every image of the set, skipping each one whose fingerprint its repository already holds. */
async function buildSet(inputs: Inputs, images: SetImageInput[], clients: AwsClients): Promise<void> {
  const { buildImageSet, dockerCli } = await import('../../src/build/index.js');
  const results = await buildImageSet({
    ...buildOptions(inputs, clients),
    docker: dockerCli(),
    images: images.map((image) => ({
      name: image.name,
      repository: repositorySettings(inputs, image.repository),
      build: {
        ...buildRequest(inputs),
        context: image.context,
        file: image.file,
        target: image.target,
        platforms: image.platforms,
        buildArgs: image.buildArgs,
      },
    })),
  });
  await publishSet(
    results.map((result) => ({
      name: result.name,
      repositoryName: result.repository.repositoryName,
      image: result.image,
      digest: result.digest,
      tags: result.tags,
      skipped: result.skipped,
      fingerprint: result.fingerprint,
      buildSeconds: result.buildSeconds,
    })),
  );
}

/** What a build needs besides the image: the step's build settings shared by every image. */
function buildRequest(inputs: Inputs) {
  return {
    context: inputs.context,
    file: inputs.file,
    target: inputs.target,
    platforms: inputs.platforms,
    buildArgs: inputs['build-args'],
    secrets: inputs.secrets,
    secretFiles: inputs['secret-files'],
    labels: inputs.labels,
    tags: inputs.tags,
    cache: inputs.cache,
    cacheRef: inputs['cache-ref'],
    noCache: inputs['no-cache'],
    skipIfBuilt: inputs['skip-if-built'],
  };
}

/** The run's settings every build shares: workspace, git metadata, logging, login, cancellation. */
function buildOptions(inputs: Inputs, clients: AwsClients) {
  const { workflow } = inputs;
  return {
    clients,
    workspace: workflow.workspace,
    git: {
      sha: workflow.sha,
      ref: workflow.ref,
      sourceUrl: workflow.repository ? `${workflow.serverUrl}/${workflow.repository}` : undefined,
    },
    onGitHubActions: workflow.onGitHubActions,
    logger: log,
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    onLogin: (registry: string) => onLogin(registry, inputs),
    signal: cancellationSignal(),
  };
}

async function buildOrPromote(inputs: Inputs, clients: AwsClients): Promise<void> {
  if (inputs.images) {
    const set = inputs.images;
    return set.every((image) => image.source)
      ? promoteSet(inputs, set, clients)
      : buildSet(inputs, set, clients);
  }
  const { dockerCli } = await import('../../src/build/index.js');
  const docker = dockerCli();
  const source = inputs['source-image'];
  if (source) {
    const { runPromotion } = await import('../../src/build/index.js');
    const result = await runPromotion({
      clients,
      source,
      repository: repositorySettings(inputs),
      tags: inputs.tags,
      docker,
      logger: log,
      onLogin: (registry) => onLogin(registry, inputs),
    });
    await publish({ ...result, skipped: true, promotedFrom: result.source });
    return;
  }
  const { buildAndPush } = await import('../../src/build/index.js');
  const result = await buildAndPush({
    ...buildOptions(inputs, clients),
    repository: repositorySettings(inputs),
    build: buildRequest(inputs),
    docker,
  });
  await publish(result);
}

/** The post step: log out of the registry the main step logged in to, unless `logout: false`. */
async function post(): Promise<void> {
  const registry = process.env.STATE_registry;
  if (!registry || process.env.STATE_logout !== 'true') return;
  const { dockerCli, dockerLogout } = await import('../../src/build/index.js');
  try {
    await dockerLogout(dockerCli(), registry);
    log.info(`logged out of ${registry}`);
  } catch (error) {
    // The job's result is decided by now; a failed logout is worth a warning, not a failure.
    log.warning(`logging out of ${registry}: ${errorMessage(error)}`);
  }
}

/** Runs the main step with validated inputs. */
export async function run(inputs: Inputs): Promise<void> {
  return runAction('build-push', () => main(inputs));
}

/** Runs the post step (the runner runs the bundle again with the main step's state). */
export async function runPost(): Promise<void> {
  return runAction('build-push post', post);
}
