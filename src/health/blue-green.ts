/**
 * Kit-managed blue/green: the idle colour gets the new revision; once its targets are healthy, the
 * listener's weights move step by step (health checked and baked at each step); afterwards the old colour
 * is scaled down or kept warm. On failure 100% goes back to the old colour in one call, then the idle colour
 * gets back the revision and task count it had before the run (a failed revision is not left running, or
 * crash-looping, behind a 0% weight); on cancellation traffic returns to the last step that was fully
 * healthy, and the idle colour is put back the same way when that step is 0%.
 */
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { asMissingPermissions, beforeMutation, isAccessDenied } from '../aws/access-denied.js';
import { errorMessage, wrapError } from '../errors.js';
import { setUpBlueGreen, type BlueGreenSetup } from './blue-green-setup.js';
import { gateDeployment } from './deployment-gate.js';
import { targetGroupName } from './evaluate.js';
import type { GateLoopResult } from './gate-loop.js';
import { writeWeights, type ForwardOwner, type WeightedForward } from './listener.js';
import type { MetricGateSettings } from './metric-bounds.js';
import { startMetricGate, withMetricVerdict, type MetricGate } from './metric-gate.js';
import { DeploymentObserver, type DeploymentObservation } from './observe.js';
import type { HealthGateOptions } from './options.js';
import { preflightGate } from './preflight.js';
import { tagHealthyRevision } from './tag.js';
import { trafficEvent } from './traffic-event.js';
import { nextTrafficStep, stepBakeMs, type TrafficPlan } from './traffic-plan.js';
import type { HealthSample, TrafficEvent, WaitReport } from './types.js';
import { verdictOf } from './verdict.js';
import { shortArn } from '../arn.js';

/** Options of runBlueGreen. */
export interface BlueGreenOptions extends HealthGateOptions {
  blueService: string;
  greenService: string;
  owner: ForwardOwner;
  /** The revision for the idle colour; when omitted the idle colour must already run it. */
  taskDefinition?: string;
  plan: TrafficPlan;
  oldColour: 'scale-down' | 'keep-warm';
  /** Bounds on the new colour's 5xx share and p99 latency, checked during and after each step. */
  metricGate?: MetricGateSettings;
}

// How long a step waits for more requests when the metric gate holds, before judging again.
const METRIC_HOLD_MS = 15_000;

/** The mutable state of one run, shared by its phases. */
interface Run {
  options: BlueGreenOptions;
  setup: BlueGreenSetup;
  forward: WeightedForward;
  startedAt: number;
  events: TrafficEvent[];
  samples: HealthSample[];
  /** The idle colour's weight now and at the last step that was fully healthy. */
  newWeight: number;
  lastHealthyWeight: number;
  everShifted: boolean;
  /** When the idle colour's new tasks first passed the gate. */
  firstHealthyAt?: number;
  /** The idle service as it was before this run changed it (set once deployIdle updated it). */
  idleBefore?: { taskDefinition?: string; desiredCount: number };
  /** The metric gate, when bounds are set (needs the CloudWatch client). */
  metrics?: MetricGate;
}

function weightsFor(run: Run, newWeight: number): Record<string, number> {
  return {
    [run.setup.idle.loadBalancer.targetGroupArn]: newWeight,
    [run.setup.live.loadBalancer.targetGroupArn]: 100 - newWeight,
  };
}

function event(run: Run, action: TrafficEvent['action'], detail: string): void {
  const { clock, logger } = run.options;
  run.events.push(trafficEvent({ clock, startedAt: run.startedAt, logger }, action, detail, run.newWeight));
}

async function setNewWeight(run: Run, newWeight: number): Promise<void> {
  run.forward = await writeWeights(run.options.clients.elb, run.forward, weightsFor(run, newWeight));
  run.newWeight = newWeight;
  if (newWeight > 0) run.everShifted = true;
}

function colourText(run: Run, newWeight: number): string {
  return `${run.setup.idle.name} ${newWeight}% / ${run.setup.live.name} ${100 - newWeight}%`;
}

/** Starts the new revision on the idle colour (when asked, or when it has no tasks) and returns its deployment id. */
async function deployIdle(run: Run): Promise<string | undefined> {
  const { idle, live, taskDefinitionArn } = run.setup;
  const desiredCount = Math.max(idle.service.desiredCount ?? 0, live.service.desiredCount ?? 0);
  if (!taskDefinitionArn && (idle.service.desiredCount ?? 0) > 0) {
    return idle.service.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.id;
  }
  try {
    // Recorded before the call: a request that fails after ECS applied it must still be undone.
    run.idleBefore = {
      taskDefinition: idle.service.taskDefinition,
      desiredCount: idle.service.desiredCount ?? 0,
    };
    const response = await run.options.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: run.options.cluster,
        service: idle.service.serviceName,
        taskDefinition: taskDefinitionArn,
        desiredCount,
      }),
    );
    const primary = response.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    const revision = taskDefinitionArn ?? primary?.taskDefinition ?? 'its current revision';
    event(run, 'deploy', `${idle.service.serviceName} (${idle.name}) → ${revision}, ${desiredCount} tasks`);
    return primary?.id;
  } catch (error) {
    // ECS applies nothing it denies: there is nothing to put back.
    if (isAccessDenied(error)) run.idleBefore = undefined;
    throw wrapError(`updating idle service '${idle.service.serviceName}'`, error);
  }
}

