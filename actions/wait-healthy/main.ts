/**
 * wait-healthy: inputs → the chosen strategy's gate (rolling, kit-managed blue/green, ECS native) →
 * outputs and job summary; a verdict other than healthy fails the step after the outputs are written.
 */
import type { AwsClients } from '../../src/aws/clients.js';
import type { AlarmWatch, ServiceWait, WaitReport } from '../../src/health/index.js';
import { actionClock } from '../../src/github/environment.js';
import { cancellationSignal, runAction } from '../../src/github/run.js';
import type { Inputs } from './inputs.js';
import { actionsCore, log } from '../../src/github/log.js';

/** The service (and deployment) one gate follows: the step's own, or one entry of `deployment-ids`. */
interface Target {
  service?: string;
  deploymentId?: string;
}

/** What one step builds once, whatever the number of services it gates: the clients and the alarm watch. */
interface StepResources {
  clients: AwsClients;
  alarms?: AlarmWatch;
}

async function resources(inputs: Inputs): Promise<StepResources> {
  const { createAwsClients } = await import('../../src/aws/clients.js');
  const clients = await createAwsClients({ region: inputs['aws-region'] });
  // Alarms are read (names checked, ALARM refused) before the strategy changes anything.
  return { clients, alarms: await watchAlarms(inputs, clients) };
}

/** The options every strategy shares, from the inputs. */
function shared(inputs: Inputs, signal: AbortSignal, step: StepResources) {
  return {
    clients: step.clients,
    clock: actionClock(),
    signal,
    logger: log,
    cluster: inputs.cluster,
    timeoutMs: inputs.timeout,
    policy: { consecutive: inputs.consecutive, unhealthyTimeoutMs: inputs['unhealthy-timeout'] },
    alarms: step.alarms,
    bakeMs: inputs.gate['alarm-bake'],
  };
}

async function strategy(
  inputs: Inputs,
  signal: AbortSignal,
  step: StepResources,
  target: Target,
): Promise<WaitReport> {
  const { runStrategy } = await import('../../src/health/index.js');
  const prefix = inputs['deployment-ids'] ? `${target.service}: ` : '';
  // Only blue-green reads the owner; inputs.ts requires exactly one of the two with that strategy.
  const owner = inputs['listener-arn']
    ? { kind: 'listener' as const, arn: inputs['listener-arn'] }
    : { kind: 'rule' as const, arn: inputs['listener-rule-arn'] ?? '' };
  // One options object for every strategy: each reads the shared fields and its own.
  return runStrategy(inputs.strategy, {
    ...shared(inputs, signal, step),
    onProgress: (sample) => log.info(`[${Math.round(sample.elapsedMs / 1000)}s] ${prefix}${sample.reason}`),
    service: target.service ?? '',
    deploymentId: target.deploymentId,
    // Native gates take a service deployment ARN; ecs-deploy's ids (ecs-svc/...) are not one.
    serviceDeploymentArn: target.deploymentId?.startsWith('arn:') ? target.deploymentId : undefined,
    blueService: inputs['blue-service'] ?? '',
    greenService: inputs['green-service'] ?? '',
    owner,
    taskDefinition: inputs['task-definition'],
    plan: inputs.traffic,
    oldColour: inputs['old-colour'],
    metricGate: inputs.gate.metrics,
  });
}

async function watchAlarms(inputs: Inputs, clients: AwsClients): Promise<AlarmWatch | undefined> {
  if (inputs.gate.alarms.length === 0) return undefined;
  const { AlarmWatch } = await import('../../src/health/index.js');
  return AlarmWatch.start({
    cloudwatch: clients.cloudwatch,
    names: inputs.gate.alarms,
    allowInAlarm: inputs.gate['allow-alarms-in-alarm'],
    logger: log,
  });
}

