/**
 * The pure parts of the simulated CloudWatch: an alarm evaluation goes ALARM exactly when enough
 * datapoints breach, never on missing data unless told to treat it as breaching; statistics and
 * per-period aggregation stay within the samples they summarise.
 */
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  COMPARISON_OPERATORS,
  TREAT_MISSING_DATA,
  breaches,
  evaluateAlarm,
  type AlarmRule,
} from '../../sim/cloudwatch/alarm-evaluation.js';
import { aggregate, statistic } from '../../sim/cloudwatch/statistics.js';

const rules = fc
  .record({
    threshold: fc.integer({ min: -5, max: 50 }),
    comparisonOperator: fc.constantFrom(...COMPARISON_OPERATORS),
    evaluationPeriods: fc.integer({ min: 1, max: 6 }),
    treatMissingData: fc.constantFrom(...TREAT_MISSING_DATA),
  })
  .chain((rule) =>
    fc.record({
      rule: fc
        .integer({ min: 1, max: rule.evaluationPeriods })
        .map((datapointsToAlarm): AlarmRule => ({ ...rule, datapointsToAlarm, periodMs: 60_000 })),
      values: fc.array(fc.integer({ min: -10, max: 60 }), { maxLength: rule.evaluationPeriods }),
    }),
  );

test('ALARM exactly when at least DatapointsToAlarm datapoints breach (missing ones only when breaching)', () => {
  fc.assert(
    fc.property(rules, ({ rule, values }) => {
      const datapoints = values.map((value, index) => ({ timestamp: index * 60_000, value }));
      const verdict = evaluateAlarm(rule, datapoints);
      const missing = rule.evaluationPeriods - values.length;
      const breaching =
        values.filter((value) => breaches(value, rule)).length +
        (rule.treatMissingData === 'breaching' ? missing : 0);
      expect(verdict.state === 'ALARM').toBe(breaching >= rule.datapointsToAlarm);
      if (values.length === 0 && rule.treatMissingData === 'missing' && verdict.state !== 'ALARM')
        expect(verdict.state).toBe('INSUFFICIENT_DATA');
      if (values.length === 0 && rule.treatMissingData === 'ignore' && verdict.state !== 'ALARM')
        expect(verdict.state).toBeUndefined();
      if (values.length > 0 && verdict.state !== 'ALARM') expect(verdict.state).toBe('OK');
    }),
  );
});

test('statistics stay within the samples; per-period sums add up to the total', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          time: fc.integer({ min: 0, max: 600_000 }),
          value: fc.double({ min: 0, max: 10, noNaN: true }),
        }),
        {
          minLength: 1,
          maxLength: 60,
        },
      ),
      fc.constantFrom('p50', 'p99', 'p99.9', 'Average', 'Minimum', 'Maximum'),
      (unsorted, stat) => {
        const samples = [...unsorted].sort((a, b) => a.time - b.time);
        const values = samples.map((sample) => sample.value);
        const value = statistic(values, stat);
        expect(value).toBeGreaterThanOrEqual(Math.min(...values) - 1e-9);
        expect(value).toBeLessThanOrEqual(Math.max(...values) + 1e-9);
        const sums = aggregate(samples, { start: 0, end: 660_000, periodMs: 60_000 }, 'Sum');
        const total = values.reduce((sum, sample) => sum + sample, 0);
        expect(sums.reduce((sum, datapoint) => sum + datapoint.value, 0)).toBeCloseTo(total, 6);
        expect(sums.every((datapoint) => datapoint.timestamp % 60_000 === 0)).toBe(true);
      },
    ),
  );
  expect(statistic([5, 1, 3], 'p100')).toBe(5);
  expect(statistic([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 'p90')).toBe(9);
});
