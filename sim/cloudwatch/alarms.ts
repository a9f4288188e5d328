/**
 * Metric alarms as records: what PutMetricAlarm (or a seed) sets, checked the way CloudWatch checks it,
 * and the MetricAlarm shape DescribeAlarms answers with.
 */
import { SimError } from '../errors.js';
import {
  COMPARISON_OPERATORS,
  TREAT_MISSING_DATA,
  type AlarmRule,
  type AlarmStateValue,
  type ComparisonOperator,
  type TreatMissingData,
} from './alarm-evaluation.js';
import type { Dimension, MetricId } from './metrics.js';
import { checkStatistic, isExtendedStatistic } from './statistics.js';

/** An alarm's configuration, as PutMetricAlarm takes it (metric math is not modelled). */
export interface AlarmConfig {
  AlarmName: string;
  AlarmDescription?: string;
  ActionsEnabled?: boolean;
  Namespace: string;
  MetricName: string;
  Dimensions?: Dimension[];
  Statistic?: string;
  ExtendedStatistic?: string;
  Period: number;
  EvaluationPeriods: number;
  DatapointsToAlarm?: number;
  Threshold: number;
  ComparisonOperator: ComparisonOperator;
  TreatMissingData?: TreatMissingData;
  Unit?: string;
}

/** An alarm and its state. Times are simulated epoch ms. */
export interface AlarmRecord {
  arn: string;
  config: AlarmConfig;
  state: AlarmStateValue;
  stateReason: string;
  stateReasonData?: string;
  stateUpdatedAt: number;
  stateTransitionedAt: number;
  configurationUpdatedAt: number;
  /** Set through the control API: the state stays put, the metric is not evaluated. */
  held: boolean;
  /** The clock event of the next evaluation. */
  timer?: number;
}

/** Errors as CloudWatch names them (its query-compatible codes). */
export const cloudWatchError = {
  missing: (field: string) => new SimError('MissingParameter', `The parameter ${field} is required.`),
  invalid: (message: string) => new SimError('InvalidParameterValue', message),
  combination: (message: string) => new SimError('InvalidParameterCombination', message),
  notFound: (message: string) => new SimError('ResourceNotFound', message, { status: 404 }),
};

function requiredString(params: Record<string, unknown>, field: string): string {
  const value = params[field];
  if (value === undefined || value === null || value === '') throw cloudWatchError.missing(field);
  if (typeof value !== 'string') throw cloudWatchError.invalid(`The parameter ${field} must be a string.`);
  return value;
}

function requiredNumber(params: Record<string, unknown>, field: string): number {
  const value = params[field];
  if (value === undefined || value === null) throw cloudWatchError.missing(field);
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw cloudWatchError.invalid(`The parameter ${field} must be a number.`);
  return value;
}

/** Checks a Period: 10, 20, 30 or a multiple of 60 seconds for alarms; 1, 5 too for queries. */
export function checkPeriod(period: number, field: string, allowed: number[]): number {
  if (!Number.isInteger(period) || period <= 0 || (period % 60 !== 0 && !allowed.includes(period))) {
    throw cloudWatchError.invalid(
      `The parameter ${field} must be ${allowed.join(', ')} or a multiple of 60, not ${period}.`,
    );
  }
  return period;
}

/** Checks a dimension list: at most 30, each with a Name and a Value. */
export function checkDimensions(value: unknown, field: string): Dimension[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.length > 30)
    throw cloudWatchError.invalid(`The parameter ${field} must be a list of at most 30 dimensions.`);
  return value.map((dimension: { Name?: unknown; Value?: unknown }, index) => {
    if (typeof dimension?.Name !== 'string' || typeof dimension.Value !== 'string') {
      throw cloudWatchError.missing(`${field}.member.${index + 1}.Name and Value`);
    }
    return { Name: dimension.Name, Value: dimension.Value };
  });
}

