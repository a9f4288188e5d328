/**
 * What the ECS model needs from CloudWatch for `deploymentConfiguration.alarms`, and nothing more: an
 * alarm's state, how far back it looks (for the bake time) and its state changes. The CloudWatch model
 * implements it.
 */

/** An alarm's state as ECS reads it. */
export type DeploymentAlarmState = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** One alarm state change. */
export interface AlarmStateChange {
  alarmName: string;
  from: DeploymentAlarmState;
  to: DeploymentAlarmState;
  reason: string;
}

/** The CloudWatch alarms as ECS sees them. */
export interface AlarmStates {
  /** The alarm's current state, or undefined when there is no such alarm. */
  stateOf(alarmName: string): DeploymentAlarmState | undefined;
  /** Simulated ms the alarm looks back (evaluation periods × period); 0 for an unknown alarm. */
  evaluationWindowMs(alarmName: string): number;
  /** Calls `listener` on every state change. */
  onStateChange(listener: (change: AlarmStateChange) => void): void;
}
