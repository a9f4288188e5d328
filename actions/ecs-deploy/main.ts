/** ecs-deploy: inputs → (file load and render check) → deploy or rollback engine → outputs and summary. */
import * as core from '@actions/core';
import { relative } from 'node:path';
import type { DeployLogger, DeployReport } from '../../src/deploy/index.js';
import { errorMessage } from '../../src/errors.js';
import { actionClock } from '../../src/github/environment.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import {
  formatJsonPath,
  loadTaskDefinitionFile,
  renderTaskDefinition,
  TaskDefinitionError,
  TaskDefinitionFileError,
  type LoadedTaskDefinition,
  type RenderOverrides,
} from '../../src/taskdef/index.js';
import { readInputs, type Inputs } from './inputs.js';

const logger: DeployLogger = {
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  debug: (message) => core.debug(message),
  group: (name, phase) => core.group(name, phase),
};

function overridesOf(inputs: Inputs): RenderOverrides {
  return {
    variables: inputs.variables,
    images: inputs.images,
    defaultContainer: inputs['container-name'],
    environment: inputs['environment-variables'],
    secrets: inputs.secrets,
    replaceEnvironment: inputs['replace-environment-variables'],
    replaceSecrets: inputs['replace-secrets'],
    cpu: inputs.cpu,
    memory: inputs.memory,
    tags: inputs.tags,
  };
}

/** Annotates a task definition problem at its file, line and column, and rethrows it. */
function annotate(error: unknown, inputs: Inputs, loaded?: LoadedTaskDefinition): never {
  const path = inputs['task-definition'];
  const file = path ? relative(inputs.workflow.workspace, path) : undefined;
  if (error instanceof TaskDefinitionFileError) {
    core.error(error.message, {
      title: 'task definition',
      file,
      startLine: error.position?.line,
      startColumn: error.position?.column,
    });
  } else if (error instanceof TaskDefinitionError) {
    const position = loaded?.locate(error.path);
    core.error(error.message, {
      title: `task definition ${formatJsonPath(error.path)}`,
      file,
      startLine: position?.line,
      startColumn: position?.column,
    });
  }
  throw error;
}

/** Loads the file and renders it once, so file and override errors surface before any AWS call. */
async function loadAndCheck(inputs: Inputs): Promise<LoadedTaskDefinition | undefined> {
  const path = inputs['task-definition'];
  if (!path) return undefined;
  let loaded: LoadedTaskDefinition | undefined;
  try {
    loaded = await loadTaskDefinitionFile(path, relative(inputs.workflow.workspace, path));
    if (loaded.stripped.length > 0) core.debug(`stripped read-only fields: ${loaded.stripped.join(', ')}`);
    for (const warning of loaded.warnings) {
      core.warning(warning.message, {
        title: 'task definition',
        file: loaded.file,
        startLine: warning.position?.line,
        startColumn: warning.position?.column,
      });
    }
    renderTaskDefinition(loaded.taskDefinition, overridesOf(inputs));
    return loaded;
  } catch (error) {
    annotate(error, inputs, loaded);
  }
}

async function publish(report: DeployReport): Promise<void> {
  const { deploySummary, diffText } = await import('../../src/deploy/index.js');
  const first = report.services[0];
  const deploymentIds = Object.fromEntries(
    report.services.filter((entry) => entry.deploymentId).map((entry) => [entry.service, entry.deploymentId]),
  );
  core.setOutput('task-definition-arn', report.taskDefinitionArn ?? '');
  core.setOutput('previous-task-definition-arn', first?.previousTaskDefinitionArn ?? '');
  core.setOutput('deployment-id', first?.deploymentId ?? '');
  core.setOutput('deployment-ids', JSON.stringify(deploymentIds));
  core.setOutput('outcome', report.outcome);
  core.setOutput('diff', diffText(report));
  core.setOutput(
    'services',
    JSON.stringify(
      report.services.map((entry) => ({
        service: entry.service,
        action: entry.action,
        previousTaskDefinitionArn: entry.previousTaskDefinitionArn,
        deploymentId: entry.deploymentId,
        status: entry.rollback ? 'rolled-back' : entry.wait?.status,
        reason: entry.wait?.reason,
      })),
    ),
  );
  await core.summary.addRaw(deploySummary(report), true).write();
}

async function main(onReport: () => void): Promise<void> {
  // Listen for cancellation first: a SIGTERM at any moment must end the step cleanly, never mid-change.
  const signal = cancellationSignal();
  const inputs = readInputs();
  const loaded = await loadAndCheck(inputs);
  const clock = actionClock();
  const { ecsClient, elbClient } = await import('../../src/aws/clients.js');
  const engine = await import('../../src/deploy/index.js');
  const region = inputs['aws-region'];
  const context = {
    ecs: await ecsClient({ region }),
    elb: inputs.wait === 'healthy' ? await elbClient({ region }) : undefined,
    clock,
    signal,
    logger,
  };
  const common = {
    cluster: inputs.cluster,
    services: inputs.service,
    allowFamilyChange: inputs['allow-family-change'],
    waitMode: inputs.wait,
    timeoutMs: inputs.timeout * 1000,
    dryRun: inputs['dry-run'],
  };
  let report: DeployReport;
  try {
    report =
      inputs.mode === 'rollback'
        ? await engine.rollbackServices(context, { ...common, rollbackTo: inputs['rollback-to'] })
        : await engine.deploy(context, {
            ...common,
            base: loaded?.taskDefinition,
            overrides: overridesOf(inputs),
            forceNewDeployment: inputs['force-new-deployment'],
            desiredCount: inputs['desired-count'],
            rollbackOnFailure: inputs['rollback-on-failure'],
            keepRevisions: inputs['keep-revisions'],
            provenance: {
              commit: inputs.workflow.sha,
              runUrl: inputs.workflow.runUrl,
              environment: inputs.environment,
            },
          });
  } catch (error) {
    annotate(error, inputs, loaded);
  }
  for (const line of engine.diffText(report).split('\n')) core.info(`change: ${line}`);
  await publish(report);
  onReport();
  if (report.failure) throw new Error(report.failure);
  core.info(`outcome: ${report.outcome}`);
}

/** A failure before any report exists (bad input, family guard, unknown service) still gets a summary. */
async function mainWithSummary(): Promise<void> {
  let reported = false;
  try {
    await main(() => (reported = true));
  } catch (error) {
    if (!reported && process.env.GITHUB_STEP_SUMMARY) {
      await core.summary
        .addRaw(`## ecs-deploy: failed\n\n> **${errorMessage(error)}**\n`, true)
        .write()
        .catch(() => undefined);
    }
    throw error;
  }
}

/** Runs the ecs-deploy action. */
export function run(): Promise<void> {
  return runAction('ecs-deploy', mainWithSummary);
}
