/**
 * Seeds name listener rules before their ARNs exist: `shop-alb:80` is the listener on port 80 of load
 * balancer shop-alb, `shop-alb:80:10` its rule with priority 10. Resolved through the ELBv2 model's own
 * Describe* operations, so the ECS model stays on the public surface of the ELBv2 model.
 */
import { SimError } from '../errors.js';
import type { World } from '../world.js';

interface Described {
  LoadBalancers?: { LoadBalancerArn: string }[];
  Listeners?: { ListenerArn: string; Port: number }[];
  Rules?: { RuleArn: string; Priority: string }[];
}

function call(world: World, operation: string, params: Record<string, unknown>): Described {
  return world.elb.handlers[operation](params, { requestId: 'seed', now: world.clock.now() }) as Described;
}

/** The listener or rule ARN a seed reference names; ARNs pass through unchanged. */
export function resolveListenerReference(world: World, reference: string): string {
  if (reference.startsWith('arn:')) return reference;
  const match = /^([^:]+):(\d+)(?::(\d+))?$/.exec(reference);
  if (!match)
    throw new SimError(
      'InvalidParameterException',
      `seed listener reference '${reference}' is not lb:port[:priority]`,
    );
  const [, loadBalancerName, port, priority] = match;
  const loadBalancer = call(world, 'DescribeLoadBalancers', { Names: [loadBalancerName] }).LoadBalancers?.[0];
  const listener = call(world, 'DescribeListeners', {
    LoadBalancerArn: loadBalancer?.LoadBalancerArn,
  }).Listeners?.find((candidate) => candidate.Port === Number(port));
  if (!listener) throw new SimError('InvalidParameterException', `seed: no listener ${reference}`);
  if (priority === undefined) return listener.ListenerArn;
  const rule = call(world, 'DescribeRules', { ListenerArn: listener.ListenerArn }).Rules?.find(
    (candidate) => candidate.Priority === priority,
  );
  if (!rule) throw new SimError('InvalidParameterException', `seed: no rule ${reference}`);
  return rule.RuleArn;
}
