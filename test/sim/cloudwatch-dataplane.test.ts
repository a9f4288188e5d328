/**
 * CloudWatch measures what the data plane serves: real HTTP through the listener proxy shows up in
 * GetMetricData per target group (requests, 5xx, 2xx, p99 latency), and an alarm on the 5xx count goes
 * ALARM at the next evaluation on the simulated clock. The images are healthy on /health and fail or
 * lag on other paths.
 */
import {
  CloudWatchClient,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { afterEach, expect, test } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { blueGreenWorld, rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  getMany,
  startDataPlane,
  stopDataPlane,
  targetsOf,
  type DataPlaneHarness,
} from './dataplane-fixtures.js';

let harness: DataPlaneHarness | undefined;
let client: CloudWatchClient | undefined;
afterEach(async () => {
  client?.destroy();
  await stopDataPlane(harness);
  harness = client = undefined;
});

const IMAGE = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1';

function cloudwatch(endpoint: string): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 1,
  });
}

/** The rolling world behind shop-alb, with an alarm on web-tg's 5xx count. */
function alarmedWorld(behaviour: WorldSeed['behaviours']): WorldSeed {
  return {
    ...rollingWorld({ image: IMAGE, healthCheckIntervalSeconds: 300 }),
    behaviours: behaviour,
    alarms: [
      {
        AlarmName: 'web-5xx',
        targetGroup: 'web-tg',
        MetricName: 'HTTPCode_Target_5XX_Count',
        Statistic: 'Sum',
        Period: 60,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 1,
        Threshold: 3,
        ComparisonOperator: 'GreaterThanThreshold',
        TreatMissingData: 'notBreaching',
      },
    ],
  };
}

/** A target group's metrics (the load balancer's alone without one) over the last hour of simulated time. */
async function webMetrics(
  queries: [id: string, metric: string, stat: string][],
  targetGroup: string | null = 'web-tg',
) {
  const world = harness!.sim.world;
  const loadBalancer = world.elb.store.loadBalancerNamed('shop-alb')!;
  const dimensions = [
    { Name: 'LoadBalancer', Value: loadBalancer.arn.slice(loadBalancer.arn.indexOf(':loadbalancer/') + 14) },
  ];
  if (targetGroup) {
    const group = world.elb.findTargetGroup(targetGroup)!;
    dimensions.push({ Name: 'TargetGroup', Value: group.arn.slice(group.arn.lastIndexOf(':') + 1) });
  }
  const now = world.clock.now();
  const result = await client!.send(
    new GetMetricDataCommand({
      StartTime: new Date(now - 3_600_000),
      EndTime: new Date(now + 60_000),
      MetricDataQueries: queries.map(([id, metric, stat]): MetricDataQuery => ({
        Id: id,
        MetricStat: {
          Metric: { Namespace: 'AWS/ApplicationELB', MetricName: metric, Dimensions: dimensions },
          Period: 60,
          Stat: stat,
        },
      })),
    }),
  );
  return Object.fromEntries(result.MetricDataResults!.map((entry) => [entry.Id, entry.Values!]));
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);

