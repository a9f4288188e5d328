/**
 * ECS native blue/green deployments (deploymentConfiguration.strategy BLUE_GREEN, and LINEAR / CANARY,
 * which differ only in how production traffic moves: traffic-plan.ts), following the ECS
 * developer guide's lifecycle stages: the green revision scales up to the full desired count in the
 * alternate target group, test traffic then production traffic move to it (listener rule weights), the
 * bake time passes with blue still running, and CLEAN_UP stops blue. The target groups swap roles.
 */
import {
  LIFECYCLE_STAGES,
  type DeploymentRecord,
  type LifecycleStage,
  type ServiceRecord,
} from './records.js';
import type { EcsState } from './state.js';
import { serviceDeploymentOf } from './deployments.js';
import { startTasks, stopTasks } from './placement.js';
import { isLive, isTaskHealthy, tasksOf } from './tasks.js';
import { productionTrafficPlan } from './traffic-plan.js';
import { shiftTraffic } from './traffic.js';

/** How long each instantaneous stage lasts (simulated), so that observers polling the deployment can see it. */
export const STAGE_DWELL_MS = 5000;

function enterStage(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  stage: LifecycleStage,
): void {
  deployment.stage = stage;
  deployment.stageStartedAt = state.sim.clock.now();
  deployment.updatedAt = deployment.stageStartedAt;
  const serviceDeployment = serviceDeploymentOf(service, deployment.id);
  if (serviceDeployment) {
    serviceDeployment.updatedAt = deployment.stageStartedAt;
    serviceDeployment.lifecycleStage = stage;
  }
  state.sim.record('deployment-state', {
    service: service.name,
    deploymentId: deployment.id,
    serviceDeploymentArn: serviceDeployment?.arn,
    lifecycleStage: stage,
  });
  const blue = blueTargetGroups(service, deployment);
  if (stage === 'TEST_TRAFFIC_SHIFT') {
    shiftTraffic(state, service, { to: deployment.targetGroupArns, from: blue, rules: ['test'] });
  } else if (stage === 'PRODUCTION_TRAFFIC_SHIFT') {
    shiftProduction(
      state,
      service,
      deployment,
      productionTrafficPlan(service.deploymentConfiguration).percents[0],
    );
  } else if (stage === 'CLEAN_UP') {
    service.productionTargetGroupArns = deployment.targetGroupArns.slice();
  }
}

function shiftProduction(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  percent: number,
): void {
  const blue = blueTargetGroups(service, deployment);
  shiftTraffic(state, service, {
    to: deployment.targetGroupArns,
    from: blue,
    rules: ['production'],
    percent,
  });
  deployment.productionPercent = percent;
  deployment.lastShiftAt = state.sim.clock.now();
}

/**
 * PRODUCTION_TRAFFIC_SHIFT in steps (LINEAR, CANARY): returns true once the last step (100 %) has
 * been shown for a stage dwell, so the stage may end.
 */
function stepProduction(state: EcsState, service: ServiceRecord, green: DeploymentRecord): boolean {
  const plan = productionTrafficPlan(service.deploymentConfiguration);
  const sinceShift = state.sim.clock.now() - (green.lastShiftAt ?? 0);
  const current = green.productionPercent ?? 0;
  if (current >= 100) {
    if (sinceShift >= STAGE_DWELL_MS) return true;
    state.scheduleReconcile(service, STAGE_DWELL_MS - sinceShift);
    return false;
  }
  const wait = Math.max(plan.waitMs, STAGE_DWELL_MS);
  if (sinceShift >= wait) {
    shiftProduction(state, service, green, plan.percents.find((percent) => percent > current) ?? 100);
    state.scheduleReconcile(service, (green.productionPercent ?? 0) >= 100 ? STAGE_DWELL_MS : wait);
  } else {
    state.scheduleReconcile(service, wait - sinceShift);
  }
  return false;
}

function blueTargetGroups(service: ServiceRecord, green: DeploymentRecord): string[] {
  return service.loadBalancers.map((loadBalancer, index) => {
    const alternate =
      loadBalancer.advancedConfiguration?.alternateTargetGroupArn ?? loadBalancer.targetGroupArn;
    return green.targetGroupArns[index] === loadBalancer.targetGroupArn
      ? alternate
      : loadBalancer.targetGroupArn;
  });
}

function dwellMs(service: ServiceRecord, stage: LifecycleStage): number {
  if (stage === 'BAKE_TIME') {
    return Math.max(STAGE_DWELL_MS, (service.deploymentConfiguration.bakeTimeInMinutes ?? 0) * 60_000);
  }
  return STAGE_DWELL_MS;
}

/** Moves a blue/green deployment through its lifecycle stages; completion is checked by the scheduler. */
export function reconcileBlueGreen(state: EcsState, service: ServiceRecord, green: DeploymentRecord): void {
  const live = tasksOf(service).filter(isLive);
  const greenLive = live.filter((task) => task.deploymentId === green.id);
  const stage = green.stage!;
  if (green.rolloutState !== 'FAILED' && stage !== 'RECONCILE_SERVICE' && stage !== 'PRE_SCALE_UP') {
    // Blue/green scales green to the full desired count at once; failed green tasks are replaced.
    startTasks(state, service, green, service.desiredCount - greenLive.length);
  }
  if (stage === 'CLEAN_UP') {
    stopTasks(
      state,
      service,
      green,
      live.filter((task) => task.deploymentId !== green.id),
    );
    return;
  }
  const elapsed = state.sim.clock.now() - (green.stageStartedAt ?? 0);
  if (stage === 'PRODUCTION_TRAFFIC_SHIFT') {
    if (!stepProduction(state, service, green)) return;
  } else if (stage === 'SCALE_UP') {
    const ready =
      greenLive.length === service.desiredCount && greenLive.every((task) => isTaskHealthy(state, task));
    if (!ready || elapsed < STAGE_DWELL_MS) {
      if (ready) state.scheduleReconcile(service, STAGE_DWELL_MS - elapsed);
      return;
    }
  } else if (elapsed < dwellMs(service, stage)) {
    state.scheduleReconcile(service, dwellMs(service, stage) - elapsed);
    return;
  }
  const next = LIFECYCLE_STAGES[LIFECYCLE_STAGES.indexOf(stage) + 1];
  enterStage(state, service, green, next);
  state.scheduleReconcile(service, next === 'CLEAN_UP' ? 0 : dwellMs(service, next));
}

/** A blue/green rollback: the restored deployment gets its full count back, every other task stops. */
export function reconcileRestore(state: EcsState, service: ServiceRecord, restored: DeploymentRecord): void {
  const live = tasksOf(service).filter(isLive);
  const restoredLive = live.filter((task) => task.deploymentId === restored.id);
  if (restored.rolloutState !== 'FAILED') {
    startTasks(state, service, restored, service.desiredCount - restoredLive.length);
  }
  stopTasks(
    state,
    service,
    restored,
    live.filter((task) => task.deploymentId !== restored.id),
  );
}
