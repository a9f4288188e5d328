/**
 * The service scheduler: after anything changed (a task's state, a target's health, an update), it
 * applies the circuit breaker, lets the deployment strategy start and stop tasks, drops old deployments
 * whose tasks are all stopped, and marks the rollout COMPLETED when the primary deployment is steady.
 */
import type { ServiceRecord } from './records.js';
import type { EcsState } from './state.js';
import { reconcileBlueGreen, reconcileRestore } from './blue-green.js';
import { checkCircuitBreaker } from './circuit-breaker.js';
import { alarmBakeRemainingMs, checkDeploymentAlarms } from './deployment-alarms.js';
import {
  isBlueGreen,
  primaryOf,
  serviceDeploymentOf,
  setRolloutState,
  setServiceDeploymentStatus,
} from './deployments.js';
import { stopTasks } from './placement.js';
import { reconcileRolling } from './rolling.js';
import { isLive, isTaskHealthy, tasksOf } from './tasks.js';

/** One scheduler pass over a service. */
export function reconcileService(state: EcsState, service: ServiceRecord): void {
  if (service.status === 'INACTIVE') return;
  const primary = primaryOf(service);
  if (service.status === 'DRAINING') {
    stopTasks(state, service, primary, tasksOf(service).filter(isLive));
    if (tasksOf(service).length === 0) {
      service.status = 'INACTIVE';
      state.sim.record('service-state', { service: service.name, status: 'INACTIVE' });
    }
    return;
  }
  checkCircuitBreaker(state, service);
  checkDeploymentAlarms(state, service);
  const current = primaryOf(service);
  current.desiredCount = service.desiredCount;
  if (current.rollbackOf && isBlueGreen(service) && current.stage === undefined) {
    reconcileRestore(state, service, current);
  } else if (current.stage !== undefined && current.rolloutState === 'IN_PROGRESS') {
    reconcileBlueGreen(state, service, current);
  } else if (current.stage === undefined) {
    reconcileRolling(state, service, current);
  }
  removeDrainedDeployments(state, service);
  checkCompletion(state, service);
}

/** ACTIVE deployments leave the service once none of their tasks is left (stopped tasks included). */
function removeDrainedDeployments(state: EcsState, service: ServiceRecord): void {
  const tasks = tasksOf(service);
  service.deployments = service.deployments.filter((deployment) => {
    if (deployment.status === 'PRIMARY') return true;
    if (tasks.some((task) => task.deploymentId === deployment.id)) return true;
    deployment.status = 'INACTIVE';
    state.sim.record('deployment-removed', { service: service.name, deploymentId: deployment.id });
    return false;
  });
}

/** COMPLETED when the primary has its desired count running and healthy and no other deployment remains. */
function checkCompletion(state: EcsState, service: ServiceRecord): void {
  const primary = primaryOf(service);
  const tasks = tasksOf(service);
  const primaryLive = tasks.filter((task) => isLive(task) && task.deploymentId === primary.id);
  const steady =
    service.deployments.length === 1 &&
    (primary.stage === undefined || primary.stage === 'CLEAN_UP') &&
    primaryLive.length === service.desiredCount &&
    tasks.every((task) => isLive(task)) &&
    primaryLive.every((task) => isTaskHealthy(state, task));
  if (!steady) return;
  const bakeMs = primary.rolloutState === 'IN_PROGRESS' ? alarmBakeRemainingMs(state, service, primary) : 0;
  if (bakeMs > 0) {
    state.scheduleReconcile(service, bakeMs);
    return;
  }
  if (primary.rolloutState === 'IN_PROGRESS') {
    setRolloutState(state, service, primary, 'COMPLETED', `ECS deployment ${primary.id} completed.`);
    if (primary.stage !== undefined) primary.stage = undefined;
    service.lastCompleted = {
      deploymentId: primary.id,
      taskDefinitionArn: primary.taskDefinitionArn,
      revisionArn: primary.revisionArn,
    };
    const serviceDeployment = serviceDeploymentOf(service, primary.id);
    if (serviceDeployment?.status === 'IN_PROGRESS')
      setServiceDeploymentStatus(state, serviceDeployment, 'SUCCESSFUL');
    if (serviceDeployment?.status === 'ROLLBACK_IN_PROGRESS') {
      setServiceDeploymentStatus(state, serviceDeployment, 'ROLLBACK_SUCCESSFUL');
    }
    state.serviceEvent(service, `(deployment ${primary.id}) deployment completed.`);
  }
  if (!service.steady) {
    service.steady = true;
    state.serviceEvent(service, 'has reached a steady state.');
  }
}
