/** Every ELBv2 operation the simulator answers, by action name. */
import type { Handler } from '../../protocol/handler.js';
import type { ElbContext } from '../context.js';
import { listenerHandlers } from './listeners.js';
import { loadBalancerHandlers } from './load-balancers.js';
import { ruleHandlers } from './rules.js';
import { tagHandlers } from './tags.js';
import { targetGroupHandlers } from './target-groups.js';
import { targetHandlers } from './targets.js';

/** The operation handlers bound to one world's ELBv2 state. */
export function elbHandlers(context: ElbContext): Record<string, Handler> {
  return {
    ...loadBalancerHandlers(context),
    ...targetGroupHandlers(context),
    ...targetHandlers(context),
    ...listenerHandlers(context),
    ...ruleHandlers(context),
    ...tagHandlers(context),
  };
}
