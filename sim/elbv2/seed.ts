/** Applies an ElbSeed: load balancers, then target groups, listeners and rules, resolving names to ARNs. */
import type { ElbContext } from './context.js';
import type { ElbSeed, SeedAction } from './types.js';
import type { ActionRecord, ListenerRecord } from './records.js';
import { addListener, addLoadBalancer, addRule, addTargetGroup } from './resources.js';
import { DEFAULT_VPC_ID, resolveTargetGroupSettings } from './target-group-settings.js';

/** Creates every resource of the seed; throws a plain Error naming the bad entry. */
export function applyElbSeed(context: ElbContext, seed: ElbSeed): void {
  for (const loadBalancer of seed.loadBalancers ?? []) {
    addLoadBalancer(context, {
      name: loadBalancer.name,
      type: loadBalancer.type,
      scheme: loadBalancer.scheme,
    });
  }
  for (const group of seed.targetGroups ?? []) {
    if (context.store.targetGroupNamed(group.name)) {
      throw new Error(`seed: target group '${group.name}' already exists`);
    }
    const settings = resolveTargetGroupSettings({
      name: group.name,
      protocol: group.protocol ?? 'HTTP',
      port: group.port ?? 80,
      vpcId: group.vpcId ?? DEFAULT_VPC_ID,
      targetType: group.targetType ?? 'ip',
      healthCheck: {
        path: group.healthCheck?.path,
        port: group.healthCheck?.port,
        intervalSeconds: group.healthCheck?.intervalSeconds,
        timeoutSeconds: group.healthCheck?.timeoutSeconds,
        healthyThresholdCount: group.healthCheck?.healthyThresholdCount,
        unhealthyThresholdCount: group.healthCheck?.unhealthyThresholdCount,
        matcher: group.healthCheck?.matcher ? { HttpCode: group.healthCheck.matcher } : undefined,
      },
      deregistrationDelaySeconds: group.deregistrationDelaySeconds,
    });
    addTargetGroup(context, settings, new Map());
  }
  for (const listener of seed.listeners ?? []) {
    const loadBalancer = context.store.loadBalancerNamed(listener.loadBalancer);
    if (!loadBalancer)
      throw new Error(`seed: listener names unknown load balancer '${listener.loadBalancer}'`);
    addListener(context, {
      loadBalancerArn: loadBalancer.arn,
      port: listener.port,
      protocol: listener.protocol ?? (loadBalancer.type === 'network' ? 'TCP' : 'HTTP'),
      defaultActions: listener.defaultActions.map((action) => seedAction(context, action)),
    });
  }
  for (const rule of seed.rules ?? []) {
    const listener = seedListener(context, rule.loadBalancer, rule.listenerPort);
    addRule(context, {
      listenerArn: listener.arn,
      priority: rule.priority,
      conditions: rule.conditions.map((condition) => ({ field: condition.field, values: condition.values })),
      actions: rule.actions.map((action) => seedAction(context, action)),
      tags: new Map(),
    });
  }
}

function seedListener(context: ElbContext, loadBalancerName: string, port: number): ListenerRecord {
  const loadBalancer = context.store.loadBalancerNamed(loadBalancerName);
  const listener =
    loadBalancer && context.store.listenersOf(loadBalancer.arn).find((candidate) => candidate.port === port);
  if (!listener) throw new Error(`seed: rule names unknown listener ${loadBalancerName}:${port}`);
  return listener;
}

function seedAction(context: ElbContext, action: SeedAction): ActionRecord {
  if (action.type === 'fixed-response') {
    return {
      type: 'fixed-response',
      config: {
        StatusCode: action.statusCode,
        ContentType: action.contentType,
        MessageBody: action.messageBody,
      },
    };
  }
  return {
    type: 'forward',
    targetGroups: action.targetGroups.map((member) => {
      const group = context.store.targetGroupNamed(member.name);
      if (!group) throw new Error(`seed: forward action names unknown target group '${member.name}'`);
      return { targetGroupArn: group.arn, weight: member.weight ?? 1 };
    }),
    stickiness: { enabled: false },
  };
}
