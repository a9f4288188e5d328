import fc from 'fast-check';
import { InputError } from '../../src/errors.js';
import { parseMetricBounds } from '../../src/health/metric-bounds.js';
import { errorPercent, metricVerdict, type MetricBounds } from '../../src/health/metric-verdict.js';

const bounds: fc.Arbitrary<MetricBounds> = fc.record({
  maxErrorPercent: fc.integer({ min: 0, max: 100 }),
  maxErrorPercentOverOld: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
  maxP99Ms: fc.option(fc.integer({ min: 1, max: 10_000 }), { nil: undefined }),
  maxP99PercentOverOld: fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined }),
  minRequests: fc.integer({ min: 1, max: 1000 }),
});
const figures = fc
  .record({
    requests: fc.integer({ min: 0, max: 100_000 }),
    errorShare: fc.double({ min: 0, max: 1, noNaN: true }),
    p99Ms: fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
  })
  .map(({ requests, errorShare, p99Ms }) => ({
    requests,
    errors5xx: Math.floor(requests * errorShare),
    p99Ms,
  }));

test('never advances (or rolls back) on fewer requests than the minimum', () => {
  fc.assert(
    fc.property(bounds, figures, figures, (b, newColour, oldColour) => {
      fc.pre(newColour.requests < b.minRequests);
      expect(metricVerdict({ newColour, oldColour, bounds: b }).action).toBe('hold');
    }),
  );
});

test('never rolls back while the new colour stays within every bound', () => {
  fc.assert(
    fc.property(bounds, figures, figures, (b, newColour, oldColour) => {
      const share = errorPercent(newColour);
      const oldShare = errorPercent(oldColour);
      const oldMeasured = oldColour.requests >= b.minRequests;
      fc.pre(share <= b.maxErrorPercent);
      fc.pre(
        !oldMeasured ||
          b.maxErrorPercentOverOld === undefined ||
          share <= oldShare + b.maxErrorPercentOverOld,
      );
      fc.pre(newColour.p99Ms === undefined || b.maxP99Ms === undefined || newColour.p99Ms <= b.maxP99Ms);
      fc.pre(
        !oldMeasured ||
          newColour.p99Ms === undefined ||
          oldColour.p99Ms === undefined ||
          b.maxP99PercentOverOld === undefined ||
          newColour.p99Ms <= oldColour.p99Ms * (1 + b.maxP99PercentOverOld / 100),
      );
      expect(metricVerdict({ newColour, oldColour, bounds: b }).action).not.toBe('rollback');
    }),
  );
});

test('more 5xx never turns a rollback into an advance', () => {
  fc.assert(
    fc.property(
      bounds,
      figures,
      figures,
      fc.integer({ min: 0, max: 100_000 }),
      (b, newColour, oldColour, more) => {
        const before = metricVerdict({ newColour, oldColour, bounds: b }).action;
        const worse = { ...newColour, errors5xx: Math.min(newColour.requests, newColour.errors5xx + more) };
        const after = metricVerdict({ newColour: worse, oldColour, bounds: b }).action;
        if (before === 'rollback') expect(after).toBe('rollback');
        if (before === 'hold') expect(after).toBe('hold');
      },
    ),
  );
});

test('20% 5xx on the canary rolls back against a clean old colour, naming the share', () => {
  const verdict = metricVerdict({
    newColour: { requests: 200, errors5xx: 40, p99Ms: 20 },
    oldColour: { requests: 1800, errors5xx: 0, p99Ms: 20 },
    bounds: { maxErrorPercent: 1, minRequests: 50 },
  });
  expect(verdict).toEqual({
    action: 'rollback',
    reason: 'new colour: 20% 5xx (40/200) is above the 1% bound',
  });
});

test('a latency tripling breaks the relative p99 bound', () => {
  const verdict = metricVerdict({
    newColour: { requests: 100, errors5xx: 0, p99Ms: 300 },
    oldColour: { requests: 100, errors5xx: 0, p99Ms: 100 },
    bounds: { maxErrorPercent: 5, maxP99PercentOverOld: 50, minRequests: 50 },
  });
  expect(verdict.action).toBe('rollback');
  expect(verdict.reason).toContain('more than 50% above');
});

describe('bounds validation', () => {
  const error = (inputs: Record<string, string>) => {
    try {
      parseMetricBounds(inputs);
    } catch (caught) {
      return caught as InputError;
    }
    throw new Error('expected an input error');
  };

  test('is off without metric-max-5xx, with defaults when on', () => {
    expect(parseMetricBounds({})).toBeUndefined();
    expect(parseMetricBounds({ 'metric-max-5xx': '1%' })).toEqual({
      bounds: { maxErrorPercent: 1, minRequests: 50 },
    });
  });

  test.each([
    [{ 'metric-max-5xx': '101' }, 'metric-max-5xx', 'from 0 to 100'],
    [{ 'metric-max-5xx': '-1' }, 'metric-max-5xx', 'from 0 to 100'],
    [
      { 'metric-max-5xx': '1', 'metric-max-5xx-over-old': '150%' },
      'metric-max-5xx-over-old',
      'from 0 to 100',
    ],
    [{ 'metric-max-5xx': '1', 'metric-min-requests': '0' }, 'metric-min-requests', 'at least 1'],
    [{ 'metric-min-requests': '10' }, 'metric-min-requests', 'needs metric-max-5xx'],
  ])('%j is an error naming %s', (inputs, name, expected) => {
    const caught = error(inputs);
    expect(caught).toBeInstanceOf(InputError);
    expect(caught.message).toContain(name);
    expect(caught.message).toContain(expected);
  });
});
