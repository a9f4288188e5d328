/**
 * Rolling a service deployment back (circuit breaker with rollback, or StopServiceDeployment ROLLBACK):
 * rolling services get a new PRIMARY deployment of the last COMPLETED revision; native blue/green services
 * move production (and test) traffic back first and make the source deployment PRIMARY again.
 */
import type { DeploymentRecord, ServiceDeploymentRecord, ServiceRecord } from './records.js';
import type { EcsState } from './state.js';
import {
  createClassicDeployment,
  isBlueGreen,
  setRolloutState,
  setServiceDeploymentStatus,
} from './deployments.js';
import { shiftTraffic } from './traffic.js';

function rollbackTarget(service: ServiceRecord, serviceDeployment: ServiceDeploymentRecord) {
  const failedId = serviceDeployment.targetDeploymentId;
  if (service.lastCompleted && service.lastCompleted.deploymentId !== failedId) return service.lastCompleted;
  return undefined;
}

/** Starts a rollback of a service deployment; it ends ROLLBACK_SUCCESSFUL when the restored revision is steady. */
export function startRollback(
  state: EcsState,
  service: ServiceRecord,
  serviceDeployment: ServiceDeploymentRecord,
  reason: string,
): void {
  const target = rollbackTarget(service, serviceDeployment);
  const failed = service.deployments.find(
    (deployment) => deployment.id === serviceDeployment.targetDeploymentId,
  );
  if (!target) {
    setServiceDeploymentStatus(
      state,
      serviceDeployment,
      'ROLLBACK_FAILED',
      'There is no completed revision to roll back to.',
    );
    return;
  }
  const now = state.sim.clock.now();
  let restored: DeploymentRecord;
  const source = service.deployments.find((deployment) => deployment.id === target.deploymentId);
  if (isBlueGreen(service) && source && failed) {
    // Blue is still running: production traffic goes back to it in one step, then green is removed.
    shiftTraffic(state, service, { to: source.targetGroupArns, from: failed.targetGroupArns });
    for (const deployment of service.deployments)
      if (deployment.status === 'PRIMARY') deployment.status = 'ACTIVE';
    service.deployments.splice(service.deployments.indexOf(source), 1);
    service.deployments.unshift(source);
    source.status = 'PRIMARY';
    source.desiredCount = service.desiredCount;
    source.rollbackOf = failed.id;
    setRolloutState(state, service, source, 'IN_PROGRESS', `Rolling back to deployment ${source.id}.`);
    service.taskDefinitionArn = source.taskDefinitionArn;
    restored = source;
  } else {
    restored = createClassicDeployment(state, service, {
      taskDefinitionArn: target.taskDefinitionArn,
      targetGroupArns: service.productionTargetGroupArns.slice(),
      rolloutStateReason: `ECS deployment circuit breaker: rolling back to deploymentId ${target.deploymentId}.`,
    });
    restored.rollbackOf = failed?.id ?? serviceDeployment.targetDeploymentId;
    restored.stage = undefined;
    restored.stageStartedAt = undefined;
    restored.revisionArn = target.revisionArn;
  }
  if (failed && failed.rolloutState === 'IN_PROGRESS')
    setRolloutState(state, service, failed, 'FAILED', reason);
  serviceDeployment.rollback = {
    reason,
    startedAt: now,
    serviceRevisionArn: target.revisionArn,
    deploymentId: restored.id,
  };
  state.serviceEvent(service, `rolling back to deployment ${target.deploymentId}.`);
  setServiceDeploymentStatus(state, serviceDeployment, 'ROLLBACK_IN_PROGRESS', reason);
  state.scheduleReconcile(service);
}
