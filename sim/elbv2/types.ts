/**
 * The ELBv2 model's shared types: its seed and the facts it reports about targets and target groups to
 * the other models (ECS registers task targets, the data plane routes and checks them).
 */

/** A forward (optionally weighted) or fixed-response action in a seed; target groups by name. */
export type SeedAction =
  | { type: 'forward'; targetGroups: { name: string; weight?: number }[] }
  | { type: 'fixed-response'; statusCode: string; contentType?: string; messageBody?: string };

/** A target group in a seed. Defaults: port 80, HTTP, target type ip, AWS's health-check defaults, 300 s delay. */
export interface TargetGroupSeed {
  name: string;
  port?: number;
  protocol?: string;
  targetType?: 'ip' | 'instance';
  vpcId?: string;
  healthCheck?: {
    path?: string;
    port?: string;
    intervalSeconds?: number;
    timeoutSeconds?: number;
    healthyThresholdCount?: number;
    unhealthyThresholdCount?: number;
    matcher?: string;
  };
  deregistrationDelaySeconds?: number;
}

/** What a world seed may hold for ELBv2 (sections documented in sim/README.md). References are by name. */
export interface ElbSeed {
  loadBalancers?: { name: string; type?: 'application' | 'network'; scheme?: string }[];
  targetGroups?: TargetGroupSeed[];
  listeners?: { loadBalancer: string; port: number; protocol?: string; defaultActions: SeedAction[] }[];
  rules?: {
    loadBalancer: string;
    listenerPort: number;
    priority: number;
    conditions: { field: 'host-header' | 'path-pattern'; values: string[] }[];
    actions: SeedAction[];
  }[];
}

/** The health a target group reports for one target. */
export type TargetHealthState = 'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable';

/**
 * A target that an ECS task registers. The ELBv2 model runs health checks at the target group's
 * interval; each check asks `probe()` whether it passes right now (the ECS model answers from the
 * task's state and its image behaviour; later a real HTTP request).
 */
export interface TaskTarget {
  /** IP address (target type ip) or instance id (target type instance). */
  id: string;
  port: number;
  availabilityZone?: string;
  probe: () => boolean | Promise<boolean>;
  /** Seeded steady state: the target starts `healthy` instead of `initial`. */
  startHealthy?: boolean;
  /**
   * Why a failing probe failed, as the load balancer saw it (default Target.FailedHealthChecks:
   * no connection). A probe that throws counts as FailedHealthChecks; an asynchronous probe that
   * outlasts the health-check timeout counts as Target.Timeout.
   */
  failureReason?: () => HealthCheckFailureReason;
}

/** The reason codes AWS reports for a target that fails its health checks. */
export type HealthCheckFailureReason =
  'Target.ResponseCodeMismatch' | 'Target.Timeout' | 'Target.FailedHealthChecks';

/** A health transition, reported to listeners registered with onHealthChange. */
export interface TargetHealthChange {
  targetGroupArn: string;
  id: string;
  port: number;
  from: TargetHealthState | undefined;
  to: TargetHealthState | 'removed';
  reason?: string;
  time: number;
}

/** The facts about a target group that other models need. */
export interface TargetGroupInfo {
  arn: string;
  name: string;
  port: number;
  protocol: string;
  targetType: 'ip' | 'instance' | 'lambda' | 'alb';
  loadBalancerArns: string[];
  /** Simulated milliseconds a deregistered target stays draining. */
  deregistrationDelayMs: number;
  healthCheckIntervalMs: number;
  healthyThresholdCount: number;
  unhealthyThresholdCount: number;
}

/**
 * Who runs health checks and how long a check may take at least: with the data plane on, checks are real
 * HTTP requests to the task's app instead of the task's in-memory probe.
 */
export interface TargetHealthChecks {
  /** The target as the load balancer should check it (its probe replaced by a real request). */
  healthCheckedTarget(targetGroupArn: string, target: TaskTarget): TaskTarget;
  /** Simulated ms an asynchronous probe may take at least. */
  probeTimeoutFloorMs(): number;
}
