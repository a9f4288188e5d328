/**
 * The kit blue/green metric gate in process, on the simulator's clock: synthetic user requests are
 * published to the simulator's ALB metrics as simulated time passes (split by the listener's current
 * weights), so a canary step's bake takes no real time. A green colour failing 20% of its requests is
 * rolled back in its first step; a clean one is promoted through every step; too few requests hold a step.
 */
import { afterEach, expect, test } from '@jest/globals';
import type { Clock } from '../../src/clock.js';
import { runStrategy } from '../../src/health/strategy.js';
import { parseTrafficPlan } from '../../src/health/traffic-plan.js';
import { silentLogger } from '../../src/logger.js';
import { blueGreenWorld } from '../helpers/worlds.js';
import {
  forwardWeights,
  listenerArn,
  registerRevision,
  startHarness,
  stopHarness,
  type Harness,
} from '../integration/wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

/**
 * The simulator's clock, publishing `perSecond` requests per simulated second while it advances: each goes
 * to green with green's listener weight; every `failEvery`-th green request answers 500.
 */
function trafficClock(h: Harness, listener: string, perSecond: number, failEvery: number): Clock {
  const sim = h.sim;
  const loadBalancerArn = sim.world.elb.findTargetGroup('blue-tg')!.loadBalancerArns[0];
  const groups = {
    blue: sim.world.elb.findTargetGroup('blue-tg')!.arn,
    green: sim.world.elb.findTargetGroup('green-tg')!.arn,
  };
  let greenServed = 0;
  let owed = 0;
  // Green's share of requests owed so far: a request goes to green each time it reaches 1.
  let greenOwed = 0;
  return {
    now: () => sim.world.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      const greenWeight = (await forwardWeights(h, listener))['green-tg'] ?? 0;
      const start = sim.world.clock.now();
      owed += (ms / 1000) * perSecond;
      const count = Math.floor(owed);
      owed -= count;
      for (let index = 0; index < count; index++) {
        greenOwed += greenWeight / 100;
        const toGreen = greenOwed >= 1;
        if (toGreen) greenOwed -= 1;
        const status = toGreen && ++greenServed % failEvery === 0 ? 500 : 200;
        sim.world.cloudwatch.served({
          time: start + (ms * index) / Math.max(1, count),
          loadBalancerArn,
          targetGroupArn: toGreen ? groups.green : groups.blue,
          status,
          answeredBy: 'target',
          targetResponseMs: 20,
        });
      }
      sim.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

async function canary(h: Harness, options: { perSecond: number; failEvery: number; timeoutMs?: number }) {
  const taskDefinition = await registerRevision(h, V2);
  const listener = await listenerArn(h, 80);
  const report = await runStrategy('blue-green', {
    clients: { ecs: h.ecs, elb: h.elb, cloudwatch: h.cloudwatch },
    clock: trafficClock(h, listener, options.perSecond, options.failEvery),
    logger: silentLogger,
    cluster: 'prod',
    timeoutMs: options.timeoutMs ?? 30 * 60_000,
    policy: { consecutive: 2, unhealthyTimeoutMs: 60_000 },
    blueService: 'web-blue',
    greenService: 'web-green',
    owner: { kind: 'listener', arn: listener },
    taskDefinition,
    plan: parseTrafficPlan('10%:2m,50%:2m,100%', { finalBakeMs: 60_000 }),
    oldColour: 'keep-warm',
    metricGate: { bounds: { maxErrorPercent: 2, minRequests: 20 } },
  });
  const shifts = report.events.filter((event) => event.action === 'shift' || event.action === 'rollback');
  return { report, weights: shifts.map((event) => event.newWeight) };
}

test('20% 5xx on green: rolled back to 0% during the 10% step', async () => {
  harness = await startHarness(blueGreenWorld());
  const { report, weights } = await canary(harness, { perSecond: 5, failEvery: 5 });
  expect(report.verdict.status).toBe('unhealthy');
  expect(report.verdict.reason).toMatch(
    /^metric gate: new colour: [\d.]+% 5xx \(\d+\/\d+\) is above the 2% bound$/,
  );
  expect(report.rolledBack).toBe(true);
  expect(weights).toEqual([10, 0]);
  expect(report.finalWeights).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
});

test('a clean green colour advances through every step', async () => {
  harness = await startHarness(blueGreenWorld());
  const { report, weights } = await canary(harness, { perSecond: 5, failEvery: Number.MAX_SAFE_INTEGER });
  expect(report.verdict.status).toBe('healthy');
  expect(weights).toEqual([10, 50, 100]);
});

test('too few requests hold the first step until the timeout, then traffic goes back', async () => {
  harness = await startHarness(blueGreenWorld());
  // 0.05 requests per second: about one request to green per 3 minutes at 10%.
  const { report, weights } = await canary(harness, {
    perSecond: 0.05,
    failEvery: Number.MAX_SAFE_INTEGER,
    timeoutMs: 15 * 60_000,
  });
  expect(report.verdict.status).toBe('timeout');
  expect(weights).toEqual([10, 0]);
});
