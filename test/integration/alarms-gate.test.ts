/**
 * CloudWatch alarms gate rollouts, through the bundled actions against the simulator: an alarm that goes
 * into ALARM mid-rollout rolls back a rolling deploy (ecs-deploy), a kit blue/green shift (traffic first)
 * and an ECS native deployment; alarms already in ALARM and unknown names stop the run before any change.
 */
import { afterEach, expect, test } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { blueGreenWorld, nativeBlueGreenWorld, rollingWorld } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
  startDeployHarness,
  startRunUntilUpdating,
  type DeployHarness,
} from './ecs-deploy-kit.js';
import {
  forwardWeights,
  listenerArn,
  registerRevision,
  rollTo,
  runWaitHealthy,
  startHarness,
  stopHarness,
  type Harness,
} from './wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
const ALARM = 'shop-5xx';

/** The world with a 5xx alarm on its load balancer (held in its state by the tests, see hold). */
function withAlarm<W extends WorldSeed>(world: W): W {
  const alarm = {
    AlarmName: ALARM,
    MetricName: 'HTTPCode_Target_5XX_Count',
    Statistic: 'Sum' as const,
    Period: 60,
    EvaluationPeriods: 1,
    Threshold: 5,
    ComparisonOperator: 'GreaterThanThreshold' as const,
    loadBalancer: 'shop-alb',
  };
  return { ...world, alarms: [alarm] };
}

function hold(h: Harness, state: 'OK' | 'ALARM', reason = 'seeded'): Harness {
  h.sim.world.cloudwatch.holdState(ALARM, state, reason);
  return h;
}

function calls(h: Harness, operation: string) {
  return h.sim.world.log.list().filter((call) => call.operation === operation && call.outcome === 'ok');
}

/** Puts the alarm into ALARM once `operation` has succeeded `count` times (polled in real time). */
async function alarmAfter(h: Harness, operation: string, count = 1): Promise<void> {
  const started = Date.now();
  while (calls(h, operation).length < count) {
    if (Date.now() - started > 60_000) throw new Error(`${operation} never happened`);
    await new Promise((done) => setTimeout(done, 10));
  }
  hold(h, 'ALARM', 'Threshold Crossed: 1 datapoint [12.0] > 5.0');
}

test('rolling (ecs-deploy, wait healthy): an alarm in ALARM during the bake rolls the service back', async () => {
  const world = withAlarm(rollingWorld({ healthCheckIntervalSeconds: 10, circuitBreaker: false }));
  const h = hold((harness = await startDeployHarness(world)), 'OK') as DeployHarness;
  const { result } = await startRunUntilUpdating(h, {
    'container-name': 'web',
    image: image('v2'),
    wait: 'healthy',
    alarms: ALARM,
    'alarm-bake': '10m',
  });
  await alarmAfter(h, 'UpdateService');
  const run = await result;
  expectExit(run, 1);
  expect(run.outputs.outcome).toBe('rolled-back');
  expect(run.annotations.at(-1)!.message).toMatch(/alarm 'shop-5xx' is in ALARM: Threshold Crossed/);
  expect((await describeService(h)).taskDefinition).toMatch(/shop-web:1$/);
  expect(calls(h, 'DescribeAlarms').length).toBeGreaterThan(1);
}, 90_000);

test('kit blue/green: an alarm during the canary step moves 100% back to blue first', async () => {
  const h = hold((harness = await startHarness(withAlarm(blueGreenWorld()))), 'OK');
  const taskDefinition = await registerRevision(h, V2);
  const listener = await listenerArn(h, 80);
  const run = runWaitHealthy(h, {
    strategy: 'blue-green',
    'blue-service': 'web-blue',
    'green-service': 'web-green',
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:5m,100%',
    alarms: ALARM,
  });
  await alarmAfter(h, 'ModifyListener');
  const result = await run;
  expect(result.code).toBe(1);
  expect(result.outputs['rolled-back']).toBe('true');
  expect(await forwardWeights(h, listener)).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(calls(h, 'ModifyListener')).toHaveLength(2);
  expect(result.annotations.at(-1)!.message).toMatch(/alarm 'shop-5xx' is in ALARM/);
  expect(result.annotations.at(-1)!.message).toMatch(/traffic is green 0% \/ blue 100%/);
  // Traffic went back before the idle colour was reverted.
  const order = h.sim.world.log
    .list()
    .filter((call) => call.mutating && call.outcome === 'ok')
    .map((call) => call.operation);
  expect(order.slice(-2)).toEqual(['ModifyListener', 'UpdateService']);
}, 90_000);

