/** The ELBv2 model's stored resources: plain records, rendered to the wire shape by render.ts. */
import type { TargetHealthState, TaskTarget } from './types.js';

/** Tags of one resource, in insertion order (AWS keys are case-sensitive). */
export type TagMap = Map<string, string>;

/** An Application or Network Load Balancer. */
export interface LoadBalancerRecord {
  arn: string;
  name: string;
  type: 'application' | 'network';
  scheme: string;
  vpcId: string;
  dnsName: string;
  createdTime: Date;
  tags: TagMap;
}

/** A target group's health-check settings, with AWS's defaults already applied. */
export interface HealthCheckSettings {
  enabled: boolean;
  protocol?: string;
  /** `traffic-port` or a port number as a string. */
  port: string;
  path?: string;
  intervalSeconds: number;
  timeoutSeconds: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
  matcher?: { HttpCode?: string; GrpcCode?: string };
}

/** A target group; attributes hold the AWS attribute keys (deregistration_delay.timeout_seconds, ...). */
export interface TargetGroupRecord {
  arn: string;
  name: string;
  targetType: 'ip' | 'instance' | 'lambda' | 'alb';
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  ipAddressType: string;
  healthCheck: HealthCheckSettings;
  attributes: Map<string, string>;
  tags: TagMap;
}

/** One target group of a forward action and its weight (0-999). */
export interface WeightedTargetGroup {
  targetGroupArn: string;
  weight: number;
}

/** A listener or rule action. Forward actions keep the target groups and weights; others pass through. */
export type ActionRecord =
  | {
      type: 'forward';
      order?: number;
      targetGroups: WeightedTargetGroup[];
      stickiness: { enabled: boolean; durationSeconds?: number };
    }
  | { type: 'fixed-response' | 'redirect'; order?: number; config: Record<string, unknown> };

/** A rule condition. `values` holds the patterns of host-header, path-pattern, http-request-method, source-ip and http-header. */
export interface ConditionRecord {
  field: string;
  values: string[];
  /** http-header only. */
  httpHeaderName?: string;
  /** query-string only. */
  queryStrings?: { Key?: string; Value: string }[];
}

/** A listener; its default actions form the listener's default rule (`defaultRuleArn`). */
export interface ListenerRecord {
  arn: string;
  loadBalancerArn: string;
  port: number;
  protocol: string;
  defaultActions: ActionRecord[];
  defaultRuleArn: string;
  sslPolicy?: string;
  certificates?: { CertificateArn: string }[];
  alpnPolicy?: string[];
  tags: TagMap;
}

/** A non-default listener rule. */
export interface RuleRecord {
  arn: string;
  listenerArn: string;
  priority: number;
  conditions: ConditionRecord[];
  actions: ActionRecord[];
  tags: TagMap;
}

/** A registered target and its health-check bookkeeping. */
export interface TargetRecord {
  targetGroupArn: string;
  id: string;
  port: number;
  availabilityZone?: string;
  probe: TaskTarget['probe'];
  failureReason?: TaskTarget['failureReason'];
  state: TargetHealthState;
  reason?: string;
  consecutivePasses: number;
  consecutiveFailures: number;
  /** Pending clock event (next health check or the end of draining). */
  timer?: number;
  /** Bumped whenever the check schedule restarts, so late probe answers from before are ignored. */
  generation: number;
}
