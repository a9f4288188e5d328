/**
 * CloudWatch's wire API as the real client sees it (AWS JSON 1.0): alarms created, described, set and
 * deleted; GetMetricData over samples the load balancer published; errors the SDK names.
 */
import { expect, test } from '@jest/globals';
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  PutMetricAlarmCommand,
  ResourceNotFound,
  SetAlarmStateCommand,
} from '@aws-sdk/client-cloudwatch';
import { SimControl } from '../../sim/index.js';
import { useSimulator } from '../helpers/simulator.js';

const harness = useSimulator({ timeScale: 1, seed: 3 });

function cloudwatch(): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: harness().sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 1,
  });
}

const LB_ARN =
  'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop-alb/50dc6c495c0c9188';
const TG_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/shop-green/943f017f100becff';
const DIMENSIONS = [
  { Name: 'LoadBalancer', Value: 'app/shop-alb/50dc6c495c0c9188' },
  { Name: 'TargetGroup', Value: 'targetgroup/shop-green/943f017f100becff' },
];

test('PutMetricAlarm, DescribeAlarms, SetAlarmState and DeleteAlarms over the JSON 1.0 protocol', async () => {
  const client = cloudwatch();
  await client.send(
    new PutMetricAlarmCommand({
      AlarmName: 'shop-5xx',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: DIMENSIONS,
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 2,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold',
    }),
  );
  const created = (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['shop-5xx'] }))).MetricAlarms!;
  expect(created).toHaveLength(1);
  expect(created[0]).toMatchObject({
    AlarmName: 'shop-5xx',
    AlarmArn: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:shop-5xx',
    StateValue: 'INSUFFICIENT_DATA',
    Namespace: 'AWS/ApplicationELB',
    Threshold: 5,
    EvaluationPeriods: 2,
    Period: 60,
    Statistic: 'Sum',
    ComparisonOperator: 'GreaterThanThreshold',
  });
  expect(created[0].StateUpdatedTimestamp).toBeInstanceOf(Date);

  await client.send(
    new SetAlarmStateCommand({ AlarmName: 'shop-5xx', StateValue: 'ALARM', StateReason: 'testing' }),
  );
  const inAlarm = await client.send(new DescribeAlarmsCommand({ StateValue: 'ALARM' }));
  expect(inAlarm.MetricAlarms!.map((alarm) => [alarm.AlarmName, alarm.StateReason])).toEqual([
    ['shop-5xx', 'testing'],
  ]);
  expect((await client.send(new DescribeAlarmsCommand({ StateValue: 'OK' }))).MetricAlarms).toEqual([]);

  await expect(
    client.send(new SetAlarmStateCommand({ AlarmName: 'nope', StateValue: 'OK', StateReason: 'x' })),
  ).rejects.toBeInstanceOf(ResourceNotFound);
  await expect(client.send(new DeleteAlarmsCommand({ AlarmNames: ['shop-5xx', 'nope'] }))).rejects.toThrow(
    /nope/,
  );
  await client.send(new DeleteAlarmsCommand({ AlarmNames: ['shop-5xx'] }));
  expect((await client.send(new DescribeAlarmsCommand({}))).MetricAlarms).toEqual([]);
  client.destroy();
});

test('PutMetricAlarm refuses bad input with the code CloudWatch uses', async () => {
  const client = cloudwatch();
  const base = {
    AlarmName: 'bad',
    Namespace: 'AWS/ApplicationELB',
    MetricName: 'RequestCount',
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 1,
    ComparisonOperator: 'GreaterThanThreshold' as const,
  };
  await expect(client.send(new PutMetricAlarmCommand(base))).rejects.toMatchObject({
    name: 'InvalidParameterCombinationException',
    Code: 'InvalidParameterCombination',
  });
  await expect(
    client.send(new PutMetricAlarmCommand({ ...base, Statistic: 'Sum', Period: 45 })),
  ).rejects.toMatchObject({ name: 'InvalidParameterValueException', Code: 'InvalidParameterValue' });
  await expect(
    client.send(new PutMetricAlarmCommand({ ...base, Statistic: 'Sum', Namespace: undefined })),
  ).rejects.toMatchObject({ name: 'MissingRequiredParameterException', Code: 'MissingParameter' });
  client.destroy();
});

