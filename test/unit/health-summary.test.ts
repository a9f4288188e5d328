/** The wait-healthy job summary and the listener weight rewrite (pure builders). */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withWeights, type WeightedForward } from '../../src/health/listener.js';
import { waitSummaryMarkdown } from '../../src/health/summary.js';
import { evenGrid, healthyTargetsChart, trafficChart } from '../../src/health/summary-chart.js';
import type { HealthSample, WaitReport } from '../../src/health/types.js';

const sample = (elapsedMs: number, healthyTargets: number, newWeight?: number): HealthSample => ({
  elapsedMs,
  decision: healthyTargets === 2 ? 'healthy' : 'pending',
  healthyTargets,
  desiredCount: 2,
  runningTasks: 2,
  newWeight,
  reason: 'r',
});

test('evenGrid resamples uneven samples on an even grid of whole seconds, holding the last value', () => {
  // Dense early samples, then a long gap: the grid spaces points by time, not by sample.
  const samples = [sample(0, 0), sample(1500, 0), sample(3000, 1), sample(4500, 2), sample(120_000, 2)];
  const grid = evenGrid(samples, 30);
  expect(grid[0].seconds).toBe(0);
  expect(grid.at(-1)!.seconds).toBe(120);
  const steps = grid.slice(1).map((point, index) => point.seconds - grid[index].seconds);
  expect(new Set(steps)).toEqual(new Set([5]));
  expect(grid.find((point) => point.seconds === 5)!.sample.healthyTargets).toBe(2);
  expect(grid.length).toBeLessThanOrEqual(30);
});

test('the targets chart counts whole targets on a proportional seconds axis in distinct colours', () => {
  const chart = healthyTargetsChart([sample(0, 0), sample(1500, 1), sample(3000, 2)])!;
  expect(chart).toContain('```mermaid');
  expect(chart).toContain('x-axis "seconds since the wait started" 0 --> 3');
  expect(chart).toContain('bar [0, 0, 1, 2]');
  expect(chart).toContain('line [2, 2, 2, 2]');
  expect(chart).toContain('#1f883d');
  expect(chart).not.toMatch(/\d\.\d/);
});

test('a chart with nothing to show is left out', () => {
  const flat = [sample(0, 0, 0), sample(60_000, 0, 0)];
  expect(healthyTargetsChart(flat)).toBeUndefined();
  expect(trafficChart(flat)).toBeUndefined();
  expect(trafficChart([sample(0, 1), sample(5000, 2)])).toBeUndefined();
  expect(healthyTargetsChart([sample(0, 2), sample(5000, 2)])).toBeUndefined();
  expect(trafficChart([sample(0, 1, 0), sample(5000, 2, 10)])).toContain('line [0, 0, 0, 0, 0, 10]');
});

test('the summary states the verdict, facts and every step', () => {
  const report: WaitReport = {
    strategy: 'blue-green',
    verdict: {
      status: 'unhealthy',
      reason: 'new task abc stopped',
      healthyTargets: 1,
      samples: [sample(0, 1, 0), sample(3000, 1, 10)],
    },
    rolledBack: true,
    finalWeights: { 'blue-tg': 100, 'green-tg': 0 },
    events: [
      { elapsedMs: 1000, action: 'shift', newWeight: 10, detail: 'green 10% / blue 90%' },
      { elapsedMs: 2000, action: 'rollback', newWeight: 0, detail: 'green 0% / blue 100%' },
    ],
    leftState: 'traffic is green 0% / blue 100%',
  };
  const markdown = waitSummaryMarkdown(report, { region: 'eu-west-1', cluster: 'prod', services: ['blue'] });
  expect(markdown).toContain('## ↩️ wait-healthy (blue-green): unhealthy, rolled back');
  expect(markdown).toContain('- **total**: 3.0 s');
  expect(markdown).toContain('- **rolled back**: yes');
  expect(markdown).toContain('- **final weights**: blue-tg=100, green-tg=0');
  expect(markdown).toContain('| 2.0 s | 1.0 s | rollback | 0 | green 0% / blue 100% |');
  expect(markdown).toContain(
    'https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/blue/deployments?region=eu-west-1',
  );
  expect(markdown).toContain('Traffic on the new revision');
});

test('withWeights changes only the weights of the forward action and drops a single TargetGroupArn', () => {
  const actions: Action[] = [
    { Type: 'authenticate-oidc', Order: 1 } as Action,
    {
      Type: 'forward',
      Order: 2,
      TargetGroupArn: 'blue',
      ForwardConfig: {
        TargetGroups: [
          { TargetGroupArn: 'blue', Weight: 100 },
          { TargetGroupArn: 'green', Weight: 0 },
        ],
        TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 },
      },
    },
  ];
  const forward: WeightedForward = {
    owner: { kind: 'listener', arn: 'l' },
    actions,
    forwardIndex: 1,
    weights: { blue: 100, green: 0 },
  };
  const next = withWeights(forward, { blue: 90, green: 10 });
  expect(next[0]).toBe(actions[0]);
  expect(next[1]).toEqual({
    Type: 'forward',
    Order: 2,
    ForwardConfig: {
      TargetGroups: [
        { TargetGroupArn: 'blue', Weight: 90 },
        { TargetGroupArn: 'green', Weight: 10 },
      ],
      TargetGroupStickinessConfig: { Enabled: true, DurationSeconds: 60 },
    },
  });
  expect(actions[1].ForwardConfig!.TargetGroups![0].Weight).toBe(100);
});
