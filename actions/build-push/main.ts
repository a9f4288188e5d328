/**
 * build-push: main step (inputs → build, skip or promotion → outputs and summary) and post step
 * (docker logout), sharing one bundle and told apart by the state the main step saves.
 */
import { tmpdir } from 'node:os';
import type { AwsClients } from '../../src/aws/clients.js';
import type { BuildSummary } from '../../src/build/index.js';
import { errorMessage } from '../../src/errors.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import type { Inputs } from './inputs.js';
import { saveState } from '../../src/github/commands.js';
import { actionsCore, log } from '../../src/github/log.js';

function repositorySettings(inputs: Inputs) {
  return {
    repositoryName: inputs.repository,
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

async function buildOrPromote(inputs: Inputs, clients: AwsClients): Promise<void> {
  const signal = cancellationSignal();
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
  const { workflow } = inputs;
  const result = await buildAndPush({
    clients,
    workspace: workflow.workspace,
    repository: repositorySettings(inputs),
    build: {
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
    },
    git: {
      sha: workflow.sha,
      ref: workflow.ref,
      sourceUrl: workflow.repository ? `${workflow.serverUrl}/${workflow.repository}` : undefined,
    },
    onGitHubActions: workflow.onGitHubActions,
    docker,
    logger: log,
    tempDir: process.env.RUNNER_TEMP || tmpdir(),
    onLogin: (registry) => onLogin(registry, inputs),
    signal,
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