test('GetMetricData sums, averages and p99s per period, newest first unless ScanBy says otherwise', async () => {
  const world = harness().sim.world;
  // Periods align to multiples of the period since the epoch: start on a 10-minute boundary.
  const minute = Math.floor(world.clock.now() / 600_000) * 600_000 - 20 * 60_000;
  // Two minutes of answers from shop-green: 10 then 4 requests, 1 then 3 of them 5xx.
  const answers = [
    ...Array.from({ length: 10 }, (_, i) => ({
      time: minute + i * 1000,
      status: i === 0 ? 500 : 200,
      ms: 10 + i,
    })),
    ...Array.from({ length: 4 }, (_, i) => ({
      time: minute + 60_000 + i,
      status: i < 3 ? 503 : 200,
      ms: 100,
    })),
  ];
  for (const answer of answers) {
    world.cloudwatch.served({
      time: answer.time,
      loadBalancerArn: LB_ARN,
      targetGroupArn: TG_ARN,
      status: answer.status,
      answeredBy: 'target',
      targetResponseMs: answer.ms,
    });
  }
  const stat = (id: string, MetricName: string, Stat: string) => ({
    Id: id,
    MetricStat: {
      Metric: { Namespace: 'AWS/ApplicationELB', MetricName, Dimensions: DIMENSIONS },
      Period: 60,
      Stat,
    },
  });
  const client = cloudwatch();
  const result = await client.send(
    new GetMetricDataCommand({
      StartTime: new Date(minute),
      EndTime: new Date(minute + 5 * 60_000),
      MetricDataQueries: [
        stat('requests', 'RequestCount', 'Sum'),
        stat('errors', 'HTTPCode_Target_5XX_Count', 'Sum'),
        stat('ok', 'HTTPCode_Target_2XX_Count', 'Sum'),
        stat('latency', 'TargetResponseTime', 'Average'),
        stat('p99', 'TargetResponseTime', 'p99'),
      ],
    }),
  );
  const byId = Object.fromEntries(result.MetricDataResults!.map((entry) => [entry.Id, entry]));
  expect(byId.requests.Values).toEqual([4, 10]);
  expect(byId.requests.Timestamps).toEqual([new Date(minute + 60_000), new Date(minute)]);
  expect(byId.errors.Values).toEqual([3, 1]);
  expect(byId.ok.Values).toEqual([1, 9]);
  expect(byId.latency.Values![1]).toBeCloseTo(0.0145, 6);
  expect(byId.p99.Values).toEqual([0.1, 0.019]);

  // Dimensions match as a set: the load balancer alone is another metric, and order does not matter.
  const ascending = await client.send(
    new GetMetricDataCommand({
      StartTime: new Date(minute),
      EndTime: new Date(minute + 5 * 60_000),
      ScanBy: 'TimestampAscending',
      MetricDataQueries: [
        {
          Id: 'lb',
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'RequestCount',
              Dimensions: [DIMENSIONS[0]],
            },
            Period: 120,
            Stat: 'Sum',
          },
        },
        {
          ...stat('reversed', 'RequestCount', 'Sum'),
          MetricStat: {
            ...stat('x', 'RequestCount', 'Sum').MetricStat,
            Metric: {
              Namespace: 'AWS/ApplicationELB',
              MetricName: 'RequestCount',
              Dimensions: [...DIMENSIONS].reverse(),
            },
          },
        },
      ],
    }),
  );
  expect(ascending.MetricDataResults!.map((entry) => [entry.Id, entry.Values])).toEqual([
    ['lb', [14]],
    ['reversed', [10, 4]],
  ]);
  client.destroy();
});

test('SetAlarmState lasts until the next evaluation; the control API holds a state until follow', async () => {
  const { sim } = harness();
  const client = cloudwatch();
  await client.send(
    new PutMetricAlarmCommand({
      AlarmName: 'quiet',
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Dimensions: DIMENSIONS.map((dimension) => ({ ...dimension, Value: `${dimension.Value}-quiet` })),
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    }),
  );
  const state = async () =>
    (await client.send(new DescribeAlarmsCommand({ AlarmNames: ['quiet'] }))).MetricAlarms![0].StateValue;
  const minute = () => sim.world.clock.advance(60_000);

  minute();
  expect(await state()).toBe('OK');
  await client.send(
    new SetAlarmStateCommand({ AlarmName: 'quiet', StateValue: 'ALARM', StateReason: 'drill' }),
  );
  expect(await state()).toBe('ALARM');
  minute();
  expect(await state()).toBe('OK');

  const control = new SimControl(sim.endpoint);
  await control.alarmState({ name: 'quiet', state: 'ALARM', reason: 'held by the test' });
  minute();
  minute();
  expect(await state()).toBe('ALARM');
  await control.alarmState({ name: 'quiet', follow: true });
  minute();
  expect(await state()).toBe('OK');
  await expect(control.alarmState({ name: 'missing', state: 'OK' })).rejects.toThrow(
    /Alarm missing not found/,
  );
  client.destroy();
});

test('injected throttling answers Throttling, which the SDK retries', async () => {
  const { sim } = harness();
  sim.world.faults.configure({ seed: 1, rules: [{ service: 'cloudwatch', throttlePercent: 100 }] });
  const client = new CloudWatchClient({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 2,
  });
  const before = sim.world.log.list().length;
  const error = await client.send(new DescribeAlarmsCommand({})).catch((caught: unknown) => caught);
  sim.world.faults.configure({});
  expect(error).toMatchObject({ Code: 'Throttling', $metadata: { httpStatusCode: 400, attempts: 2 } });
  expect(
    sim.world.log
      .list()
      .slice(before)
      .map((call) => `${call.service}:${call.fault}`),
  ).toEqual(['cloudwatch:throttle', 'cloudwatch:throttle']);
  client.destroy();
});
