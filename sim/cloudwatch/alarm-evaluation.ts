/**
 * One evaluation of a metric alarm, a pure decision: the last `EvaluationPeriods` complete periods of its
 * metric, `DatapointsToAlarm` of them breaching puts it in ALARM; missing periods count as
 * `TreatMissingData` says (`missing`, the default: no data at all is INSUFFICIENT_DATA).
 */
import type { Datapoint } from './statistics.js';

/** The states of an alarm. */
export type AlarmStateValue = 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';

/** The comparison operators the simulator models. */
export const COMPARISON_OPERATORS = [
  'GreaterThanOrEqualToThreshold',
  'GreaterThanThreshold',
  'LessThanThreshold',
  'LessThanOrEqualToThreshold',
] as const;
export type ComparisonOperator = (typeof COMPARISON_OPERATORS)[number];

/** What treating missing data may be set to. */
export const TREAT_MISSING_DATA = ['missing', 'notBreaching', 'breaching', 'ignore'] as const;
export type TreatMissingData = (typeof TREAT_MISSING_DATA)[number];

/** The alarm settings an evaluation reads. */
export interface AlarmRule {
  threshold: number;
  comparisonOperator: ComparisonOperator;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  periodMs: number;
  treatMissingData: TreatMissingData;
}

/** The outcome: the new state (undefined: keep the current one) and why. */
export interface AlarmVerdict {
  state: AlarmStateValue | undefined;
  reason: string;
  breaching: number;
  datapoints: Datapoint[];
}

const OPERATOR_WORDS: Record<ComparisonOperator, string> = {
  GreaterThanOrEqualToThreshold: 'greater than or equal to',
  GreaterThanThreshold: 'greater than',
  LessThanThreshold: 'less than',
  LessThanOrEqualToThreshold: 'less than or equal to',
};

/** True when a value breaches the threshold. */
export function breaches(value: number, rule: Pick<AlarmRule, 'threshold' | 'comparisonOperator'>): boolean {
  switch (rule.comparisonOperator) {
    case 'GreaterThanOrEqualToThreshold':
      return value >= rule.threshold;
    case 'GreaterThanThreshold':
      return value > rule.threshold;
    case 'LessThanThreshold':
      return value < rule.threshold;
    case 'LessThanOrEqualToThreshold':
      return value <= rule.threshold;
  }
}

/** The evaluation range: the `evaluationPeriods` complete periods before `now`. */
export function evaluationRange(rule: AlarmRule, now: number): { start: number; end: number } {
  const end = Math.floor(now / rule.periodMs) * rule.periodMs;
  return { start: end - rule.evaluationPeriods * rule.periodMs, end };
}

/** Evaluates an alarm over the datapoints of its evaluation range (oldest first). */
export function evaluateAlarm(rule: AlarmRule, datapoints: Datapoint[]): AlarmVerdict {
  const missing = rule.evaluationPeriods - datapoints.length;
  const present = datapoints.filter((datapoint) => breaches(datapoint.value, rule)).length;
  const breaching = present + (rule.treatMissingData === 'breaching' ? missing : 0);
  const words = OPERATOR_WORDS[rule.comparisonOperator];
  const listed = datapoints
    .slice()
    .reverse()
    .map((datapoint) => `${datapoint.value} (${new Date(datapoint.timestamp).toISOString()})`)
    .join(', ');
  const minimum = `(minimum ${rule.datapointsToAlarm} datapoint${rule.datapointsToAlarm === 1 ? '' : 's'} for OK -> ALARM transition)`;
  if (breaching >= rule.datapointsToAlarm) {
    return {
      state: 'ALARM',
      reason: `Threshold Crossed: ${breaching} out of the last ${rule.evaluationPeriods} datapoints [${listed}] ${breaching === 1 ? 'was' : 'were'} ${words} the threshold (${rule.threshold}) ${minimum}.`,
      breaching,
      datapoints,
    };
  }
  if (datapoints.length === 0) {
    const keep = { breaching, datapoints };
    if (rule.treatMissingData === 'ignore')
      return { ...keep, state: undefined, reason: 'no datapoints: state kept' };
    if (rule.treatMissingData === 'missing') {
      return {
        ...keep,
        state: 'INSUFFICIENT_DATA',
        reason: `Insufficient Data: ${rule.evaluationPeriods} datapoint${rule.evaluationPeriods === 1 ? ' was' : 's were'} unknown.`,
      };
    }
  }
  return {
    state: 'OK',
    reason: `Threshold Crossed: ${rule.evaluationPeriods - breaching} out of the last ${rule.evaluationPeriods} datapoints [${listed}] ${rule.evaluationPeriods - breaching === 1 ? 'was' : 'were'} not ${words} the threshold (${rule.threshold}) ${minimum}.`,
    breaching,
    datapoints,
  };
}
