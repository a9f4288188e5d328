/** Every ELBv2 operation the simulator answers, by action name. */
import type { Handler } from '../../world.js';
import type { ElbContext } from '../context.js';

/** The operation handlers bound to one world's ELBv2 state. */
export function elbHandlers(_context: ElbContext): Record<string, Handler> {
  return {};
}
