/**
 * The simulated ELBv2 service: load balancers, target groups with health checks over simulated time,
 * listeners and rules with weighted forward actions (see sim/elbv2/README.md). The internal interface
 * at the bottom (used by the ECS model) is the contract between the two models and may only grow.
 */
import { SimError } from '../errors.js';
import type { ModelContext } from '../model-context.js';
import type { Handlers } from '../protocol/handler.js';
import { DEREGISTRATION_DELAY } from './attributes.js';
import type { ElbContext } from './context.js';
import { elbHandlers } from './handlers/index.js';
import { TargetHealthTracker, type TargetGroupHealthView } from './health.js';
import type { ActionRecord } from './records.js';
import { applyElbSeed } from './seed.js';
import { snapshotElb } from './snapshot.js';
import { ElbStore } from './store.js';
import type {
  ElbSeed,
  TargetGroupInfo,
  TargetHealthChange,
  TargetHealthChecks,
  TargetHealthState,
  TaskTarget,
} from './types.js';

export type {
  ElbSeed,
  HealthCheckFailureReason,
  SeedAction,
  TargetGroupInfo,
  TargetGroupSeed,
  TargetHealthChange,
  TargetHealthChecks,
  TargetHealthState,
  TaskTarget,
} from './types.js';

/** ELBv2 state and operation handlers. */
export class ElbModel implements ElbContext {
  readonly handlers: Handlers;
  readonly store = new ElbStore();
  readonly health: TargetHealthTracker;
  /** Which target groups a listener or rule used at the last sync, to notice changes. */
  private usedGroups = new Set<string>();
  /** Real HTTP health checks, once the data plane is attached. */
  private checks: TargetHealthChecks | undefined;

  constructor(readonly sim: ModelContext) {
    this.health = new TargetHealthTracker({
      sim,
      viewOf: (arn) => this.healthView(arn),
      probeTimeoutFloorMs: () => this.checks?.probeTimeoutFloorMs() ?? 0,
    });
    this.handlers = elbHandlers(this);
  }

  /** Makes health checks of targets registered from now on go through `checks` (the data plane). */
  useHealthChecks(checks: TargetHealthChecks): void {
    this.checks = checks;
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

  // ---- internal interface for the ECS model (sim/ecs/load-balancing.ts) and the data plane ----

  /**
   * The ARN of the listener on `port` of the load balancer named `loadBalancerName`, or of its rule with
   * `priority` when given; undefined when there is none (seeds name rules before their ARNs exist).
   */
  listenerRuleArn(loadBalancerName: string, port: number, priority?: number): string | undefined {
    const loadBalancer = this.store.loadBalancerNamed(loadBalancerName);
    if (!loadBalancer) return undefined;
    const listener = this.store.listenersOf(loadBalancer.arn).find((candidate) => candidate.port === port);
    if (!listener || priority === undefined) return listener?.arn;
    return [...this.store.rules.values()].find(
      (rule) => rule.listenerArn === listener.arn && rule.priority === priority,
    )?.arn;
  }

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
    const checked = this.checks?.healthCheckedTarget(targetGroupArn, target) ?? target;
    this.health.register(targetGroupArn, checked);
  }

  /** Deregisters a target: `draining` for the deregistration delay, then gone. Unknown targets are ignored. */
  deregisterTaskTarget(targetGroupArn: string, id: string, port: number): void {
    if (!this.store.targetGroups.has(targetGroupArn)) return;
    this.health.deregister(targetGroupArn, id, port);
  }

  /** The current state of a registered target, or undefined when it is not registered (anymore). */
  targetState(targetGroupArn: string, id: string, port: number): TargetHealthState | undefined {
    this.sim.clock.fireDue();
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
