/**
 * preview: inputs → deploy (create or update the pull request's preview, gate on health), teardown
 * (remove it) or sweep (remove closed or expired previews) → outputs, job summary, PR comment and
 * GitHub deployment statuses. An unhealthy preview fails the step after everything is reported.
 */
import type { AwsClients } from '../../src/aws/clients.js';
import { errorMessage } from '../../src/errors.js';
import { actionClock } from '../../src/github/environment.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import type { PreviewGitHubReport } from '../../src/preview/index.js';
import type { Inputs } from './inputs.js';
import { actionsCore, log } from '../../src/github/log.js';

function scope(inputs: Inputs, clients: AwsClients) {
  return {
    clients,
    cluster: inputs.cluster,
    templateService: inputs.service,
    listenerArn: inputs['listener-arn'],
    clock: actionClock(),
    logger: log,
    signal: cancellationSignal(),
  };
}

function gitHubTarget(inputs: Inputs) {
  const { apiUrl, owner, repo } = inputs.github;
  return { token: inputs['github-token'], apiUrl, owner, repo };
}

async function reporter(inputs: Inputs): Promise<PreviewGitHubReport | undefined> {
  if (!inputs['github-token'] || !inputs.github.owner || (!inputs.comment && !inputs['github-deployment'])) {
    return undefined;
  }
  const { PreviewGitHubReport } = await import('../../src/preview/index.js');
  return new PreviewGitHubReport({
    target: gitHubTarget(inputs),
    templateService: inputs.service,
    pullRequest: inputs['pull-request'],
    commit: inputs.github.commit,
    runUrl: inputs.github.runUrl,
    comment: inputs.comment,
    deployment: inputs['github-deployment'],
    logger: log,
  });
}

async function deploy(inputs: Inputs, clients: AwsClients): Promise<void> {
  const started = Date.now();
  const { deployPreview } = await import('../../src/preview/index.js');
  const { commentStatus, deploySummary } = await import('../../src/preview/index.js');
  const report = await reporter(inputs);
  await report?.startDeployment();
  await report?.comment({ status: 'deploying', detail: 'deploying the preview…' });
  let deployment;
  try {
    deployment = await deployPreview({
      ...scope(inputs, clients),
      pullRequest: inputs['pull-request'],
      images: inputs.images,
      routing: inputs.domain
        ? { kind: 'host', domain: inputs.domain }
        : { kind: 'path', baseUrl: inputs['base-url'] },
      priorities: { base: inputs['priority-base'], size: inputs['priority-range'] },
      desiredCount: inputs['desired-count'],
      maxPreviews: inputs['max-previews'],
      deregistrationDelaySeconds: inputs['deregistration-delay'],
      waitHealthy: inputs['wait-healthy'],
      healthTimeoutMs: inputs['health-timeout'],
      commit: inputs.github.commit,
      runUrl: inputs.github.runUrl,
    });
  } catch (error) {
    await report?.status('failure', undefined, errorMessage(error));
    await report?.comment({ status: 'failed', detail: errorMessage(error) });
    throw error;
  }
  const core = await actionsCore();
  core.setOutput('url', deployment.url);
  core.setOutput('service', deployment.service);
  core.setOutput('target-group-arn', deployment.targetGroupArn);
  core.setOutput('rule-arn', deployment.ruleArn);
  core.setOutput('priority', String(deployment.priority));
  core.setOutput('task-definition-arn', deployment.taskDefinitionArn);
  core.setOutput('status', deployment.health.status);
  const where = { region: inputs['aws-region'], cluster: inputs.cluster };
  await core.summary
    .addRaw(deploySummary(deployment, { ...where, elapsedMs: Date.now() - started }), true)
    .write();
  const healthy = ['healthy', 'skipped'].includes(deployment.health.status);
  await report?.status(healthy ? 'success' : 'failure', deployment.url, deployment.health.reason);
  await report?.comment({
    status: commentStatus(deployment.health.status),
    url: deployment.url,
    service: deployment.service,
    detail: `${deployment.health.status}: ${deployment.health.reason}`,
  });
  if (!healthy)
    throw new Error(
      `preview pr-${deployment.pullRequest} is ${deployment.health.status}: ${deployment.health.reason}`,
    );
}

function teardownOptions(inputs: Inputs, clients: AwsClients) {
  return {
    ...scope(inputs, clients),
    repositories: inputs.repositories,
    imageTagPattern: inputs['image-tags'],
    drainTimeoutMs: inputs['drain-timeout'],
  };
}

async function teardown(inputs: Inputs, clients: AwsClients): Promise<void> {
  const started = Date.now();
  const { teardownPreview } = await import('../../src/preview/index.js');
  const { teardownSummary } = await import('../../src/preview/index.js');
  const result = await teardownPreview({
    ...teardownOptions(inputs, clients),
    pullRequest: inputs['pull-request'],
  });
  const core = await actionsCore();
  core.setOutput('service', result.service);
  core.setOutput('status', 'removed');
  core.setOutput('removed', JSON.stringify([result.pullRequest]));
  await core.summary.addRaw(teardownSummary(result, { elapsedMs: Date.now() - started }), true).write();
  const report = await reporter(inputs);
  await report?.deactivate();
  await report?.comment({ status: 'removed', service: result.service, detail: 'the preview was removed' });
}

async function sweep(inputs: Inputs, clients: AwsClients): Promise<void> {
  const started = Date.now();
  const { sweepPreviews } = await import('../../src/preview/index.js');
  const { sweepSummary } = await import('../../src/preview/index.js');
  const { openPullRequestLookup } = await import('../../src/preview/index.js');
  const result = await sweepPreviews({
    ...teardownOptions(inputs, clients),
    ttlMs: inputs.ttl,
    isOpen: inputs['github-token'] ? openPullRequestLookup(gitHubTarget(inputs)) : undefined,
  });
  const core = await actionsCore();
  core.setOutput('status', 'swept');
  core.setOutput('removed', JSON.stringify(result.removed.map((entry) => entry.pullRequest)));
  await core.summary
    .addRaw(sweepSummary(result.decisions, result.failed, { elapsedMs: Date.now() - started }), true)
    .write();
  for (const removed of result.removed) {
    const report = await reporter({ ...inputs, 'pull-request': removed.pullRequest });
    await report?.deactivate();
    await report?.comment({ status: 'removed', service: removed.service, detail: 'removed by the sweep' });
  }
  if (result.failed.length > 0)
    throw new Error(`could not remove ${result.failed.map((n) => `pr-${n}`).join(', ')} (see the warnings)`);
}

async function main(inputs: Inputs): Promise<void> {
  const { createAwsClients, destroyAwsClients } = await import('../../src/aws/clients.js');
  const clients = await createAwsClients({ region: inputs['aws-region'] });
  try {
    if (inputs.mode === 'deploy') return await deploy(inputs, clients);
    if (inputs.mode === 'teardown') return await teardown(inputs, clients);
    return await sweep(inputs, clients);
  } finally {
    destroyAwsClients(clients);
  }
}

/** Runs the action with validated inputs. */
export async function run(inputs: Inputs): Promise<void> {
  return runAction('preview', () => main(inputs));
}
