/** Starting and stopping a service's tasks on behalf of a deployment, with the service events AWS writes. */
import type { DeploymentRecord, ServiceRecord, TaskRecord } from './records.js';
import type { EcsState } from './state.js';
import { launchTask, stopTask } from './tasks.js';

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
    started.push(
      launchTask(state, {
        cluster: service.cluster,
        taskDefinition,
        service,
        deployment,
        launchType: service.launchType ?? (service.capacityProviderStrategy ? 'FARGATE' : 'EC2'),
      }),
    );
  }
  service.steady = false;
  state.serviceEvent(
    service,
    `has started ${count} tasks: ${started.map((task) => `(task ${task.id})`).join(' ')}.`,
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
