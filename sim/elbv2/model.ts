/**
 * The simulated ELBv2 service. PLACEHOLDER: the ELBv2 model work fills in the handlers and state;
 * the internal interface below (used by the ECS model) is the contract between the two and may only grow.
 */
import type { Handler, World } from '../world.js';

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
}

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

/** ELBv2 state and operation handlers. */
export class ElbModel {
  readonly handlers: Record<string, Handler> = {};

  constructor(readonly world: World) {}

  /** Adds seeded resources. */
  seed(_seed: ElbSeed): void {}

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {};
  }

  /** Releases timers or sockets. */
  stop?(): void;

  // ---- internal interface for the ECS model ----

  /** A target group by ARN or name, or undefined. */
  findTargetGroup(_arnOrName: string): TargetGroupInfo | undefined {
    return undefined;
  }

  /** Registers a task's target (state `initial`, then health checks). Throws SimError TargetGroupNotFound. */
  registerTaskTarget(_targetGroupArn: string, _target: TaskTarget): void {}

  /** Deregisters a target: `draining` for the deregistration delay, then gone. Unknown targets are ignored. */
  deregisterTaskTarget(_targetGroupArn: string, _id: string, _port: number): void {}

  /** The current state of a registered target, or undefined when it is not registered (anymore). */
  targetState(_targetGroupArn: string, _id: string, _port: number): TargetHealthState | undefined {
    return undefined;
  }

  /** Calls `listener` on every target health transition. */
  onHealthChange(_listener: (change: TargetHealthChange) => void): void {}

  /** Weights of the forward action of a listener (default action) or rule, by target group ARN. */
  forwardWeights(_listenerOrRuleArn: string): Record<string, number> {
    return {};
  }

  /** Sets the weights of a listener's or rule's forward action (ECS native blue/green shifts traffic this way). */
  setForwardWeights(_listenerOrRuleArn: string, _weights: Record<string, number>): void {}
}
