/**
 * ECS native blue/green, linear and canary deployments: ECS shifts traffic itself; the kit follows the
 * service deployment (lifecycleStage, status), gates on the new revision's targets, and when the gate fails
 * stops the deployment with ROLLBACK and waits for ROLLBACK_SUCCESSFUL. Phases: set up → gate → settle
 * (tag, leave, or roll back) → read the final production weights.
 */
import type { ServiceDeployment } from '@aws-sdk/client-ecs';
import { beforeMutation, denialOf, MissingPermissionsError } from '../aws/access-denied.js';
import { errorMessage } from '../errors.js';
import { gateDeployment } from './deployment-gate.js';
import { targetGroupName } from './evaluate.js';
import { readWeightedForward } from './listener.js';
import {
  describeServiceDeployment,
  findServiceDeployment,
  FINAL_STATUSES,
  nativeLoadBalancers,
  stopWithRollback,
  type NativeLoadBalancer,
} from './native-deployment.js';
import { NativeDeploymentFollower, newWeightOf } from './native-follow.js';
import { DeploymentObserver } from './observe.js';
import type { HealthGateOptions } from './options.js';
import { preflightGate } from './preflight.js';
import { describeService } from './service.js';
import { tagHealthyRevision } from './tag.js';
import { describeTargetGroups, type TargetGroupSettings } from './targets.js';
import { trafficEvent, type EventContext } from './traffic-event.js';
import type { HealthVerdict, TrafficEvent, WaitReport } from './types.js';
import { verdictOf } from './verdict.js';

/** Options of runNative. */
export interface NativeOptions extends HealthGateOptions {
  /** Service name or ARN. */
  service: string;
  /** The service deployment to follow; the newest pending or in-progress one when omitted. */
  serviceDeploymentArn?: string;
}

/** What the set-up phase found: the service's load balancer pairs and the deployment to follow. */
interface NativeSetup {
  serviceName: string;
  pairs: NativeLoadBalancer[];
  targetGroups: Map<string, TargetGroupSettings>;
  serviceDeploymentArn: string;
  /** The service deployment as read before the gate started. */
  deployment: ServiceDeployment;
}

/** What the gate phase found. */
interface NativeGate {
  verdict: HealthVerdict;
  /** The service deployment as last read. */
  deployment: ServiceDeployment;
  events: TrafficEvent[];
}

/** What the settle phase did. */
interface NativeSettlement {
  rolledBack: boolean;
  events: TrafficEvent[];
  leftState?: string;
}

/** Validates the service (a native strategy with alternate target groups) and finds the deployment. */
async function setUpNative(options: NativeOptions): Promise<NativeSetup> {
  const { ecs, elb } = options.clients;
  const service = await describeService(ecs, options.cluster, options.service);
  const pairs = nativeLoadBalancers(service);
  const targetGroups = await describeTargetGroups(
    elb,
    pairs.flatMap((pair) => [pair.targetGroupArn, pair.alternateTargetGroupArn]),
  );
  const serviceDeploymentArn = await findServiceDeployment(ecs, {
    cluster: options.cluster,
    service: options.service,
    arn: options.serviceDeploymentArn,
  });
  const deployment = await describeServiceDeployment(ecs, serviceDeploymentArn);
  // The gate's polls, read once now: a role that cannot watch fails here, naming every missing permission.
  await preflightGate({
    clients: options.clients,
    cluster: options.cluster,
    services: [service],
    action: 'wait-healthy',
    known: targetGroups,
  });
  return { serviceName: service.serviceName!, pairs, targetGroups, serviceDeploymentArn, deployment };
}

/** Gates the new revision's targets while ECS moves the deployment through its lifecycle stages. */
async function gateNative(
  options: NativeOptions,
  setup: NativeSetup,
  events: EventContext,
): Promise<NativeGate> {
  const { clients, clock } = options;
  const observer = new DeploymentObserver({
    ecs: clients.ecs,
    elb: clients.elb,
    clock,
    cluster: options.cluster,
    serviceName: setup.serviceName,
    loadBalancers: setup.pairs.flatMap((pair) => [
      pair,
      { ...pair, targetGroupArn: pair.alternateTargetGroupArn },
    ]),
    targetGroups: setup.targetGroups,
  });
  const follower = new NativeDeploymentFollower({
    ecs: clients.ecs,
    serviceDeploymentArn: setup.serviceDeploymentArn,
    observer,
    pairs: setup.pairs,
    events,
  });
  const gate = await gateDeployment(options, {
    observe: () => follower.observe(),
    targetGroups: setup.targetGroups,
    startedAt: events.startedAt,
    newWeightOf: (observation) => newWeightOf(observation.serviceDeployment),
  });
  const verdict = verdictOf({
    result: gate.result,
    startedAt: events.startedAt,
    endedAt: clock.now(),
    firstHealthyAt: gate.firstHealthyAt,
    timeoutMs: options.timeoutMs,
    samples: gate.samples,
  });
  const deployment = gate.result.observation?.serviceDeployment ?? setup.deployment;
  return { verdict, deployment, events: follower.events() };
}