test('ECS native: an alarm in ALARM stops the service deployment with ROLLBACK', async () => {
  const h = hold(
    (harness = await startHarness(withAlarm(nativeBlueGreenWorld({ bakeTimeInMinutes: 10 })))),
    'OK',
  );
  await rollTo(h, 'web', V2);
  const run = runWaitHealthy(h, { strategy: 'native', service: 'web', alarms: ALARM });
  await alarmAfter(h, 'DescribeAlarms', 2);
  const result = await run;
  expect(result.code).toBe(1);
  expect(result.outputs['rolled-back']).toBe('true');
  const stops = calls(h, 'StopServiceDeployment');
  expect(stops).toHaveLength(1);
  expect(stops[0].params.stopType).toBe('ROLLBACK');
  expect(result.annotations.at(-1)!.message).toMatch(/alarm 'shop-5xx' is in ALARM.*ROLLBACK_SUCCESSFUL/);
}, 90_000);

test('an alarm already in ALARM refuses the rollout, unless allowed; an unknown name is an input error', async () => {
  const h = hold((harness = await startHarness(withAlarm(blueGreenWorld()))), 'ALARM');
  const listener = await listenerArn(h, 80);
  const taskDefinition = await registerRevision(h, V2);
  const inputs = {
    strategy: 'blue-green',
    'blue-service': 'web-blue',
    'green-service': 'web-green',
    'listener-arn': listener,
    'task-definition': taskDefinition,
  };
  const refused = await runWaitHealthy(h, { ...inputs, alarms: ALARM });
  expect(refused.code).toBe(1);
  expect(refused.annotations.at(-1)!.message).toMatch(
    /refusing to roll out while alarm 'shop-5xx' is in ALARM: seeded/,
  );
  const unknown = await runWaitHealthy(h, { ...inputs, alarms: `${ALARM}, nope` });
  expect(unknown.code).toBe(1);
  expect(unknown.annotations.at(-1)!.message).toMatch(/input 'alarms': no CloudWatch alarm named 'nope'/);
  expect(
    h.sim.world.log.list().filter((call) => call.mutating && call.operation !== 'RegisterTaskDefinition'),
  ).toEqual([]);
  const allowed = await runWaitHealthy(h, { ...inputs, alarms: ALARM, 'allow-alarms-in-alarm': 'true' });
  expect(allowed.code).toBe(0);
  expect(calls(h, 'ModifyListener').some((call) => call.operation === 'ModifyListener')).toBe(true);
}, 90_000);

test('a service with deploymentConfiguration.alarms: the kit follows ECS rolling it back and names the alarm', async () => {
  const world = withAlarm(rollingWorld({ healthCheckIntervalSeconds: 10, circuitBreaker: false }));
  world.services![0].deploymentConfiguration = {
    ...world.services![0].deploymentConfiguration,
    alarms: { alarmNames: [ALARM], enable: true, rollback: true },
  };
  const h = hold((harness = await startDeployHarness(world)), 'OK') as DeployHarness;
  const { result } = await startRunUntilUpdating(h, {
    'container-name': 'web',
    image: image('v2'),
    wait: 'healthy',
  });
  await alarmAfter(h, 'UpdateService');
  const run = await result;
  expectExit(run, 1);
  expect(run.outputs.outcome).toBe('rolled-back');
  expect(run.annotations.at(-1)!.message).toMatch(/alarm\(s\) detected: shop-5xx/);
  expect(run.summary).toContain('shop-5xx');
  // ECS rolled back by itself; the kit followed that rollback instead of starting another one.
  expect(calls(h, 'UpdateService')).toHaveLength(1);
  expect((await describeService(h)).taskDefinition).toMatch(/shop-web:1$/);
}, 90_000);