/** Gates the idle colour's new tasks at the current weight; the run keeps the samples. */
async function gateIdle(
  run: Run,
  observer: DeploymentObserver,
  holdUntil?: number,
): Promise<GateLoopResult<DeploymentObservation>> {
  const newWeight = run.newWeight;
  const gate = await gateDeployment(run.options, {
    // With traffic on the new colour, each poll also reads its metrics: a breach fails the gate.
    observe: () => withMetricVerdict(observer.observe(), newWeight > 0 ? run.metrics : undefined),
    targetGroups: run.setup.targetGroups,
    startedAt: run.startedAt,
    holdUntil,
    newWeightOf: () => newWeight,
  });
  run.samples.push(...gate.samples);
  run.firstHealthyAt ??= gate.firstHealthyAt;
  return gate.result;
}

/** Steps traffic through the plan; returns the gate result that ended it. */
async function shift(run: Run, observer: DeploymentObserver): Promise<GateLoopResult<DeploymentObservation>> {
  const { plan, clock } = run.options;
  let step = -1;
  let stepStartedAt = clock.now();
  let metricHoldUntil = 0;
  for (;;) {
    // The alarm bake (options.bakeMs) extends the final step's bake: 100% of users on the new colour.
    const bakeMs = step < 0 ? 0 : stepBakeMs(plan, step, run.options.bakeMs);
    const result = await gateIdle(run, observer, Math.max(stepStartedAt + bakeMs, metricHoldUntil));
    if (result.outcome !== 'healthy') return result;
    const decision = nextTrafficStep(plan, { step, elapsedInStepMs: clock.now() - stepStartedAt }, 'healthy');
    if (decision.action !== 'shift' && decision.action !== 'done') continue;
    if (step >= 0 && run.metrics) {
      const verdict = await run.metrics.verdict();
      if (verdict.action === 'rollback') return metricFailure(result, verdict.reason);
      if (verdict.action === 'hold') {
        run.options.logger?.info(`metric gate holds at ${run.newWeight}%: ${verdict.reason}`);
        metricHoldUntil = clock.now() + METRIC_HOLD_MS;
        continue;
      }
      run.options.logger?.info(`metric gate at ${run.newWeight}%: ${verdict.reason}`);
    }
    if (decision.action === 'done') return result;
    run.lastHealthyWeight = run.newWeight;
    if (step < 0) event(run, 'healthy', result.evaluation!.reason);
    await setNewWeight(run, decision.newWeight);
    event(run, 'shift', colourText(run, decision.newWeight));
    step = decision.step;
    stepStartedAt = clock.now();
    await run.metrics?.startStep();
  }
}

/** The healthy gate result turned into a failure by the metric gate's rollback verdict. */
function metricFailure(
  result: GateLoopResult<DeploymentObservation>,
  reason: string,
): GateLoopResult<DeploymentObservation> {
  const evaluation = result.evaluation && { ...result.evaluation, decision: 'failing' as const };
  return {
    ...result,
    outcome: 'failing',
    evaluation: evaluation && { ...evaluation, reason: `metric gate: ${reason}` },
  };
}

/**
 * Puts the idle colour back as it was before the run: its earlier revision and task count. Only with 0%
 * of traffic on it; a failure here is reported in the returned text, traffic is already safe.
 */
async function revertIdle(run: Run): Promise<string> {
  const before = run.idleBefore;
  const idle = run.setup.idle;
  if (!before || run.newWeight !== 0) return '';
  const revision = before.taskDefinition ? shortArn(before.taskDefinition) : 'its earlier revision';
  try {
    await run.options.clients.ecs.send(
      new UpdateServiceCommand({
        cluster: run.options.cluster,
        service: idle.service.serviceName,
        taskDefinition: before.taskDefinition,
        desiredCount: before.desiredCount,
      }),
    );
    const detail = `${idle.service.serviceName} (${idle.name}) back to ${revision}, ${before.desiredCount} tasks`;
    event(run, 'revert-idle', detail);
    return `; ${detail}`;
  } catch (error) {
    const message = `putting ${idle.service.serviceName} (${idle.name}) back to ${revision} failed: ${errorMessage(error)}`;
    run.options.logger?.warning(message);
    return `; ${message}`;
  }
}

