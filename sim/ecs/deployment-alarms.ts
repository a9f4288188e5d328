/**
 * `deploymentConfiguration.alarms` ({alarmNames, enable, rollback}): while a deployment is IN_PROGRESS
 * and one of its tasks runs, ECS watches the alarms; one in ALARM fails the deployment and, with
 * rollback, deploys the last COMPLETED revision again. Alarms already in ALARM when the deployment starts
 * are not watched for it (ECS ignores them, as the Copilot documentation warns). A rolling deployment with alarms stays
 * IN_PROGRESS for a bake time after it is steady: the simulator takes the longest alarm window
 * (evaluation periods × period), as ECS computes the bake time from the alarms' configuration.
 */
import type { DeploymentConfigurationRecord, DeploymentRecord, ServiceRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';
import {
  isBlueGreen,
  primaryOf,
  serviceDeploymentOf,
  setRolloutState,
  setServiceDeploymentStatus,
} from './deployments.js';
import { startRollback } from './rollback.js';
import { tasksOf } from './tasks.js';
import { alarmsOf } from './deployment-alarm-settings.js';

/** CreateService/UpdateService: `alarms` needs alarmNames (strings), enable and rollback (booleans). */
export function checkAlarmsSetting(configuration: DeploymentConfigurationRecord): void {
  const alarms = configuration.alarms as Record<string, unknown> | undefined;
  if (alarms === undefined) return;
  const names = alarms.alarmNames;
  if (!Array.isArray(names) || names.some((name) => typeof name !== 'string' || name === '')) {
    throw ecsError.invalid('deploymentConfiguration.alarms.alarmNames must be a list of alarm names.');
  }
  if (typeof alarms.enable !== 'boolean' || typeof alarms.rollback !== 'boolean') {
    throw ecsError.invalid('deploymentConfiguration.alarms.enable and rollback must be specified.');
  }
}

/** Reconciles every service that watches `alarmName` (called on each alarm state change). */
export function watchDeploymentAlarms(state: EcsState): void {
  state.alarms?.onStateChange((change) => {
    if (change.to !== 'ALARM') return;
    for (const cluster of state.clusters.values()) {
      for (const service of cluster.services.values()) {
        if (alarmsOf(service)?.alarmNames.includes(change.alarmName)) state.scheduleReconcile(service);
      }
    }
  });
}

/**
 * Fails the primary deployment when one of the service's alarms is in ALARM while it is IN_PROGRESS
 * and one of its tasks runs; rolls back when the setting says so. Returns true if it failed it.
 */
export function checkDeploymentAlarms(state: EcsState, service: ServiceRecord): boolean {
  const settings = alarmsOf(service);
  const primary = primaryOf(service);
  if (!settings || !state.alarms || primary.rolloutState !== 'IN_PROGRESS' || primary.rollbackOf)
    return false;
  // Set by UpdateService when it started the deployment; a deployment made otherwise starts on its first pass.
  primary.alarmsIgnored ??= settings.alarmNames.filter((name) => state.alarms!.stateOf(name) === 'ALARM');
  const running = tasksOf(service).some(
    (task) => task.deploymentId === primary.id && task.lastStatus === 'RUNNING',
  );
  if (!running) return false;
  const firing = settings.alarmNames.filter(
    (name) => state.alarms!.stateOf(name) === 'ALARM' && !primary.alarmsIgnored!.includes(name),
  );
  if (firing.length === 0) return false;
  const names = firing.join(', ');
  const reason = `ECS deployment ${primary.id} failed: alarm(s) detected: ${names}.`;
  setRolloutState(state, service, primary, 'FAILED', reason);
  state.serviceEvent(service, `(deployment ${primary.id}) deployment failed: alarm(s) detected: ${names}.`);
  state.sim.record('deployment-alarm', { service: service.name, deploymentId: primary.id, alarms: firing });
  const serviceDeployment = serviceDeploymentOf(service, primary.id);
  if (!serviceDeployment) return true;
  serviceDeployment.alarms = {
    status: 'TRIGGERED',
    alarmNames: settings.alarmNames,
    triggeredAlarmNames: firing,
  };
  if (settings.rollback) {
    startRollback(
      state,
      service,
      serviceDeployment,
      `Service deployment rolled back because the CloudWatch alarm(s) ${names} went into ALARM.`,
    );
  } else {
    setServiceDeploymentStatus(
      state,
      serviceDeployment,
      'STOPPED',
      `Service deployment failed: the CloudWatch alarm(s) ${names} went into ALARM.`,
    );
  }
  return true;
}

/**
 * Simulated ms a steady rolling deployment still waits before COMPLETED (its bake time), 0 when it may
 * complete now. The first call after the deployment turned steady starts the bake.
 */
export function alarmBakeRemainingMs(
  state: EcsState,
  service: ServiceRecord,
  primary: DeploymentRecord,
): number {
  const settings = alarmsOf(service);
  if (!settings || !state.alarms || isBlueGreen(service) || primary.rollbackOf) return 0;
  const bakeMs = Math.max(0, ...settings.alarmNames.map((name) => state.alarms!.evaluationWindowMs(name)));
  const now = state.sim.clock.now();
  primary.alarmBakeStartedAt ??= now;
  return Math.max(0, primary.alarmBakeStartedAt + bakeMs - now);
}
