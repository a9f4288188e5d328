/** The wait-healthy job summary and the listener weight rewrite (pure builders). */
import type { Action } from '@aws-sdk/client-elastic-load-balancing-v2';
import { withWeights, type WeightedForward } from '../../src/health/listener.js';
import { healthChart, thinSamples, waitSummaryMarkdown } from '../../src/health/summary.js';
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

test('thinSamples keeps the first and the last sample and at most max points', () => {
  const samples = Array.from({ length: 100 }, (_, index) => sample(index * 1000, index % 3));
  const thinned = thinSamples(samples, 10);
  expect(thinned).toHaveLength(10);
  expect(thinned[0]).toBe(samples[0]);
  expect(thinned[9]).toBe(samples[99]);
});

test('the chart plots healthy targets, and traffic only when it shifts', () => {
  const samples = [sample(0, 0, 0), sample(1500, 1, 0), sample(3000, 2, 10)];
  const rolling = healthChart(samples, false);
  expect(rolling).toContain('```mermaid\nxychart-beta');
  expect(rolling).toContain('x-axis ["0s", "1.5s", "3s"]');
  expect(rolling).toContain('bar [0, 1, 2]');
  expect(rolling).not.toContain('line');
  expect(healthChart(samples, true)).toContain('line [0, 0, 10]');
});

test('the summary states the verdict, facts and every step', () => {
  const report: WaitReport = {
    strategy: 'blue-green',
    verdict: {
      status: 'unhealthy',
      reason: 'new task abc stopped',
      healthyTargets: 1,
      samples: [sample(0, 1, 10)],
    },
    rolledBack: true,
    finalWeights: { 'blue-tg': 100, 'green-tg': 0 },
    events: [
      { elapsedMs: 1000, action: 'shift', newWeight: 10, detail: 'green 10% / blue 90%' },
      { elapsedMs: 2000, action: 'rollback', newWeight: 0, detail: 'green 0% / blue 100%' },
    ],
    leftState: 'traffic is green 0% / blue 100%',
  };
  const markdown = waitSummaryMarkdown(report);
  expect(markdown).toContain('## wait-healthy (blue-green): ❌ unhealthy');
  expect(markdown).toContain('| rolled back | true |');
  expect(markdown).toContain('| final weights | blue-tg=100, green-tg=0 |');
  expect(markdown).toContain('| 2 s | rollback | 0 | green 0% / blue 100% |');
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
