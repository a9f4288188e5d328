/**
 * The simulated ELBv2 service: load balancers, target groups with health checks over simulated time,
 * listeners and rules with weighted forward actions (see sim/elbv2/README.md). The internal interface
 * at the bottom (used by the ECS model) is the contract between the two models and may only grow.
 */
import { SimError } from '../errors.js';
import type { Handler, World } from '../world.js';
import { DEREGISTRATION_DELAY } from './attributes.js';
import type { ElbContext } from './context.js';
import { elbHandlers } from './handlers/index.js';
import { TargetHealthTracker, type TargetGroupHealthView } from './health.js';
import type { ActionRecord } from './records.js';
import { applyElbSeed } from './seed.js';
import { snapshotElb } from './snapshot.js';
import { ElbStore } from './store.js';

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

/** ELBv2 state and operation handlers. */
export class ElbModel implements ElbContext {
  readonly handlers: Record<string, Handler>;
  readonly store = new ElbStore();
  readonly health: TargetHealthTracker;
  /** Which target groups a listener or rule used at the last sync, to notice changes. */
  private usedGroups = new Set<string>();

  constructor(readonly world: World) {
    this.health = new TargetHealthTracker({
      world,
      viewOf: (arn) => this.healthView(arn),
      probeTimeoutFloorMs: () => world.dataPlane?.probeTimeoutFloorMs() ?? 0,
    });
    this.handlers = elbHandlers(this);
  }

  /** Adds seeded resources. */
  seed(seed: ElbSeed): void {
    applyElbSeed(this, seed);
  }

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return snapshotElb(this);
  }

  /** Releases timers or sockets. */
  stop(): void {
    // Health checks and draining run on the world clock, which the world stops.
  }

  /** Re-evaluates which target groups are in use and moves their targets to or from `unused`. */
  syncUsage(): void {
    const used = new Set<string>();
    for (const arn of this.store.targetGroups.keys()) {
      if (this.store.loadBalancerArnsOf(arn).length > 0) used.add(arn);
    }
    for (const arn of this.store.targetGroups.keys()) {
      const before = this.usedGroups.has(arn);
      const after = used.has(arn);
      if (before !== after) this.health.setInUse(arn, after);
    }
    this.usedGroups = used;
  }

  private healthView(targetGroupArn: string): TargetGroupHealthView | undefined {
    const group = this.store.targetGroups.get(targetGroupArn);
    if (!group) return undefined;
    return {
      healthCheck: group.healthCheck,
      deregistrationDelayMs: Number(group.attributes.get(DEREGISTRATION_DELAY) ?? 0) * 1000,
      inUse: this.store.loadBalancerArnsOf(targetGroupArn).length > 0,
    };
  }

  // ---- internal interface for the ECS model ----

  /** A target group by ARN or name, or undefined. */
  findTargetGroup(arnOrName: string): TargetGroupInfo | undefined {
    const group = this.store.targetGroups.get(arnOrName) ?? this.store.targetGroupNamed(arnOrName);
    if (!group) return undefined;
    return {
      arn: group.arn,
      name: group.name,
      port: group.port ?? 0,
      protocol: group.protocol ?? '',
      targetType: group.targetType,
      loadBalancerArns: this.store.loadBalancerArnsOf(group.arn),
      deregistrationDelayMs: Number(group.attributes.get(DEREGISTRATION_DELAY) ?? 0) * 1000,
      healthCheckIntervalMs: group.healthCheck.intervalSeconds * 1000,
      healthyThresholdCount: group.healthCheck.healthyThresholdCount,
      unhealthyThresholdCount: group.healthCheck.unhealthyThresholdCount,
    };
  }

  /** Registers a task's target (state `initial`, then health checks). Throws SimError TargetGroupNotFound. */
  registerTaskTarget(targetGroupArn: string, target: TaskTarget): void {
    this.store.targetGroup(targetGroupArn);
    // With the data plane on, health checks are real HTTP requests to the task's app.
    const checked = this.world.dataPlane?.healthCheckedTarget(targetGroupArn, target) ?? target;
    this.health.register(targetGroupArn, checked);
  }

  /** Deregisters a target: `draining` for the deregistration delay, then gone. Unknown targets are ignored. */
  deregisterTaskTarget(targetGroupArn: string, id: string, port: number): void {
    if (!this.store.targetGroups.has(targetGroupArn)) return;
    this.health.deregister(targetGroupArn, id, port);
  }

  /** The current state of a registered target, or undefined when it is not registered (anymore). */
  targetState(targetGroupArn: string, id: string, port: number): TargetHealthState | undefined {
    this.world.clock.fireDue();
    return this.health.get(targetGroupArn, id, port)?.state;
  }

  /** Calls `listener` on every target health transition. */
  onHealthChange(listener: (change: TargetHealthChange) => void): void {
    this.health.onChange(listener);
  }

  /** Weights of the forward action of a listener (default action) or rule, by target group ARN. */
  forwardWeights(listenerOrRuleArn: string): Record<string, number> {
    const action = this.forwardAction(listenerOrRuleArn);
    return Object.fromEntries(action.targetGroups.map((member) => [member.targetGroupArn, member.weight]));
  }

  /**
   * Sets the weights of a listener's or rule's forward action (ECS native blue/green shifts traffic this way).
   * The action then forwards to exactly the target groups named; throws SimError (ListenerNotFound,
   * RuleNotFound, TargetGroupNotFound, ValidationError) and changes nothing on bad input.
   */
  setForwardWeights(listenerOrRuleArn: string, weights: Record<string, number>): void {
    const action = this.forwardAction(listenerOrRuleArn);
    const entries = Object.entries(weights);
    if (entries.length === 0)
      throw new SimError('ValidationError', 'forward weights must name a target group');
    for (const [arn, weight] of entries) {
      this.store.targetGroup(arn);
      if (!Number.isInteger(weight) || weight < 0 || weight > 999) {
        throw new SimError(
          'ValidationError',
          `weight for ${arn} must be an integer from 0 to 999, got ${weight}`,
        );
      }
    }
    action.targetGroups = entries.map(([targetGroupArn, weight]) => ({ targetGroupArn, weight }));
    this.syncUsage();
  }

  /** Replaces the health probe of a registered target (tests use it to make API-registered targets fail). */
  setTargetProbe(targetGroupArn: string, id: string, port: number, probe: TaskTarget['probe']): boolean {
    return this.health.setProbe(targetGroupArn, id, port, probe);
  }

  private forwardAction(listenerOrRuleArn: string): Extract<ActionRecord, { type: 'forward' }> {
    const listener = this.store.listeners.get(listenerOrRuleArn);
    const actions = listener
      ? listener.defaultActions
      : (() => {
          const rule = this.store.anyRule(listenerOrRuleArn);
          return rule.kind === 'default' ? rule.listener.defaultActions : rule.rule.actions;
        })();
    const forward = actions.find((action) => action.type === 'forward');
    if (!forward || forward.type !== 'forward') {
      throw new SimError('ValidationError', `${listenerOrRuleArn} has no forward action`);
    }
    return forward;
  }
}
