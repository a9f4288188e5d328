/** Target groups and their target health, read with one DescribeTargetHealth per target group per poll. */
import {
  DescribeTargetGroupsCommand,
  DescribeTargetHealthCommand,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { wrapError } from '../errors.js';
import type { TargetState } from './types.js';

/** The facts about a target group the gate needs. */
export interface TargetGroupSettings {
  arn: string;
  name: string;
  targetType: string;
  /** Health-check interval in milliseconds. */
  intervalMs: number;
  healthyThresholdCount: number;
  loadBalancerArns: string[];
}

/** One registered target as DescribeTargetHealth reports it. */
export interface RegisteredTarget {
  id: string;
  port?: number;
  state: TargetState;
  reason?: string;
}

/** Describes target groups by ARN (one call); unknown ARNs are a clear error. */
export async function describeTargetGroups(
  elb: ElasticLoadBalancingV2Client,
  targetGroupArns: string[],
): Promise<Map<string, TargetGroupSettings>> {
  const unique = [...new Set(targetGroupArns)];
  let groups;
  try {
    groups =
      (await elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: unique }))).TargetGroups ?? [];
  } catch (error) {
    throw wrapError(`describing target groups ${unique.join(', ')}`, error);
  }
  const settings = new Map<string, TargetGroupSettings>();
  for (const group of groups) {
    settings.set(group.TargetGroupArn!, {
      arn: group.TargetGroupArn!,
      name: group.TargetGroupName ?? group.TargetGroupArn!,
      targetType: group.TargetType ?? 'instance',
      intervalMs: (group.HealthCheckIntervalSeconds ?? 30) * 1000,
      healthyThresholdCount: group.HealthyThresholdCount ?? 5,
      loadBalancerArns: group.LoadBalancerArns ?? [],
    });
  }
  const missing = unique.filter((arn) => !settings.has(arn));
  if (missing.length > 0) throw new Error(`target group not found: ${missing.join(', ')}`);
  return settings;
}

/** Every registered target of one target group with its state. */
export async function describeTargetHealth(
  elb: ElasticLoadBalancingV2Client,
  targetGroupArn: string,
  signal?: AbortSignal,
): Promise<RegisteredTarget[]> {
  try {
    const response = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }), {
      abortSignal: signal,
    });
    return (response.TargetHealthDescriptions ?? []).map((description) => ({
      id: description.Target?.Id ?? '',
      port: description.Target?.Port,
      state: (description.TargetHealth?.State ?? 'unavailable') as TargetState,
      reason: description.TargetHealth?.Reason,
    }));
  } catch (error) {
    throw wrapError(`describing target health of ${targetGroupArn}`, error);
  }
}
