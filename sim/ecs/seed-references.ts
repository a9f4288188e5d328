/**
 * Seeds name listener rules before their ARNs exist: `shop-alb:80` is the listener on port 80 of load
 * balancer shop-alb, `shop-alb:80:10` its rule with priority 10. Resolved through the LoadBalancing
 * interface, so the ECS model stays on the ELBv2 model's public surface.
 */
import { SimError } from '../errors.js';
import type { LoadBalancing } from './load-balancing.js';

/** The listener or rule ARN a seed reference names; ARNs pass through unchanged. */
export function resolveListenerReference(elb: LoadBalancing, reference: string): string {
  if (reference.startsWith('arn:')) return reference;
  const match = /^([^:]+):(\d+)(?::(\d+))?$/.exec(reference);
  if (!match)
    throw new SimError(
      'InvalidParameterException',
      `seed listener reference '${reference}' is not lb:port[:priority]`,
    );
  const [, loadBalancerName, port, priority] = match;
  const listenerArn = elb.listenerRuleArn(loadBalancerName, Number(port));
  if (!listenerArn) throw new SimError('InvalidParameterException', `seed: no listener ${reference}`);
  if (priority === undefined) return listenerArn;
  const ruleArn = elb.listenerRuleArn(loadBalancerName, Number(port), Number(priority));
  if (!ruleArn) throw new SimError('InvalidParameterException', `seed: no rule ${reference}`);
  return ruleArn;
}
