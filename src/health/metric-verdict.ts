/**
 * The metric gate's pure decision: is the new colour serving users as well as the bounds ask, judged from
 * the load balancer's per-target-group figures over a window, beside the old colour's? A target group's
 * health check only proves `/health` answers; these figures are what every user request saw.
 */

/** One target group's figures over the window (from AWS/ApplicationELB metrics). */
export interface TargetGroupFigures {
  /** RequestCount: requests the load balancer routed to the target group. */
  requests: number;
  /** HTTPCode_Target_5XX_Count: 5xx responses the targets returned. */
  errors5xx: number;
  /** TargetResponseTime p99 in milliseconds, when there were requests to measure. */
  p99Ms?: number;
}

/** What the new colour must stay within before traffic moves on. */
export interface MetricBounds {
  /** The new colour's 5xx share of requests may not exceed this (percent, 0–100). */
  maxErrorPercent: number;
  /** ...nor the old colour's share plus this many percentage points (0–100), when the old one is measured. */
  maxErrorPercentOverOld?: number;
  /** The new colour's p99 latency may not exceed this (milliseconds). */
  maxP99Ms?: number;
  /** ...nor the old colour's p99 by more than this percent (0–1000), when the old one is measured. */
  maxP99PercentOverOld?: number;
  /** Below this many requests to the new colour in the window there is nothing to judge (at least 1). */
  minRequests: number;
}

/** The decision: move on, wait for more requests, or take traffic off the new colour. */
export type MetricAction = 'advance' | 'hold' | 'rollback';

/** The verdict with its reason (for the log, the job summary and the failure message). */
export interface MetricVerdict {
  action: MetricAction;
  reason: string;
}

/** The figures a verdict is drawn from. */
export interface MetricComparison {
  newColour: TargetGroupFigures;
  oldColour?: TargetGroupFigures;
  bounds: MetricBounds;
}

/** The 5xx share of requests in percent (0 without requests). */
export function errorPercent(figures: TargetGroupFigures): number {
  return figures.requests > 0 ? (Math.min(figures.errors5xx, figures.requests) / figures.requests) * 100 : 0;
}

const round = (value: number) => Math.round(value * 100) / 100;

/** Why the error share breaks a bound, or undefined. */
function errorBreach(comparison: MetricComparison, oldMeasured: boolean): string | undefined {
  const { newColour, oldColour, bounds } = comparison;
  const share = errorPercent(newColour);
  const seen = `${round(share)}% 5xx (${newColour.errors5xx}/${newColour.requests})`;
  if (share > bounds.maxErrorPercent) return `${seen} is above the ${bounds.maxErrorPercent}% bound`;
  if (oldMeasured && oldColour && bounds.maxErrorPercentOverOld !== undefined) {
    const oldShare = errorPercent(oldColour);
    if (share > oldShare + bounds.maxErrorPercentOverOld)
      return `${seen} is more than ${bounds.maxErrorPercentOverOld} points above the old colour's ${round(oldShare)}%`;
  }
  return undefined;
}

/** Why the p99 latency breaks a bound, or undefined. */
function latencyBreach(comparison: MetricComparison, oldMeasured: boolean): string | undefined {
  const { newColour, oldColour, bounds } = comparison;
  const p99 = newColour.p99Ms;
  if (p99 === undefined) return undefined;
  if (bounds.maxP99Ms !== undefined && p99 > bounds.maxP99Ms)
    return `p99 ${round(p99)} ms is above the ${bounds.maxP99Ms} ms bound`;
  const oldP99 = oldColour?.p99Ms;
  if (oldMeasured && oldP99 !== undefined && bounds.maxP99PercentOverOld !== undefined) {
    const limit = oldP99 * (1 + bounds.maxP99PercentOverOld / 100);
    if (p99 > limit)
      return `p99 ${round(p99)} ms is more than ${bounds.maxP99PercentOverOld}% above the old colour's ${round(oldP99)} ms`;
  }
  return undefined;
}

/**
 * Decides from one window: `hold` below the minimum request count (too few requests to tell a bad
 * revision from noise), `rollback` when the 5xx share or the p99 latency breaks a bound, else `advance`.
 * Relative bounds apply only when the old colour itself served the minimum request count.
 */
export function metricVerdict(comparison: MetricComparison): MetricVerdict {
  const { newColour, oldColour, bounds } = comparison;
  if (newColour.requests < bounds.minRequests) {
    return {
      action: 'hold',
      reason: `${newColour.requests} requests to the new colour, waiting for ${bounds.minRequests}`,
    };
  }
  const oldMeasured = (oldColour?.requests ?? 0) >= bounds.minRequests;
  const breach = errorBreach(comparison, oldMeasured) ?? latencyBreach(comparison, oldMeasured);
  if (breach) return { action: 'rollback', reason: `new colour: ${breach}` };
  const latency = newColour.p99Ms === undefined ? '' : `, p99 ${round(newColour.p99Ms)} ms`;
  return {
    action: 'advance',
    reason: `new colour: ${round(errorPercent(newColour))}% 5xx of ${newColour.requests} requests${latency}, within bounds`,
  };
}
