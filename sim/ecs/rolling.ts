/**
 * The rolling update scheduler (ECS deployment type): new tasks start while the total stays within
 * maximumPercent of the desired count (rounded down), and old tasks stop only while the healthy count
 * stays at or above minimumHealthyPercent (rounded up). A task counts as healthy when it runs and, for a
 * service with load balancers, is healthy in every target group.
 */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './records.js';
import type { EcsState } from './state.js';
import { startTasks, stopTasks } from './placement.js';
import { isLive, isTaskHealthy, tasksOf } from './tasks.js';

function onDrainingInstance(task: TaskRecord): boolean {
  return task.containerInstance?.status === 'DRAINING';
}

/** Unhealthy tasks first, then the newest: stopping those costs the least capacity. */
function stopOrder(state: EcsState, tasks: TaskRecord[]): TaskRecord[] {
  return [...tasks].sort(
    (a, b) => Number(isTaskHealthy(state, a)) - Number(isTaskHealthy(state, b)) || b.createdAt - a.createdAt,
  );
}

/** Starts and stops tasks so that the primary deployment converges on the desired count. */
export function reconcileRolling(state: EcsState, service: ServiceRecord, primary: DeploymentRecord): void {
  const desired = service.desiredCount;
  const { maximumPercent, minimumHealthyPercent } = service.deploymentConfiguration;
  const maxTotal = Math.floor((desired * maximumPercent) / 100);
  const minHealthy = Math.ceil((desired * minimumHealthyPercent) / 100);
  const live = tasksOf(service).filter(isLive);
  // Tasks on a DRAINING container instance are replaced like an old deployment's tasks.
  const primaryLive = live.filter((task) => task.deploymentId === primary.id && !onDrainingInstance(task));

  // A FAILED deployment (circuit breaker without rollback) launches no more tasks.
  if (primary.rolloutState !== 'FAILED') {
    startTasks(state, service, primary, Math.min(desired - primaryLive.length, maxTotal - live.length));
  }

  let budget = live.filter((task) => isTaskHealthy(state, task)).length - minHealthy;
  const toStop: TaskRecord[] = [];
  const candidates = [
    ...live.filter((task) => task.deploymentId !== primary.id || onDrainingInstance(task)),
    ...stopOrder(state, primaryLive).slice(0, Math.max(0, primaryLive.length - desired)),
  ];
  for (const task of stopOrder(state, [...new Set(candidates)])) {
    if (!isTaskHealthy(state, task)) toStop.push(task);
    else if (budget > 0) {
      toStop.push(task);
      budget--;
    }
  }
  stopTasks(state, service, primary, toStop);
}
