/** Starting and stopping a service's tasks on behalf of a deployment, with the service events AWS writes. */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './records.js';
import { launchTypeOf, placeServiceTask } from './ec2-placement.js';
import type { EcsState } from './state.js';
import { launchTask, stopTask } from './tasks.js';

/** ECS writes the same placement-failure event at most this often per service (simulated ms). */
const PLACEMENT_EVENT_INTERVAL_MS = 30_000;
/** The scheduler tries again to place a task this long after it could not (simulated ms). */
const PLACEMENT_RETRY_MS = 10_000;
const retrying = new WeakSet<ServiceRecord>();

/**
 * "was unable to place a task because no container instance met all of its requirements", with the
 * closest matching instance's shortfall; written again only after PLACEMENT_EVENT_INTERVAL_MS, and the
 * placement retried. It does not count toward the circuit breaker (no task failed).
 */
function placementFailed(state: EcsState, service: ServiceRecord, reason: string): void {
  const now = state.sim.clock.now();
  state.sim.record('placement-failed', { service: service.name, reason });
  if (
    service.placementFailureAt === undefined ||
    now - service.placementFailureAt >= PLACEMENT_EVENT_INTERVAL_MS
  ) {
    service.placementFailureAt = now;
    state.serviceEvent(
      service,
      `was unable to place a task because no container instance met all of its requirements. ${reason} For more information, see the Troubleshooting section.`,
    );
  }
  if (retrying.has(service)) return;
  retrying.add(service);
  state.sim.clock.after(PLACEMENT_RETRY_MS, () => {
    retrying.delete(service);
    state.scheduleReconcile(service);
  });
}

/** Starts `count` tasks of a deployment ("has started N tasks: (task …)."). */
export function startTasks(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  count: number,
): void {
  if (count <= 0) return;
  const taskDefinition = state.findTaskDefinition(deployment.taskDefinitionArn);
  if (!taskDefinition) return;
  const started: TaskRecord[] = [];
  for (let index = 0; index < count; index++) {
    const placement = placeServiceTask(state, service, taskDefinition);
    if (placement && !placement.placed) {
      placementFailed(state, service, placement.reason);
      break;
    }
    started.push(
      launchTask(state, {
        cluster: service.cluster,
        taskDefinition,
        service,
        deployment,
        launchType: launchTypeOf(service),
        placement: placement && { instance: placement.instance, networkBindings: placement.networkBindings },
      }),
    );
  }
  if (started.length === 0) return;
  service.steady = false;
  state.serviceEvent(
    service,
    `has started ${started.length} tasks: ${started.map((task) => `(task ${task.id})`).join(' ')}.`,
  );
}

/** Stops tasks as scaling activity of a deployment ("has stopped N running tasks: (task …)."). */
export function stopTasks(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  tasks: TaskRecord[],
): void {
  if (tasks.length === 0) return;
  for (const task of tasks) {
    stopTask(state, task, {
      reason: `Scaling activity initiated by (deployment ${deployment.id})`,
      stopCode: 'ServiceSchedulerInitiated',
      failed: false,
    });
  }
  service.steady = false;
  const draining = tasks.filter((task) => task.targets.length > 0).length;
  if (draining > 0) state.serviceEvent(service, `has begun draining connections on ${draining} tasks.`);
  state.serviceEvent(
    service,
    `has stopped ${tasks.length} running tasks: ${tasks.map((task) => `(task ${task.id})`).join(' ')}.`,
  );
}
