/**
 * GetMetricData over the metric store: MetricStat queries (metric, period, statistic), StartTime and
 * EndTime on the simulated clock, results newest first unless `ScanBy: TimestampAscending`. Metric math
 * (`Expression`) is not modelled. ALB metrics have 60-second resolution, so a shorter period is served
 * as 60 s, as CloudWatch does for standard-resolution metrics.
 */
import { cloudWatchError, checkDimensions, checkPeriod } from './alarms.js';
import type { MetricStore } from './metrics.js';
import { aggregate, alignDown, checkStatistic } from './statistics.js';

/** The resolution of every metric the simulator publishes. */
const RESOLUTION_SECONDS = 60;

interface MetricDataQuery {
  Id?: unknown;
  Label?: unknown;
  ReturnData?: unknown;
  Expression?: unknown;
  MetricStat?: {
    Metric?: { Namespace?: unknown; MetricName?: unknown; Dimensions?: unknown };
    Period?: unknown;
    Stat?: unknown;
  };
}

/** An epoch-seconds (JSON protocol) or ISO timestamp as epoch ms. */
function epochMs(value: unknown, field: string): number {
  if (value === undefined || value === null) throw cloudWatchError.missing(field);
  const ms = typeof value === 'number' ? value * 1000 : Date.parse(String(value));
  if (!Number.isFinite(ms)) throw cloudWatchError.invalid(`The parameter ${field} is not a timestamp.`);
  return ms;
}

/** The GetMetricData answer. */
export function getMetricData(store: MetricStore, params: Record<string, unknown>): Record<string, unknown> {
  const queries = params.MetricDataQueries;
  if (!Array.isArray(queries) || queries.length === 0) throw cloudWatchError.missing('MetricDataQueries');
  if (queries.length > 500)
    throw cloudWatchError.invalid('The parameter MetricDataQueries must have at most 500 members.');
  const start = epochMs(params.StartTime, 'StartTime');
  const end = epochMs(params.EndTime, 'EndTime');
  if (start >= end) throw cloudWatchError.invalid('The parameter StartTime must be before EndTime.');
  const scanBy = params.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw cloudWatchError.invalid('The parameter ScanBy must be TimestampDescending or TimestampAscending.');
  const ids = new Set<string>();
  const results = (queries as MetricDataQuery[]).map((query) => {
    const id = query.Id;
    if (typeof id !== 'string' || !/^[a-z][a-zA-Z0-9_]*$/.test(id)) {
      throw cloudWatchError.invalid(
        `The value ${String(id)} for parameter MetricDataQueries.Id must start with a lowercase letter and contain only letters, digits and underscores.`,
      );
    }
    if (ids.has(id)) throw cloudWatchError.invalid(`The Id ${id} is used by more than one query.`);
    ids.add(id);
    if (query.Expression !== undefined)
      throw cloudWatchError.invalid(`Query ${id}: the simulator does not model metric math (Expression).`);
    const stat = query.MetricStat;
    if (!stat?.Metric) throw cloudWatchError.missing(`MetricDataQueries.${id}.MetricStat`);
    const metric = stat.Metric;
    if (typeof metric.Namespace !== 'string' || typeof metric.MetricName !== 'string')
      throw cloudWatchError.missing(`MetricDataQueries.${id}.MetricStat.Metric.Namespace and MetricName`);
    const period = checkPeriod(
      Number(stat.Period),
      `MetricDataQueries.${id}.MetricStat.Period`,
      [1, 5, 10, 20, 30],
    );
    const statName = checkStatistic(stat.Stat, `MetricDataQueries.${id}.MetricStat.Stat`);
    const periodMs = Math.max(period, RESOLUTION_SECONDS) * 1000;
    const samples = store.samples(
      {
        namespace: metric.Namespace,
        metricName: metric.MetricName,
        dimensions: checkDimensions(
          metric.Dimensions,
          `MetricDataQueries.${id}.MetricStat.Metric.Dimensions`,
        ),
      },
      alignDown(start, periodMs),
      end,
    );
    const datapoints = aggregate(samples, { start, end, periodMs }, statName);
    if (scanBy === 'TimestampDescending') datapoints.reverse();
    return {
      query,
      result: {
        Id: id,
        Label: typeof query.Label === 'string' ? query.Label : metric.MetricName,
        Timestamps: datapoints.map((datapoint) => new Date(datapoint.timestamp)),
        Values: datapoints.map((datapoint) => datapoint.value),
        StatusCode: 'Complete',
      },
    };
  });
  return {
    MetricDataResults: results.filter(({ query }) => query.ReturnData !== false).map(({ result }) => result),
    Messages: [],
  };
}