/** Puts traffic back after a failure (all on the old colour) or a cancellation (last healthy step). */
async function restore(run: Run, outcome: string): Promise<string> {
  const target = outcome === 'cancelled' ? run.lastHealthyWeight : 0;
  if (run.newWeight !== target) {
    await setNewWeight(run, target);
    event(run, outcome === 'cancelled' ? 'restore' : 'rollback', colourText(run, target));
  }
  const old = run.setup.live.service.serviceName;
  const reverted = await revertIdle(run);
  return `traffic is ${colourText(run, target)}; ${old} (${run.setup.live.name}) serves it${reverted}`;
}

async function finish(run: Run, taskDefinitionArn: string | undefined): Promise<void> {
  const { options, setup } = run;
  if (taskDefinitionArn) {
    await tagHealthyRevision({
      ecs: options.clients.ecs,
      taskDefinitionArn,
      at: new Date(options.clock.now()),
      logger: options.logger,
    });
  }
  const old = setup.live.service.serviceName!;
  if (options.oldColour === 'keep-warm') {
    event(run, 'keep-warm', `${old} (${setup.live.name}) keeps its tasks at 0% traffic`);
    return;
  }
  try {
    await options.clients.ecs.send(
      new UpdateServiceCommand({ cluster: options.cluster, service: old, desiredCount: 0 }),
    );
    event(run, 'scale-down', `${old} (${setup.live.name}) scaled to 0 tasks`);
  } catch (error) {
    options.logger?.warning(
      `traffic is on the new colour, but scaling down ${old} failed: ${errorMessage(error)}`,
    );
  }
}

function finalWeights(run: Run): Record<string, number> {
  return Object.fromEntries(
    Object.entries(run.forward.weights).map(([arn, weight]) => [targetGroupName(arn), weight]),
  );
}

/** Runs a kit-managed blue/green deployment and reports what happened. */
export async function runBlueGreen(options: BlueGreenOptions): Promise<WaitReport> {
  const startedAt = options.clock.now();
  // Every read the run needs, before the first change: a denied one is named with nothing changed.
  const setup = await beforeMutation('wait-healthy', async () => {
    const read = await setUpBlueGreen(options);
    await preflightGate({
      clients: options.clients,
      cluster: options.cluster,
      // The live colour has tasks to DescribeTasks with even when the idle one has none yet.
      services: [read.idle.service, read.live.service],
      action: 'wait-healthy',
      known: read.targetGroups,
    });
    return read;
  });
  const run: Run = {
    options,
    setup,
    forward: setup.forward,
    startedAt,
    events: [],
    samples: [],
    newWeight: setup.forward.weights[setup.idle.loadBalancer.targetGroupArn],
    lastHealthyWeight: 0,
    everShifted: false,
    metrics: startMetricGate(options, setup),
  };
  if (run.newWeight > 0) {
    options.logger?.warning(
      `${setup.idle.name} has ${run.newWeight}% of traffic from an earlier run: moving it back first`,
    );
    await setNewWeight(run, 0);
    event(run, 'restore', colourText(run, 0));
  }
  let result: GateLoopResult<DeploymentObservation>;
  try {
    const deploymentId = await deployIdle(run);
    const observer = new DeploymentObserver({
      ecs: options.clients.ecs,
      elb: options.clients.elb,
      clock: options.clock,
      cluster: options.cluster,
      serviceName: setup.idle.service.serviceName!,
      deploymentId,
      loadBalancers: [setup.idle.loadBalancer],
      targetGroups: setup.targetGroups,
    });
    result = await shift(run, observer);
  } catch (error) {
    if (run.newWeight === 0 && !run.idleBefore)
      throw asMissingPermissions('wait-healthy', error, 'nothing was changed', 'ecs:UpdateService');
    const left = await restore(run, 'error').catch(
      (restoreError: unknown) => `restoring traffic failed too: ${errorMessage(restoreError)}`,
    );
    throw wrapError(`blue/green stopped (${left})`, error);
  }
  const verdict = verdictOf({
    result,
    startedAt,
    endedAt: options.clock.now(),
    firstHealthyAt: run.firstHealthyAt,
    timeoutMs: options.timeoutMs,
    samples: run.samples,
  });
  let leftState: string | undefined;
  if (verdict.status === 'healthy') await finish(run, verdict.taskDefinitionArn);
  else leftState = await restore(run, result.outcome);
  return {
    strategy: 'blue-green',
    verdict,
    rolledBack: verdict.status !== 'healthy' && run.everShifted,
    finalWeights: finalWeights(run),
    events: run.events,
    leftState,
  };
}
