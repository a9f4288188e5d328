/**
 * CloudWatch seed: alarms with an optional initial state. An alarm on an ALB metric may name its load
 * balancer and target group by name (`loadBalancer`, `targetGroup`) instead of spelling the dimensions;
 * they become `LoadBalancer=app/<name>/<id>` and `TargetGroup=targetgroup/<name>/<id>` once ELBv2 is seeded.
 */
import type { AlarmStateValue } from './alarm-evaluation.js';
import type { AlarmConfig } from './alarms.js';

/** One seeded alarm: PutMetricAlarm's fields plus its state and ALB names. */
export interface AlarmSeed extends Partial<AlarmConfig> {
  AlarmName: string;
  /** The state it starts in (default INSUFFICIENT_DATA, as a new alarm); evaluations may change it. */
  state?: AlarmStateValue;
  stateReason?: string;
  /** A load balancer name: adds the LoadBalancer dimension. */
  loadBalancer?: string;
  /** A target group name: adds the TargetGroup dimension (and LoadBalancer, from the group's load balancer). */
  targetGroup?: string;
}

/** The CloudWatch section of a world seed. */
export interface CloudWatchSeed {
  alarms?: AlarmSeed[];
}

/** Load balancer and target group ARNs by name, for seeds (ELBv2 provides it). */
export interface LoadBalancerNames {
  loadBalancerArn(name: string): string | undefined;
  targetGroup(name: string): { arn: string; loadBalancerArns: string[] } | undefined;
}
