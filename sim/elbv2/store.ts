/** The ELBv2 resources of one world, with lookups that raise AWS's named not-found errors. */
import { SimError } from '../errors.js';
import type {
  ActionRecord,
  ListenerRecord,
  LoadBalancerRecord,
  RuleRecord,
  TargetGroupRecord,
} from './records.js';

/** A rule as DescribeRules sees it: a listener's default rule or a prioritised rule. */
export type AnyRule = { kind: 'default'; listener: ListenerRecord } | { kind: 'rule'; rule: RuleRecord };

/** Load balancers, target groups, listeners and rules by ARN, in creation order. */
export class ElbStore {
  readonly loadBalancers = new Map<string, LoadBalancerRecord>();
  readonly targetGroups = new Map<string, TargetGroupRecord>();
  readonly listeners = new Map<string, ListenerRecord>();
  readonly rules = new Map<string, RuleRecord>();

  /** A load balancer by ARN; LoadBalancerNotFound otherwise. */
  loadBalancer(arn: string): LoadBalancerRecord {
    const found = this.loadBalancers.get(arn);
    if (!found) throw new SimError('LoadBalancerNotFound', `One or more load balancers not found: '${arn}'`);
    return found;
  }

  /** A load balancer by name, or undefined. */
  loadBalancerNamed(name: string): LoadBalancerRecord | undefined {
    return [...this.loadBalancers.values()].find((lb) => lb.name === name);
  }

  /** A target group by ARN; TargetGroupNotFound otherwise. */
  targetGroup(arn: string): TargetGroupRecord {
    const found = this.targetGroups.get(arn);
    if (!found) throw new SimError('TargetGroupNotFound', `One or more target groups not found: '${arn}'`);
    return found;
  }

  /** A target group by name, or undefined. */
  targetGroupNamed(name: string): TargetGroupRecord | undefined {
    return [...this.targetGroups.values()].find((group) => group.name === name);
  }

  /** A listener by ARN; ListenerNotFound otherwise. */
  listener(arn: string): ListenerRecord {
    const found = this.listeners.get(arn);
    if (!found) throw new SimError('ListenerNotFound', `One or more listeners not found: '${arn}'`);
    return found;
  }

  /** A rule (default or not) by ARN; RuleNotFound otherwise. */
  anyRule(arn: string): AnyRule {
    const rule = this.rules.get(arn);
    if (rule) return { kind: 'rule', rule };
    const listener = [...this.listeners.values()].find((candidate) => candidate.defaultRuleArn === arn);
    if (listener) return { kind: 'default', listener };
    throw new SimError('RuleNotFound', `One or more rules not found: '${arn}'`);
  }

  /** The listeners of a load balancer, by port. */
  listenersOf(loadBalancerArn: string): ListenerRecord[] {
    return [...this.listeners.values()]
      .filter((listener) => listener.loadBalancerArn === loadBalancerArn)
      .sort((a, b) => a.port - b.port);
  }

  /** A listener's rules by priority, its default rule last (as DescribeRules lists them). */
  rulesOf(listenerArn: string): AnyRule[] {
    const listener = this.listener(listenerArn);
    const rules = [...this.rules.values()]
      .filter((rule) => rule.listenerArn === listenerArn)
      .sort((a, b) => a.priority - b.priority)
      .map((rule): AnyRule => ({ kind: 'rule', rule }));
    return [...rules, { kind: 'default', listener }];
  }

  /** Every forward action with the load balancer it belongs to. */
  private *forwardActions(): Generator<{ loadBalancerArn: string; action: ActionRecord }> {
    for (const listener of this.listeners.values()) {
      for (const action of listener.defaultActions)
        yield { loadBalancerArn: listener.loadBalancerArn, action };
    }
    for (const rule of this.rules.values()) {
      const listener = this.listeners.get(rule.listenerArn);
      if (!listener) continue;
      for (const action of rule.actions) yield { loadBalancerArn: listener.loadBalancerArn, action };
    }
  }

  /** The load balancers whose listeners or rules forward to a target group (any weight, even 0). */
  loadBalancerArnsOf(targetGroupArn: string): string[] {
    const arns = new Set<string>();
    for (const { loadBalancerArn, action } of this.forwardActions()) {
      if (action.type !== 'forward') continue;
      if (action.targetGroups.some((member) => member.targetGroupArn === targetGroupArn))
        arns.add(loadBalancerArn);
    }
    return [...arns];
  }
}