test('GetMetricData counts the requests and 5xx the proxy served, and the 5xx alarm goes ALARM', async () => {
  harness = await startDataPlane(alarmedWorld({ 'shop:v1': { kind: 'user-errors', errorPercent: 20 } }), 20);
  client = cloudwatch(harness.sim.endpoint);
  const api = await getMany(harness.url(), 100, { path: '/api/orders' });
  const health = await getMany(harness.url(), 20, { path: '/health' });
  const failed = api.filter((answer) => answer.status === 500).length;
  // About one in five, drawn from the seeded PRNG; the health path never fails.
  expect(failed).toBeGreaterThan(8);
  expect(failed).toBeLessThan(35);
  expect(health.every((answer) => answer.status === 200)).toBe(true);
  expect(targetsOf(harness, 'web-tg').every((target) => target.state === 'healthy')).toBe(true);

  const metrics = await webMetrics([
    ['requests', 'RequestCount', 'Sum'],
    ['errors', 'HTTPCode_Target_5XX_Count', 'Sum'],
    ['ok', 'HTTPCode_Target_2XX_Count', 'Sum'],
    ['p99', 'TargetResponseTime', 'p99'],
  ]);
  expect(sum(metrics.requests)).toBe(120);
  expect(sum(metrics.errors)).toBe(failed);
  expect(sum(metrics.ok)).toBe(120 - failed);
  expect(metrics.p99.every((seconds: number) => seconds > 0 && seconds < 5)).toBe(true);

  // The alarm evaluates the last complete minutes at each minute boundary of simulated time.
  const world = harness.sim.world;
  world.clock.fireDue();
  const describe = () => client!.send(new DescribeAlarmsCommand({ AlarmNames: ['web-5xx'] }));
  expect((await describe()).MetricAlarms![0].StateValue).not.toBe('ALARM');
  world.clock.advance(Math.ceil(world.clock.now() / 60_000) * 60_000 - world.clock.now() + 1);
  const alarm = (await describe()).MetricAlarms![0];
  expect(alarm.StateValue).toBe('ALARM');
  expect(alarm.StateReason).toMatch(
    /^Threshold Crossed: 1 out of the last 2 datapoints .* greater than the threshold \(3\)/,
  );
  expect(world.timeline.filter((event) => event.type === 'alarm-state').at(-1)).toMatchObject({
    alarm: 'web-5xx',
    to: 'ALARM',
  });

  // Quiet minutes are not breaching: the alarm returns to OK.
  world.clock.advance(3 * 60_000);
  expect((await describe()).MetricAlarms![0].StateValue).toBe('OK');
});

test('a slow image lags on its user paths only: TargetResponseTime p99 shows it', async () => {
  harness = await startDataPlane(alarmedWorld({ 'shop:v1': { kind: 'slow', latencyMs: 80 } }), 20);
  client = cloudwatch(harness.sim.endpoint);
  const api = await getMany(harness.url(), 12, { path: '/api/orders', parallel: 4 });
  await getMany(harness.url(), 12, { path: '/health', parallel: 4 });
  expect(api.every((answer) => answer.status === 200)).toBe(true);
  const metrics = await webMetrics([
    ['p99', 'TargetResponseTime', 'p99'],
    ['fastest', 'TargetResponseTime', 'Minimum'],
  ]);
  expect(Math.max(...metrics.p99)).toBeGreaterThanOrEqual(0.08);
  expect(Math.min(...metrics.fastest)).toBeLessThan(0.08);
});

test('blue and green target groups behind one listener are measured apart', async () => {
  const world = blueGreenWorld();
  const bad = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:bad';
  world.taskDefinitions!.push({ ...webTaskDefinition(bad), family: 'shop-bad' });
  world.services![1] = { ...world.services![1], taskDefinition: 'shop-bad', desiredCount: 2 };
  world.listeners![0].defaultActions = [
    {
      type: 'forward',
      targetGroups: [
        { name: 'blue-tg', weight: 50 },
        { name: 'green-tg', weight: 50 },
      ],
    },
  ];
  world.behaviours = { 'shop:bad': { kind: 'user-errors', errorPercent: 40, errorStatus: 502 } };
  harness = await startDataPlane(world, 20);
  client = cloudwatch(harness.sim.endpoint);
  const answers = await getMany(harness.url(), 200, { path: '/api/orders' });
  const green = answers.filter((answer) => answer.targetGroup === 'green-tg');
  const greenFailed = green.filter((answer) => answer.status === 502).length;
  expect(greenFailed).toBeGreaterThan(0);
  expect(
    answers.filter((answer) => answer.targetGroup === 'blue-tg').every((answer) => answer.status === 200),
  ).toBe(true);

  const queries: [string, string, string][] = [
    ['requests', 'RequestCount', 'Sum'],
    ['errors', 'HTTPCode_Target_5XX_Count', 'Sum'],
  ];
  const greenMetrics = await webMetrics(queries, 'green-tg');
  const blueMetrics = await webMetrics(queries, 'blue-tg');
  const loadBalancerMetrics = await webMetrics(queries, null);
  expect(sum(greenMetrics.requests)).toBe(green.length);
  expect(sum(greenMetrics.errors)).toBe(greenFailed);
  expect(sum(blueMetrics.requests)).toBe(200 - green.length);
  // No 5xx from blue: no datapoint at all, not a zero.
  expect(blueMetrics.errors).toEqual([]);
  expect(sum(loadBalancerMetrics.requests)).toBe(200);
  expect(sum(loadBalancerMetrics.errors)).toBe(greenFailed);
});
