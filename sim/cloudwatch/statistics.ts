/**
 * Statistics over a period's samples, as CloudWatch names them: Sum, Average, SampleCount, Minimum,
 * Maximum, and percentiles `p0`..`p100` (e.g. `p99`, `p99.9`). Pure functions.
 */
import { SimError } from '../errors.js';
import type { Sample } from './metrics.js';

const BASIC = ['Sum', 'Average', 'SampleCount', 'Minimum', 'Maximum'] as const;
const PERCENTILE = /^p(\d{1,2}(\.\d{1,2})?|100)$/;

/** True for a statistic name the simulator computes. */
export function isStatistic(name: string): boolean {
  return (BASIC as readonly string[]).includes(name) || PERCENTILE.test(name);
}

/** True for a percentile (an extended statistic). */
export function isExtendedStatistic(name: string): boolean {
  return PERCENTILE.test(name);
}

/** Throws InvalidParameterValue unless the simulator can compute `name`. */
export function checkStatistic(name: unknown, field: string): string {
  if (typeof name !== 'string' || !isStatistic(name)) {
    throw new SimError(
      'InvalidParameterValue',
      `The value ${String(name)} for parameter ${field} is not supported: use Sum, Average, SampleCount, Minimum, Maximum or a percentile pNN.`,
    );
  }
  return name;
}

/** One statistic of a non-empty list of values. Percentiles use the nearest rank. */
export function statistic(values: number[], name: string): number {
  switch (name) {
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'SampleCount':
      return values.length;
    // reduce, not Math.min(...values): a busy period can hold more samples than a call has arguments.
    case 'Minimum':
      return values.reduce((low, value) => Math.min(low, value), Infinity);
    case 'Maximum':
      return values.reduce((high, value) => Math.max(high, value), -Infinity);
    default: {
      const percent = Number(name.slice(1));
      const sorted = [...values].sort((a, b) => a - b);
      const rank = Math.max(1, Math.ceil((percent / 100) * sorted.length));
      return sorted[rank - 1];
    }
  }
}

/** One aggregated datapoint: the statistic of the samples in `[timestamp, timestamp + period)`. */
export interface Datapoint {
  /** Start of the period, epoch ms. */
  timestamp: number;
  value: number;
}

/**
 * The datapoints of the periods that start in `[start, end)`, aligned to multiples of the period; a
 * period without samples has no datapoint (CloudWatch reports no data, not zero). Oldest first.
 */
export function aggregate(
  samples: Sample[],
  range: { start: number; end: number; periodMs: number },
  name: string,
): Datapoint[] {
  const byPeriod = new Map<number, number[]>();
  for (const sample of samples) {
    const timestamp = Math.floor(sample.time / range.periodMs) * range.periodMs;
    if (timestamp < alignDown(range.start, range.periodMs) || timestamp >= range.end) continue;
    const values = byPeriod.get(timestamp) ?? [];
    values.push(sample.value);
    byPeriod.set(timestamp, values);
  }
  return [...byPeriod]
    .sort(([a], [b]) => a - b)
    .map(([timestamp, values]) => ({ timestamp, value: statistic(values, name) }));
}

/** `time` rounded down to a multiple of `periodMs`. */
export function alignDown(time: number, periodMs: number): number {
  return Math.floor(time / periodMs) * periodMs;
}
