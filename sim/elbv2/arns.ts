/**
 * ARNs shaped like AWS's: `targetgroup/<name>/<16 hex>`, `loadbalancer/app|net/<name>/<16 hex>`,
 * `listener/app/<lb>/<lb id>/<16 hex>` and `listener-rule/app/<lb>/<lb id>/<listener id>/<16 hex>`.
 */
import type { ModelContext } from '../model-context.js';

/** The VPC every simulated load balancer lives in unless a seed or request says otherwise. */
export const SIM_VPC_ID = 'vpc-0a51e0e1b2c3d4e5f';

const SERVICE = 'elasticloadbalancing';

/** A new load balancer ARN. */
export function newLoadBalancerArn(sim: ModelContext, name: string, type: 'application' | 'network'): string {
  return sim.arn(SERVICE, `loadbalancer/${type === 'network' ? 'net' : 'app'}/${name}/${sim.rng.hex(16)}`);
}

/** A new target group ARN. */
export function newTargetGroupArn(sim: ModelContext, name: string): string {
  return sim.arn(SERVICE, `targetgroup/${name}/${sim.rng.hex(16)}`);
}

/** A new listener ARN under a load balancer ARN. */
export function newListenerArn(sim: ModelContext, loadBalancerArn: string): string {
  return loadBalancerArn.replace(':loadbalancer/', ':listener/') + `/${sim.rng.hex(16)}`;
}

/** A new rule ARN under a listener ARN. */
export function newRuleArn(sim: ModelContext, listenerArn: string): string {
  return listenerArn.replace(':listener/', ':listener-rule/') + `/${sim.rng.hex(16)}`;
}

/** The resource kind an ELBv2 ARN names, or undefined when it is not one. */
export function arnKind(
  arn: string,
): 'loadbalancer' | 'targetgroup' | 'listener' | 'listener-rule' | undefined {
  const match =
    /^arn:aws[\w-]*:elasticloadbalancing:[^:]*:\d*:(loadbalancer|targetgroup|listener|listener-rule)\//.exec(
      arn,
    );
  return match ? (match[1] as 'loadbalancer' | 'targetgroup' | 'listener' | 'listener-rule') : undefined;
}