/** Polls the service deployment until it reaches a final status or the deadline. */
async function waitForFinalStatus(
  options: NativeOptions,
  serviceDeploymentArn: string,
  deadline: number,
): Promise<ServiceDeployment> {
  for (;;) {
    const deployment = await describeServiceDeployment(options.clients.ecs, serviceDeploymentArn);
    if (FINAL_STATUSES.includes(deployment.status ?? '') || options.clock.now() >= deadline)
      return deployment;
    await options.clock.sleep(1000);
  }
}

/**
 * StopServiceDeployment with ROLLBACK. Denied, the deployment the gate failed goes on under ECS with
 * nobody watching: the failure names the permission and gives the one command that rolls it back.
 */
async function stopOrSayHow(options: NativeOptions, arn: string, reason: string): Promise<void> {
  try {
    await stopWithRollback(options.clients.ecs, arn);
  } catch (error) {
    const denial = denialOf(error, 'ecs:StopServiceDeployment');
    if (!denial) throw error;
    throw new MissingPermissionsError(
      'wait-healthy',
      [denial],
      `the gate failed (${reason}) but service deployment ${arn} was not stopped and carries on under ECS; ` +
        `roll it back with: aws ecs stop-service-deployment --service-deployment-arn ${arn} --stop-type ROLLBACK`,
    );
  }
}

/** Stops the deployment with ROLLBACK (unless ECS already ends it) and waits for its final status. */
async function rollBackNative(
  options: NativeOptions,
  gate: NativeGate,
  setup: NativeSetup,
  context: EventContext,
): Promise<NativeSettlement> {
  const arn = setup.serviceDeploymentArn;
  const events: TrafficEvent[] = [];
  const status = gate.deployment.status ?? '';
  if (!status.startsWith('ROLLBACK') && !FINAL_STATUSES.includes(status)) {
    await stopOrSayHow(options, arn, gate.verdict.reason);
    const detail = `StopServiceDeployment ROLLBACK: ${gate.verdict.reason}`;
    events.push(trafficEvent(context, 'stop-deployment', detail, newWeightOf(gate.deployment)));
  }
  const final = await waitForFinalStatus(options, arn, options.clock.now() + options.timeoutMs);
  events.push(
    trafficEvent(context, 'rollback', `service deployment ended ${final.status}`, newWeightOf(final)),
  );
  return {
    rolledBack: final.status === 'ROLLBACK_SUCCESSFUL',
    events,
    leftState: `service deployment ${arn} is ${final.status}`,
  };
}

/** After the gate: tag a healthy revision, leave a cancelled deployment to ECS, or roll a failed one back. */
async function settleNative(
  options: NativeOptions,
  gate: NativeGate,
  setup: NativeSetup,
  context: EventContext,
): Promise<NativeSettlement> {
  const { verdict, deployment } = gate;
  if (verdict.status === 'healthy') {
    if (verdict.taskDefinitionArn) {
      await tagHealthyRevision({
        ecs: options.clients.ecs,
        taskDefinitionArn: verdict.taskDefinitionArn,
        at: new Date(options.clock.now()),
        logger: options.logger,
      });
    }
    return { rolledBack: false, events: [] };
  }
  if (verdict.status === 'cancelled') {
    const stage = `${deployment.status}, ${deployment.lifecycleStage ?? 'no stage'}`;
    const leftState = `service deployment ${setup.serviceDeploymentArn} continues under ECS control (${stage})`;
    return { rolledBack: false, events: [], leftState };
  }
  return rollBackNative(options, gate, setup, context);
}

/** Target group name → weight of the production listener rule, when the service names one. */
async function productionWeights(
  options: NativeOptions,
  pairs: NativeLoadBalancer[],
): Promise<Record<string, number> | undefined> {
  const rule = pairs[0].productionListenerRule;
  if (!rule) return undefined;
  try {
    const forward = await readWeightedForward(options.clients.elb, { kind: 'rule', arn: rule }, []);
    return Object.fromEntries(
      Object.entries(forward.weights).map(([arn, weight]) => [targetGroupName(arn), weight]),
    );
  } catch (error) {
    options.logger?.warning(`could not read the production listener rule's weights: ${errorMessage(error)}`);
    return undefined;
  }
}

/** Follows and gates an ECS native deployment; rolls it back through ECS when the gate fails. */
export async function runNative(options: NativeOptions): Promise<WaitReport> {
  const context: EventContext = {
    clock: options.clock,
    startedAt: options.clock.now(),
    logger: options.logger,
  };
  // Set-up and gate change nothing: a denied read is named with nothing changed (and the policy to grant).
  const setup = await beforeMutation('wait-healthy', () => setUpNative(options));
  const gate = await beforeMutation('wait-healthy', () => gateNative(options, setup, context));
  const settlement = await settleNative(options, gate, setup, context);
  return {
    strategy: 'native',
    verdict: gate.verdict,
    rolledBack: settlement.rolledBack,
    finalWeights: await productionWeights(options, setup.pairs),
    events: [...gate.events, ...settlement.events],
    leftState: settlement.leftState,
  };
}
