/**
 * wait-healthy's metric gate in a kit blue/green canary, with real requests through the simulated load
 * balancer: a revision healthy on /health that fails 20% of /api requests is rolled back during the 10%
 * step from the load balancer's metrics (GetMetricData), before the next step; bad bounds are input errors.
 */
import { afterEach, expect, test } from '@jest/globals';
import { startLoad } from '../../sim/load/generator.js';
import { blueGreenWorld } from '../helpers/worlds.js';
import { startSimulatorHarness } from '../helpers/simulator.js';
import {
  listenerArn,
  registerRevision,
  runWaitHealthy,
  stopHarness,
  type Harness,
} from './wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
const SERVICES = { strategy: 'blue-green', 'blue-service': 'web-blue', 'green-service': 'web-green' };

function greenWeightsSent(h: Harness): number[] {
  const green = h.sim.world.elb.findTargetGroup('green-tg')!.arn;
  return h.sim.world.log
    .list()
    .filter((call) => call.operation === 'ModifyListener' && call.outcome === 'ok')
    .map((call) => {
      const entries = [
        ...JSON.stringify(call.params).matchAll(/"TargetGroupArn":"([^"]+)","Weight":"?(\d+)"?/g),
      ];
      return Number(entries.find((entry) => entry[1] === green)?.[2] ?? NaN);
    });
}

test('a health-green, user-red canary is rolled back during its first step from the 5xx share', async () => {
  const world = blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  const h = (harness = await startSimulatorHarness({
    timeScale: 25,
    world,
    seed: 7,
    dataPlane: true,
    maxAttempts: 10,
  }));
  h.sim.world.behaviours.set({ 'shop:v2': { kind: 'user-errors', errorPercent: 20 } });
  const taskDefinition = await registerRevision(h, V2);
  const listener = await listenerArn(h, 80);
  const url = h.sim.world.dataPlane!.listenerUrl('shop-alb', 80)!;
  const load = startLoad({
    url: `${url}/api/orders?sleep=10`,
    concurrency: 4,
    maxRequests: 100_000,
    maxDurationMs: 60_000,
    phase: () => 'run',
  });
  const result = await runWaitHealthy(h, {
    ...SERVICES,
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:2m,50%:2m,100%',
    'metric-max-5xx': '2',
    'metric-min-requests': '20',
  });
  const report = await load.stop();
  expect(result.code).toBe(1);
  expect(result.outputs['rolled-back']).toBe('true');
  expect(greenWeightsSent(h)).toEqual([10, 0]);
  expect(result.annotations.at(-1)!.message).toMatch(
    /metric gate: new colour: [\d.]+% 5xx \(\d+\/\d+\) is above the 2% bound/,
  );
  expect(h.sim.world.log.list().some((call) => call.operation === 'GetMetricData')).toBe(true);
  // Users did see v2's errors, only during the 10% step (the share depends on real time: bench/metric-gate.ts).
  expect(report.total.non2xx).toBeGreaterThan(0);
}, 90_000);

test('bad metric bounds are input errors naming the input, before any AWS call', async () => {
  const h = (harness = await startSimulatorHarness({ timeScale: 25, world: blueGreenWorld(), seed: 7 }));
  const listener = await listenerArn(h, 80);
  const before = h.sim.world.log.list().length;
  const cases: [Record<string, string>, RegExp][] = [
    [{ 'metric-max-5xx': '120' }, /input 'metric-max-5xx': expected a percentage from 0 to 100, got '120'/],
    [
      { 'metric-max-5xx': '1', 'metric-min-requests': '0' },
      /input 'metric-min-requests': expected a whole number of requests of at least 1/,
    ],
    [
      { 'metric-max-5xx': '1', strategy: 'rolling', service: 'web-blue' },
      /input 'metric-max-5xx': needs strategy blue-green/,
    ],
  ];
  for (const [inputs, message] of cases) {
    const result = await runWaitHealthy(h, { ...SERVICES, 'listener-arn': listener, ...inputs });
    expect(result.code).toBe(1);
    expect(result.annotations.at(-1)!.message).toMatch(message);
  }
  expect(h.sim.world.log.list().length).toBe(before);
}, 60_000);
