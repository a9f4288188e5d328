/** The entries of a strategy's table of steps: what the action did or saw, logged as it happens. */
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { TrafficEvent } from './types.js';

/** Where events are timed from and logged to. */
export interface EventContext {
  clock: Clock;
  /** When the strategy started (clock ms). */
  startedAt: number;
  logger?: Logger;
}

/** A TrafficEvent timed now; the line `action: detail` goes to the log at once. */
export function trafficEvent(
  context: EventContext,
  action: TrafficEvent['action'],
  detail: string,
  newWeight: number | undefined,
): TrafficEvent {
  context.logger?.info(`${action}: ${detail}`);
  return { elapsedMs: context.clock.now() - context.startedAt, action, newWeight, detail };
}
