/**
 * The metric gate's bounds as the actions take them: raw input text in, validated MetricBounds out, each
 * error naming the input. Light (no SDK) so the actions' input readers can use it before any AWS call.
 */
import { InputError } from '../errors.js';
import type { MetricBounds } from './metric-verdict.js';

/** The raw inputs, keyed like action.yml; undefined when unset. */
export interface MetricBoundInputs {
  'metric-max-5xx'?: string;
  'metric-max-5xx-over-old'?: string;
  'metric-max-p99'?: string;
  'metric-max-p99-over-old'?: string;
  'metric-min-requests'?: string;
}

/** The metric gate's settings (each verdict counts from the start of the current traffic step). */
export interface MetricGateSettings {
  bounds: MetricBounds;
}

/** The minimum request count when the input is unset. */
export const DEFAULT_MIN_REQUESTS = 50;

/** A percentage input: a number from 0 to `max` (a trailing % is allowed). */
export function parsePercent(name: string, raw: string, max = 100): number {
  const text = raw.trim().replace(/%$/, '');
  const value = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(value >= 0 && value <= max))
    throw new InputError(name, `expected a percentage from 0 to ${max}, got '${raw}'`);
  return value;
}

function parseMilliseconds(name: string, raw: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s)?$/.exec(raw.trim());
  const value = match ? Number(match[1]) * (match[2] === 's' ? 1000 : 1) : NaN;
  if (!(value > 0)) throw new InputError(name, `expected a latency such as 800ms or 1.5s, got '${raw}'`);
  return value;
}

function parseMinRequests(name: string, raw: string): number {
  const value = /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
  if (!(value >= 1))
    throw new InputError(name, `expected a whole number of requests of at least 1, got '${raw}'`);
  return value;
}

/**
 * The metric gate's settings, or undefined when `metric-max-5xx` is unset (the gate is off). Any other
 * metric input without `metric-max-5xx` is an error too: a bound that silently does nothing is worse.
 */
export function parseMetricBounds(inputs: MetricBoundInputs): MetricGateSettings | undefined {
  const max = inputs['metric-max-5xx'];
  if (max === undefined) {
    const orphan = (Object.keys(inputs) as (keyof MetricBoundInputs)[]).find((key) => inputs[key]);
    if (orphan) throw new InputError(orphan, 'needs metric-max-5xx, which turns the metric gate on');
    return undefined;
  }
  const over = inputs['metric-max-5xx-over-old'];
  const p99 = inputs['metric-max-p99'];
  const p99Over = inputs['metric-max-p99-over-old'];
  const min = inputs['metric-min-requests'];
  return {
    bounds: {
      maxErrorPercent: parsePercent('metric-max-5xx', max),
      maxErrorPercentOverOld: over === undefined ? undefined : parsePercent('metric-max-5xx-over-old', over),
      maxP99Ms: p99 === undefined ? undefined : parseMilliseconds('metric-max-p99', p99),
      maxP99PercentOverOld:
        p99Over === undefined ? undefined : parsePercent('metric-max-p99-over-old', p99Over, 1000),
      minRequests: min === undefined ? DEFAULT_MIN_REQUESTS : parseMinRequests('metric-min-requests', min),
    },
  };
}