/** A PutMetricAlarm request checked as CloudWatch checks it; throws before anything changes. */
export function alarmConfig(params: Record<string, unknown>): AlarmConfig {
  const name = requiredString(params, 'AlarmName');
  if (name.length > 255)
    throw cloudWatchError.invalid('The parameter AlarmName must be at most 255 characters.');
  if (params.Metrics !== undefined)
    throw cloudWatchError.invalid('The simulator does not model metric math alarms (Metrics).');
  const statistic = params.Statistic;
  const extended = params.ExtendedStatistic;
  if ((statistic === undefined) === (extended === undefined)) {
    throw cloudWatchError.combination('Exactly one of Statistic and ExtendedStatistic must be specified.');
  }
  if (statistic !== undefined && isExtendedStatistic(checkStatistic(statistic, 'Statistic')))
    throw cloudWatchError.invalid(
      'The parameter Statistic must be Sum, Average, SampleCount, Minimum or Maximum.',
    );
  if (extended !== undefined && !isExtendedStatistic(checkStatistic(extended, 'ExtendedStatistic')))
    throw cloudWatchError.invalid('The parameter ExtendedStatistic must be a percentile such as p99.');
  const evaluationPeriods = requiredNumber(params, 'EvaluationPeriods');
  if (!Number.isInteger(evaluationPeriods) || evaluationPeriods < 1)
    throw cloudWatchError.invalid('The parameter EvaluationPeriods must be at least 1.');
  const datapointsToAlarm = params.DatapointsToAlarm as number | undefined;
  if (
    datapointsToAlarm !== undefined &&
    (!Number.isInteger(datapointsToAlarm) || datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods)
  ) {
    throw cloudWatchError.invalid('The parameter DatapointsToAlarm must be between 1 and EvaluationPeriods.');
  }
  const operator = requiredString(params, 'ComparisonOperator');
  if (!(COMPARISON_OPERATORS as readonly string[]).includes(operator)) {
    throw cloudWatchError.invalid(
      `The parameter ComparisonOperator must be one of ${COMPARISON_OPERATORS.join(', ')} (anomaly detection is not modelled).`,
    );
  }
  const treatMissing = params.TreatMissingData;
  if (treatMissing !== undefined && !(TREAT_MISSING_DATA as readonly unknown[]).includes(treatMissing)) {
    throw cloudWatchError.invalid(
      `The parameter TreatMissingData must be one of ${TREAT_MISSING_DATA.join(', ')}.`,
    );
  }
  return {
    AlarmName: name,
    AlarmDescription: params.AlarmDescription as string | undefined,
    ActionsEnabled: (params.ActionsEnabled as boolean | undefined) ?? true,
    Namespace: requiredString(params, 'Namespace'),
    MetricName: requiredString(params, 'MetricName'),
    Dimensions: checkDimensions(params.Dimensions, 'Dimensions'),
    Statistic: statistic as string | undefined,
    ExtendedStatistic: extended as string | undefined,
    Period: checkPeriod(requiredNumber(params, 'Period'), 'Period', [10, 20, 30]),
    EvaluationPeriods: evaluationPeriods,
    DatapointsToAlarm: datapointsToAlarm,
    Threshold: requiredNumber(params, 'Threshold'),
    ComparisonOperator: operator as ComparisonOperator,
    TreatMissingData: treatMissing as TreatMissingData | undefined,
    Unit: params.Unit as string | undefined,
  };
}

/** The metric an alarm watches. */
export function alarmMetric(config: AlarmConfig): MetricId {
  return { namespace: config.Namespace, metricName: config.MetricName, dimensions: config.Dimensions ?? [] };
}

/** The rule an evaluation applies. */
export function alarmRule(config: AlarmConfig): AlarmRule {
  return {
    threshold: config.Threshold,
    comparisonOperator: config.ComparisonOperator,
    evaluationPeriods: config.EvaluationPeriods,
    datapointsToAlarm: config.DatapointsToAlarm ?? config.EvaluationPeriods,
    periodMs: config.Period * 1000,
    treatMissingData: config.TreatMissingData ?? 'missing',
  };
}

/** The MetricAlarm object DescribeAlarms returns. */
export function describeAlarm(alarm: AlarmRecord): Record<string, unknown> {
  const { config } = alarm;
  return {
    AlarmName: config.AlarmName,
    AlarmArn: alarm.arn,
    AlarmDescription: config.AlarmDescription,
    AlarmConfigurationUpdatedTimestamp: new Date(alarm.configurationUpdatedAt),
    ActionsEnabled: config.ActionsEnabled,
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
    StateValue: alarm.state,
    StateReason: alarm.stateReason,
    StateReasonData: alarm.stateReasonData,
    StateUpdatedTimestamp: new Date(alarm.stateUpdatedAt),
    StateTransitionedTimestamp: new Date(alarm.stateTransitionedAt),
    MetricName: config.MetricName,
    Namespace: config.Namespace,
    Statistic: config.Statistic,
    ExtendedStatistic: config.ExtendedStatistic,
    Dimensions: config.Dimensions ?? [],
    Period: config.Period,
    Unit: config.Unit,
    EvaluationPeriods: config.EvaluationPeriods,
    DatapointsToAlarm: config.DatapointsToAlarm,
    Threshold: config.Threshold,
    ComparisonOperator: config.ComparisonOperator,
    TreatMissingData: config.TreatMissingData,
  };
}
