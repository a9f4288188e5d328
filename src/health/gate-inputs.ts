/**
 * The inputs that gate a rollout on what users see, shared by ecs-deploy and wait-healthy: CloudWatch alarm
 * names, whether alarms already in ALARM may start a rollout, how long to keep watching after it, and the
 * metric gate's bounds. Light (input readers only) so both actions validate them before any AWS call.
 */
import { InputError } from '../errors.js';
import type { InputSource } from '../github/input-source.js';
import { readBoolean, readDuration, readList, readOptional } from '../github/inputs.js';
import { MAX_ALARMS_PER_CALL } from './alarm-limits.js';
import { parseMetricBounds, type MetricGateSettings } from './metric-bounds.js';

/** The validated gate inputs, keyed like action.yml; the bake in milliseconds. */
export interface GateInputs {
  alarms: string[];
  'allow-alarms-in-alarm': boolean;
  'alarm-bake': number;
  /** The metric gate (kit blue/green only), when `metric-max-5xx` is set. */
  metrics?: MetricGateSettings;
}

// CloudWatch alarm names: 1–255 characters, here without commas (they separate names).
const ALARM_NAME = /^[^,]{1,255}$/;

/** Reads the alarm inputs (both actions) and, with `metrics`, the metric gate's bounds (wait-healthy). */
export function readGateInputs(source: InputSource, options: { metrics: boolean }): GateInputs {
  const alarms = [...new Set(readList(source, 'alarms'))];
  const bad = alarms.find((name) => !ALARM_NAME.test(name));
  if (bad !== undefined) throw new InputError('alarms', `expected CloudWatch alarm names, got '${bad}'`);
  if (alarms.length > MAX_ALARMS_PER_CALL)
    throw new InputError(
      'alarms',
      `expected at most ${MAX_ALARMS_PER_CALL} alarm names, got ${alarms.length}`,
    );
  const bakeMs = readDuration(source, 'alarm-bake', '0s');
  if (bakeMs > 0 && alarms.length === 0)
    throw new InputError('alarm-bake', 'needs alarms: the bake watches them after the rollout');
  return {
    alarms,
    'allow-alarms-in-alarm': readBoolean(source, 'allow-alarms-in-alarm', false),
    'alarm-bake': bakeMs,
    metrics: options.metrics
      ? parseMetricBounds({
          'metric-max-5xx': readOptional(source, 'metric-max-5xx'),
          'metric-max-5xx-over-old': readOptional(source, 'metric-max-5xx-over-old'),
          'metric-max-p99': readOptional(source, 'metric-max-p99'),
          'metric-max-p99-over-old': readOptional(source, 'metric-max-p99-over-old'),
          'metric-min-requests': readOptional(source, 'metric-min-requests'),
        })
      : undefined,
  };
}
