/** ecs-deploy: inputs → (file load and render check) → deploy or rollback engine → outputs and summary. */
import type { AwsClients } from '../../src/aws/clients.js';
import type { AlarmWatch } from '../../src/deploy/index.js';
import { relative } from 'node:path';
import type { DeployReport } from '../../src/deploy/index.js';
import { errorMessage } from '../../src/errors.js';
import { actionClock } from '../../src/github/environment.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import { summarizeFailure } from '../../src/github/start.js';
import {
  formatJsonPath,
  renderTaskDefinition,
  TaskDefinitionError,
  TaskDefinitionFileError,
  type LoadedTaskDefinition,
  type RenderOverrides,
} from '../../src/taskdef/inputs.js';
import type { Inputs } from './inputs.js';
import { gatedByStep, revisionsByService } from './handoff.js';
import { actionsCore, log } from '../../src/github/log.js';

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

/** Annotates a task definition problem at its file, line and column (other errors: nothing). */
async function annotate(error: unknown, inputs: Inputs, loaded?: LoadedTaskDefinition): Promise<void> {
  const path = inputs['task-definition'];
  const file = path ? relative(inputs.workflow.workspace, path) : undefined;
  const core = await actionsCore();
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
}

/** Loads the file and renders it once, so file and override errors surface before any AWS call. */
async function loadAndCheck(inputs: Inputs): Promise<LoadedTaskDefinition | undefined> {
  const path = inputs['task-definition'];
  if (!path) return undefined;
  let loaded: LoadedTaskDefinition | undefined;
  try {
    // The YAML parser loads only when there is a file to read.
    const { loadTaskDefinitionFile } = await import('../../src/taskdef/index.js');
    loaded = await loadTaskDefinitionFile(path, relative(inputs.workflow.workspace, path));
    if (loaded.stripped.length > 0) log.debug(`stripped read-only fields: ${loaded.stripped.join(', ')}`);
    const core = loaded.warnings.length > 0 ? await actionsCore() : undefined;
    for (const warning of loaded.warnings) {
      core?.warning(warning.message, {
        title: 'task definition',
        file: loaded.file,
        startLine: warning.position?.line,
        startColumn: warning.position?.column,
      });
    }
    renderTaskDefinition(loaded.taskDefinition, overridesOf(inputs));
    return loaded;
  } catch (error) {
    await annotate(error, inputs, loaded);
    throw error;
  }
}

async function publish(report: DeployReport, region: string, gated: boolean): Promise<void> {
  const { deploySummary, diffText } = await import('../../src/deploy/index.js');
  const revisions = revisionsByService(report);
  const core = await actionsCore();
  const first = report.services[0];
  const deploymentIds = Object.fromEntries(
    report.services.filter((entry) => entry.deploymentId).map((entry) => [entry.service, entry.deploymentId]),
  );
  core.setOutput('task-definition-arn', report.taskDefinitionArn ?? '');
  core.setOutput('previous-task-definition-arn', first?.previousTaskDefinitionArn ?? '');
  core.setOutput('deployment-id', first?.deploymentId ?? '');
  core.setOutput('deployment-ids', JSON.stringify(deploymentIds));
  core.setOutput('task-definition-arns', JSON.stringify(revisions));
  core.setOutput('gated', String(gated));
  core.setOutput('outcome', report.outcome);
  core.setOutput('diff', diffText(report));
  core.setOutput(
    'services',
    JSON.stringify(
      report.services.map((entry) => ({
        service: entry.service,
        action: entry.action,
        // Left on (or, in a dry run, planned for): the revision each service runs once the step ends.
        taskDefinitionArn:
          revisions[entry.service] ?? entry.targetTaskDefinitionArn ?? report.taskDefinitionArn,
        previousTaskDefinitionArn: entry.previousTaskDefinitionArn,
        deploymentId: entry.deploymentId,
        status: entry.rollback ? 'rolled-back' : entry.wait?.status,
        reason: entry.wait?.reason,
      })),
    ),
  );
  await core.summary.addRaw(deploySummary(report, { region }), true).write();
}

