/**
 * ECS native blue/green, linear and canary deployments: ECS shifts traffic itself; the kit follows the
 * service deployment (lifecycleStage, status), gates on the new revision's targets, and when the gate fails
 * stops the deployment with ROLLBACK and waits for ROLLBACK_SUCCESSFUL.
 */
import type { ECSClient, ServiceDeployment } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';
import { targetGroupName } from './evaluate.js';
import { runGate } from './gate-loop.js';
import { readWeightedForward } from './listener.js';
import {
  describeServiceDeployment,
  findServiceDeployment,
  FINAL_STATUSES,
  nativeLoadBalancers,
  stopWithRollback,
  type NativeLoadBalancer,
} from './native-deployment.js';
import { DeploymentObserver, earliestHealthyAt, type DeploymentObservation } from './observe.js';
import { describeService } from './service.js';
import { tagHealthyRevision } from './tag.js';
import { describeTargetGroups } from './targets.js';
import type { HealthLogger, HealthPolicy, HealthSample, TrafficEvent, WaitReport } from './types.js';
import { sampleOf, verdictOf } from './verdict.js';

/** Options of runNative. */
export interface NativeOptions {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  clock: Clock;
  signal?: AbortSignal;
  logger?: HealthLogger;
  cluster: string;
  service: string;
  /** The service deployment to follow; the newest pending or in-progress one when omitted. */
  serviceDeploymentArn?: string;
  timeoutMs: number;
  policy: HealthPolicy;
  onProgress?: (sample: HealthSample) => void;
}