async function publish(report: WaitReport, inputs: Inputs, services?: ServiceWait[]): Promise<void> {
  const { verdict } = report;
  const core = await actionsCore();
  core.setOutput('verdict', verdict.status);
  core.setOutput(
    'time-to-healthy',
    verdict.timeToHealthyMs === undefined ? '' : String(verdict.timeToHealthyMs / 1000),
  );
  core.setOutput(
    'final-weights',
    report.finalWeights
      ? Object.entries(report.finalWeights)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([name, weight]) => `${name}=${weight}`)
          .join(',')
      : '',
  );
  core.setOutput('rolled-back', String(report.rolledBack));
  core.setOutput('healthy-targets', String(verdict.healthyTargets));
  const { servicesWaitSummaryMarkdown, waitSummaryMarkdown } = await import('../../src/health/index.js');
  // Several services: one summary with a row each (a full summary per service would repeat itself).
  const markdown =
    services && services.length > 1
      ? servicesWaitSummaryMarkdown(services, { region: inputs['aws-region'], cluster: inputs.cluster })
      : waitSummaryMarkdown(report, summaryLinks(inputs, services?.[0]?.service));
  await core.summary.addRaw(markdown, true).write();
}

/** The console links of one gate's summary; `service`: the one entry of `deployment-ids`, when given. */
function summaryLinks(inputs: Inputs, service = inputs.service) {
  const services =
    inputs.strategy === 'blue-green' ? [inputs['blue-service'], inputs['green-service']] : [service];
  return {
    region: inputs['aws-region'],
    cluster: inputs.cluster,
    services: services.filter((service): service is string => Boolean(service)),
  };
}

/**
 * With `deployment-ids` (rolling, native), every listed service is gated at once; otherwise the one
 * service (or blue/green pair) the inputs name.
 */
async function gate(inputs: Inputs, signal: AbortSignal): Promise<[WaitReport, ServiceWait[] | undefined]> {
  const ids = inputs.strategy === 'blue-green' ? undefined : inputs['deployment-ids'];
  if (!ids) {
    const report = await strategy(inputs, signal, await resources(inputs), {
      service: inputs.service,
      deploymentId: inputs['deployment-id'],
    });
    return [report, undefined];
  }
  const { combineReports } = await import('./deployment-ids.js');
  const step = await resources(inputs);
  if (inputs.strategy === 'rolling' && ids.length > 1) {
    // One batched gate for every service: poll rounds of ⌈services/10⌉ DescribeServices.
    const { runRollingServices } = await import('../../src/health/index.js');
    const lastReason = new Map<string, string>();
    const each = await runRollingServices({
      ...shared(inputs, signal, step),
      services: ids.map(([service, deploymentId]) => ({ service, deploymentId })),
      // A line when a service's picture changes: many services polled together would repeat theirs.
      onProgress: (service, sample) => {
        if (lastReason.get(service) === sample.reason) return;
        lastReason.set(service, sample.reason);
        log.info(`[${Math.round(sample.elapsedMs / 1000)}s] ${service}: ${sample.reason}`);
      },
    });
    const reports = ids.map(([service], index) => ({ service, report: each[index] }));
    return [combineReports(reports), reports];
  }
  const reports = await Promise.all(
    ids.map(async ([service, deploymentId]) => ({
      service,
      report: await strategy(inputs, signal, step, { service, deploymentId }),
    })),
  );
  return [combineReports(reports), reports];
}

async function main(inputs: Inputs): Promise<void> {
  const signal = cancellationSignal();
  const [report, services] = await log.group(`wait-healthy (${inputs.strategy})`, () => gate(inputs, signal));
  await publish(report, inputs, services);
  if (report.verdict.status !== 'healthy') {
    const left = report.leftState ? ` (${report.leftState})` : '';
    throw new Error(`${report.verdict.status}: ${report.verdict.reason}${left}`);
  }
  log.info(`healthy: ${report.verdict.reason}`);
}

/** The action's entry: one top-level catch around main. */
export function run(inputs: Inputs): Promise<void> {
  return runAction('wait-healthy', () => main(inputs));
}