async function main(inputs: Inputs, onReport: () => void): Promise<void> {
  // Listen for cancellation first: a SIGTERM at any moment must end the step cleanly, never mid-change.
  const signal = cancellationSignal();
  // The config's several-deployables form replaces the single task definition (read and checked here).
  const { readDeployables } = await import('./deployables.js');
  const deployables = await readDeployables(inputs);
  const loaded = deployables ? undefined : await loadAndCheck(inputs);
  const clock = actionClock();
  const { createAwsClients } = await import('../../src/aws/clients.js');
  const engine = await import('../../src/deploy/index.js');
  const context = {
    clients: await createAwsClients({ region: inputs['aws-region'] }),
    clock,
    signal,
    logger: log,
  };
  // Alarms are read (names checked, ALARM refused) before the engine changes anything.
  const alarms = await watchAlarms(inputs, context.clients);
  const common = {
    cluster: inputs.cluster,
    services: inputs.service,
    allowFamilyChange: inputs['allow-family-change'],
    waitMode: inputs.wait,
    timeoutMs: inputs.timeout,
    dryRun: inputs['dry-run'],
  };
  let report: DeployReport;
  try {
    report =
      inputs.mode === 'rollback'
        ? await engine.rollbackServices(context, { ...common, rollbackTo: inputs['rollback-to'] })
        : deployables
          ? engine.asDeployReport(
              await engine.deployMany(context, {
                ...common,
                deployables,
                forceNewDeployment: inputs['force-new-deployment'],
                inProgress: inputs['in-progress'],
                rollbackOnFailure: inputs['rollback-on-failure'],
                rollbackScope: inputs['rollback-scope'],
                settleMs: inputs['worker-settle'],
                alarms: alarms && { watch: alarms, bakeMs: inputs.gate['alarm-bake'] },
                keepRevisions: inputs['keep-revisions'],
                oneOffTasks: inputs['one-off-tasks'],
                provenance: {
                  commit: inputs.workflow.sha,
                  runUrl: inputs.workflow.runUrl,
                  environment: inputs.environment,
                },
              }),
              inputs.wait,
            )
          : await engine.deploy(context, {
              ...common,
              base: loaded?.taskDefinition,
              overrides: overridesOf(inputs),
              forceNewDeployment: inputs['force-new-deployment'],
              inProgress: inputs['in-progress'],
              desiredCount: inputs['desired-count'],
              rollbackOnFailure: inputs['rollback-on-failure'],
              settleMs: inputs['worker-settle'],
              alarms: alarms && { watch: alarms, bakeMs: inputs.gate['alarm-bake'] },
              keepRevisions: inputs['keep-revisions'],
              oneOffTasks: inputs['one-off-tasks'],
              provenance: {
                commit: inputs.workflow.sha,
                runUrl: inputs.workflow.runUrl,
                environment: inputs.environment,
              },
            });
  } catch (error) {
    await annotate(error, inputs, loaded);
    throw error;
  }
  for (const line of engine.diffText(report).split('\n')) log.info(`change: ${line}`);
  const { gateStrategy } = await import('./deployables.js');
  await publish(report, inputs['aws-region'], gatedByStep(report, gateStrategy(inputs)));
  onReport();
  if (report.failure) throw new Error(report.failure);
  log.info(`outcome: ${report.outcome}`);
}

/** The alarm watch of a deploy run, started before any change; none in dry runs or without alarms. */
async function watchAlarms(inputs: Inputs, clients: AwsClients): Promise<AlarmWatch | undefined> {
  if (inputs.gate.alarms.length === 0 || inputs['dry-run'] || inputs.mode !== 'deploy') return undefined;
  const { AlarmWatch } = await import('../../src/deploy/index.js');
  return AlarmWatch.start({
    cloudwatch: clients.cloudwatch,
    names: inputs.gate.alarms,
    allowInAlarm: inputs.gate['allow-alarms-in-alarm'],
    logger: log,
  });
}

/** A failure before any report exists (bad file, family guard, unknown service) still gets a summary. */
async function mainWithSummary(inputs: Inputs): Promise<void> {
  let reported = false;
  try {
    await main(inputs, () => (reported = true));
  } catch (error) {
    if (!reported) summarizeFailure('ecs-deploy', errorMessage(error));
    throw error;
  }
}

/** Runs the ecs-deploy action with validated inputs. */
export function run(inputs: Inputs): Promise<void> {
  return runAction('ecs-deploy', () => mainWithSummary(inputs));
}