const FAILED = [
  'STOP_REQUESTED',
  'STOPPED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

/** Keeps, per production/alternate pair, the target group the new revision's tasks registered in. */
function narrow(observation: DeploymentObservation, pairs: NativeLoadBalancer[]): string[] {
  return pairs.map((pair) => {
    const count = (arn: string) =>
      observation.targets.filter((target) => target.targetGroupArn === arn).length;
    return count(pair.targetGroupArn) > count(pair.alternateTargetGroupArn)
      ? pair.targetGroupArn
      : pair.alternateTargetGroupArn;
  });
}

function weightOf(deployment: ServiceDeployment): number | undefined {
  return deployment.targetServiceRevision?.requestedProductionTrafficWeight;
}

/** Polls the service deployment until it reaches a final status or the deadline. */
async function waitForFinalStatus(
  options: NativeOptions,
  arn: string,
  deadline: number,
): Promise<ServiceDeployment> {
  for (;;) {
    const deployment = await describeServiceDeployment(options.ecs, arn);
    if (FINAL_STATUSES.includes(deployment.status ?? '') || options.clock.now() >= deadline)
      return deployment;
    await options.clock.sleep(1000);
  }
}

async function productionWeights(
  options: NativeOptions,
  pairs: NativeLoadBalancer[],
): Promise<Record<string, number> | undefined> {
  const rule = pairs[0].productionListenerRule;
  if (!rule) return undefined;
  try {
    const forward = await readWeightedForward(options.elb, { kind: 'rule', arn: rule }, []);
    return Object.fromEntries(
      Object.entries(forward.weights).map(([arn, weight]) => [targetGroupName(arn), weight]),
    );
  } catch (error) {
    options.logger?.warning(`could not read the production listener rule's weights: ${String(error)}`);
    return undefined;
  }
}

/** Follows and gates an ECS native deployment; rolls it back through ECS when the gate fails. */
export async function runNative(options: NativeOptions): Promise<WaitReport> {
  const { ecs, elb, clock } = options;
  const startedAt = clock.now();
  const service = await describeService(ecs, options.cluster, options.service);
  const pairs = nativeLoadBalancers(service);
  const targetGroups = await describeTargetGroups(
    elb,
    pairs.flatMap((pair) => [pair.targetGroupArn, pair.alternateTargetGroupArn]),
  );
  const arn = await findServiceDeployment(ecs, {
    cluster: options.cluster,
    service: options.service,
    arn: options.serviceDeploymentArn,
  });
  let deployment = await describeServiceDeployment(ecs, arn);
  const observer = new DeploymentObserver({
    ecs,
    elb,
    clock,
    cluster: options.cluster,
    serviceName: service.serviceName!,
    loadBalancers: pairs.flatMap((pair) => [pair, { ...pair, targetGroupArn: pair.alternateTargetGroupArn }]),
    targetGroups,
  });
  const events: TrafficEvent[] = [];
  const samples: HealthSample[] = [];
  const note = (action: TrafficEvent['action'], detail: string) => {
    events.push({ elapsedMs: clock.now() - startedAt, action, newWeight: weightOf(deployment), detail });
    options.logger?.info(`${action}: ${detail}`);
  };
  let stage: string | undefined;
  let firstHealthyAt: number | undefined;
  const observe = async (): Promise<DeploymentObservation> => {
    const [observation, current] = await Promise.all([
      observer.observe(),
      describeServiceDeployment(ecs, arn),
    ]);
    deployment = current;
    const progress = `${current.status} / ${current.lifecycleStage ?? 'no stage'}`;
    if (progress !== stage) {
      stage = progress;
      note('shift', progress);
    }
    const status = current.status ?? 'PENDING';
    const failed = FAILED.includes(status)
      ? `ECS service deployment is ${status}${current.statusReason ? `: ${current.statusReason}` : ''}`
      : undefined;
    const baking = current.lifecycleStage === 'BAKE_TIME';
    const bakeMs = (current.deploymentConfiguration?.bakeTimeInMinutes ?? 0) * 60_000;
    return {
      ...observation,
      targetGroupArns: narrow(observation, pairs),
      deploymentFailed: failed ?? observation.deploymentFailed,
      settled: status === 'SUCCESSFUL',
      // Stages other than the bake pass in seconds; the bake's end is known in advance.
      changeExpected: !baking && (status === 'IN_PROGRESS' || status === 'PENDING'),
      wakeAt: baking && current.updatedAt ? current.updatedAt.getTime() + bakeMs : undefined,
    };
  };
  const result = await runGate({
    observe,
    policy: options.policy,
    clock,
    signal: options.signal,
    deadline: startedAt + options.timeoutMs,
    predictHealthyAt: (observation) => earliestHealthyAt(observation, targetGroups),
    onObservation: (observation, evaluation) => {
      if (evaluation.decision === 'healthy') firstHealthyAt ??= observation.time;
      const sample = sampleOf({ startedAt, observation, evaluation, newWeight: weightOf(deployment) });
      samples.push(sample);
      options.onProgress?.(sample);
    },
    onPollError: (message) => options.logger?.warning(message),
  });
  const verdict = verdictOf({
    result,
    startedAt,
    endedAt: clock.now(),
    firstHealthyAt,
    timeoutMs: options.timeoutMs,
    samples,
  });
  let leftState: string | undefined;
  let rolledBack = false;
  if (verdict.status === 'healthy') {
    if (verdict.taskDefinitionArn) {
      await tagHealthyRevision({
        ecs,
        taskDefinitionArn: verdict.taskDefinitionArn,
        at: new Date(clock.now()),
        logger: options.logger,
      });
    }
  } else if (verdict.status === 'cancelled') {
    leftState = `service deployment ${arn} continues under ECS control (${deployment.status}, ${deployment.lifecycleStage ?? 'no stage'})`;
  } else {
    const status = deployment.status ?? '';
    if (!status.startsWith('ROLLBACK') && !FINAL_STATUSES.includes(status)) {
      await stopWithRollback(ecs, arn);
      note('stop-deployment', `StopServiceDeployment ROLLBACK: ${verdict.reason}`);
    }
    deployment = await waitForFinalStatus(options, arn, clock.now() + options.timeoutMs);
    rolledBack = deployment.status === 'ROLLBACK_SUCCESSFUL';
    note('rollback', `service deployment ended ${deployment.status}`);
    leftState = `service deployment ${arn} is ${deployment.status}`;
  }
  return {
    strategy: 'native',
    verdict,
    rolledBack,
    finalWeights: await productionWeights(options, pairs),
    events,
    leftState,
  };
}
