/**
 * A service's `deploymentConfiguration.alarms` as ECS acts on it, and which of its alarms a new deployment
 * ignores: ECS does not watch an alarm that is already in ALARM when the deployment starts. Apart from
 * deployment-alarms.ts so that starting a deployment (deployments.ts) can note them at that moment.
 */
import type { DeploymentRecord, ServiceRecord } from './records.js';
import type { EcsState } from './state.js';

/** The alarms setting of a service, when enabled. */
export interface DeploymentAlarms {
  alarmNames: string[];
  rollback: boolean;
}

/** The service's enabled deployment alarms, or undefined. */
export function alarmsOf(service: ServiceRecord): DeploymentAlarms | undefined {
  const alarms = service.deploymentConfiguration.alarms as
    { alarmNames?: unknown; enable?: unknown; rollback?: unknown } | undefined;
  if (!alarms?.enable || !Array.isArray(alarms.alarmNames) || alarms.alarmNames.length === 0)
    return undefined;
  return { alarmNames: alarms.alarmNames.map(String), rollback: alarms.rollback === true };
}

/**
 * Notes on a deployment that starts now the alarms already in ALARM, which ECS leaves unwatched for it.
 * Taken at the start, not at the first reconcile: an alarm that fires a moment after UpdateService is
 * watched however soon the reconcile loop gets to the service.
 */
export function noteAlarmsAtStart(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
): void {
  const settings = alarmsOf(service);
  if (!settings || !state.alarms) return;
  deployment.alarmsIgnored = settings.alarmNames.filter((name) => state.alarms!.stateOf(name) === 'ALARM');
}
