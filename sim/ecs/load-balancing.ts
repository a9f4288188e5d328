/**
 * What the ECS model needs from ELBv2, and nothing more: register and deregister task targets, read their
 * health, look up target groups, shift listener weights (native blue/green) and resolve seeded rule names.
 * The ELBv2 model implements it; ECS never sees the rest of the world.
 */
import type { TargetGroupInfo, TargetHealthChange, TargetHealthState, TaskTarget } from '../elbv2/types.js';

/** The ELBv2 operations the ECS model uses. */
export interface LoadBalancing {
  /** A target group by ARN or name, or undefined. */
  findTargetGroup(arnOrName: string): TargetGroupInfo | undefined;
  /** Registers a task's target; throws SimError TargetGroupNotFound. */
  registerTaskTarget(targetGroupArn: string, target: TaskTarget): void;
  /** Starts draining a task's target; unknown targets are ignored. */
  deregisterTaskTarget(targetGroupArn: string, id: string, port: number): void;
  /** The health of a registered target, or undefined once it is gone. */
  targetState(targetGroupArn: string, id: string, port: number): TargetHealthState | undefined;
  /** Calls `listener` on every target health transition. */
  onHealthChange(listener: (change: TargetHealthChange) => void): void;
  /** Sets the weights of a listener's or rule's forward action; throws SimError on bad input. */
  setForwardWeights(listenerOrRuleArn: string, weights: Record<string, number>): void;
  /** The listener (or its rule with `priority`) on a named load balancer's port, or undefined. */
  listenerRuleArn(loadBalancerName: string, port: number, priority?: number): string | undefined;
}
