/** Native blue/green traffic shifts: weights of the production and test listener rules (through the ELBv2 model). */
import { SimError } from '../errors.js';
import type { ServiceRecord } from './records.js';
import type { EcsState } from './state.js';

/** Which listener rule a shift applies to. */
export type RuleKind = 'production' | 'test';

/** Options for shiftTraffic. */
export interface TrafficShift {
  /** Target groups (per load balancer entry) that get 100%. */
  to: string[];
  /** Target groups that get 0%. */
  from: string[];
  /** Default: both rules. */
  rules?: RuleKind[];
  /** Share of traffic `to` gets (default 100); `from` gets the rest. */
  percent?: number;
}

/** Sets the forward weights of each load balancer entry's production and/or test listener rule. */
export function shiftTraffic(state: EcsState, service: ServiceRecord, shift: TrafficShift): void {
  const rules = shift.rules ?? ['production', 'test'];
  service.loadBalancers.forEach((loadBalancer, index) => {
    const advanced = loadBalancer.advancedConfiguration;
    const to = shift.to[index];
    const from = shift.from[index];
    if (!advanced || !to || !from || to === from) return;
    for (const kind of rules) {
      const ruleArn = kind === 'production' ? advanced.productionListenerRule : advanced.testListenerRule;
      if (!ruleArn) continue;
      try {
        const percent = shift.percent ?? 100;
        const weights = { [to]: percent, [from]: 100 - percent };
        state.elb.setForwardWeights(ruleArn, weights);
        state.sim.record('traffic-shift', { service: service.name, rule: ruleArn, kind, weights });
      } catch (error) {
        if (!(error instanceof SimError)) throw error;
        state.serviceEvent(service, `failed to shift ${kind} traffic on (rule ${ruleArn}): ${error.message}`);
      }
    }
  });
}
