/** The ELBv2 part of /_sim/state: every resource in its wire shape plus each target's health. */
import type { ElbContext } from './context.js';
import { renderListener, renderLoadBalancer, renderRule, renderTargetGroup } from './render.js';

/** A plain-data picture of load balancers, target groups (with targets and attributes), listeners and rules. */
export function snapshotElb(context: ElbContext): Record<string, unknown> {
  context.sim.clock.fireDue();
  const { store, health } = context;
  return {
    loadBalancers: [...store.loadBalancers.values()].map((lb) => renderLoadBalancer(lb, context.sim.region)),
    targetGroups: [...store.targetGroups.values()].map((group) => ({
      ...renderTargetGroup(group, store),
      attributes: Object.fromEntries(group.attributes),
      targets: health.list(group.arn).map((target) => ({
        id: target.id,
        port: target.port,
        state: target.state,
        reason: target.reason,
      })),
    })),
    listeners: [...store.listeners.values()].map(renderListener),
    rules: [...store.listeners.keys()].flatMap((arn) => store.rulesOf(arn).map(renderRule)),
  };
}
