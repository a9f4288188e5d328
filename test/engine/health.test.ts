/**
 * The health strategies run in process against the simulator, on a clock whose sleeps jump the simulator's
 * time forward: a gate that would wait minutes of health checks and bakes takes well under a second of
 * real time, and nothing in the test sleeps for real.
 */
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import type { Clock } from '../../src/clock.js';
import { runStrategy } from '../../src/health/strategy.js';
import { parseTrafficPlan } from '../../src/health/traffic-plan.js';
import type { HealthGateOptions } from '../../src/health/options.js';
import { silentLogger } from '../../src/logger.js';
import type { Simulator } from '../../sim/index.js';
import { blueGreenWorld, nativeBlueGreenWorld } from '../helpers/worlds.js';
import {
  forwardWeights,
  listenerArn,
  registerRevision,
  rollTo,
  serviceState,
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

/** The simulator's own clock; sleeping advances it (firing every simulated event that falls due). */
function simulatorClock(sim: Simulator): Clock {
  return {
    now: () => sim.world.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sim.world.clock.advance(ms);
      // Let the simulator's own handlers run before the next request.
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** The shared options, on the harness's clients and the simulator's clock. */
function gateOptions(h: Harness, unhealthyTimeoutMs = 60_000): HealthGateOptions {
  return {
    clients: { ecs: h.ecs, elb: h.elb },
    clock: simulatorClock(h.sim),
    logger: silentLogger,
    cluster: 'prod',
    timeoutMs: 30 * 60_000,
    policy: { consecutive: 2, unhealthyTimeoutMs },
  };
}

async function productionRule(h: Harness): Promise<string> {
  const rules = await h.elb.send(new DescribeRulesCommand({ ListenerArn: await listenerArn(h, 80) }));
  return rules.Rules!.find((rule) => rule.Priority === '10')!.RuleArn!;
}

// ECS polls through the native CLEAN_UP stage about once a second until old targets drain: a short
// deregistration delay keeps those (real) HTTP round trips few.
const DRAIN_SECONDS = 20;

/** Slow enough that a real sleep of the simulated durations would show: 1 simulated ms per real ms. */
const REAL_TIME = 1;

test('blue-green: a healthy canary ends with 100% on green and blue scaled down', async () => {
  harness = await startHarness(blueGreenWorld(), REAL_TIME);
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const startedAt = Date.now();
  const report = await runStrategy('blue-green', {
    ...gateOptions(harness),
    blueService: 'web-blue',
    greenService: 'web-green',
    owner: { kind: 'listener', arn: listener },
    taskDefinition,
    plan: parseTrafficPlan('10%:2m,100%', { finalBakeMs: 60_000 }),
    oldColour: 'scale-down',
  });
  expect(report.verdict.status).toBe('healthy');
  expect(report.verdict.healthyTargets).toBe(2);
  expect(report.rolledBack).toBe(false);
  expect(report.finalWeights).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect(report.events.map((event) => event.action)).toEqual([
    'deploy',
    'healthy',
    'shift',
    'shift',
    'scale-down',
  ]);
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect((await serviceState(harness, 'web-blue')).desiredCount).toBe(0);
  expect((await serviceState(harness, 'web-green')).taskDefinition).toBe(taskDefinition);
  // Three minutes of bakes and health checks passed on the simulated clock, not in real time.
  expect(report.events.at(-1)!.elapsedMs).toBeGreaterThanOrEqual(3 * 60_000);
  expect(Date.now() - startedAt).toBeLessThan(60_000);
});

test('blue-green: a failure after the canary step puts 100% back on blue and green back as it was', async () => {
  harness = await startHarness(blueGreenWorld(), REAL_TIME);
  // Healthy long enough to pass the first gate, then the containers exit.
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'crash-loop', crashAfterMs: 150_000 } });
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const report = await runStrategy('blue-green', {
    ...gateOptions(harness),
    blueService: 'web-blue',
    greenService: 'web-green',
    owner: { kind: 'listener', arn: listener },
    taskDefinition,
    plan: parseTrafficPlan('10%:5m,100%'),
    oldColour: 'scale-down',
  });
  expect(report.verdict.status).toBe('unhealthy');
  expect(report.rolledBack).toBe(true);
  expect(report.events.filter((event) => event.action === 'shift').map((event) => event.newWeight)).toEqual([
    10,
  ]);
  expect(report.events.find((event) => event.action === 'rollback')?.newWeight).toBe(0);
  expect(report.finalWeights).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(report.leftState).toMatch(/traffic is green 0% \/ blue 100%/);
  const green = await serviceState(harness, 'web-green');
  expect(green.desiredCount).toBe(0);
  expect(green.taskDefinition).toMatch(/shop-web:1$/);
  expect((await serviceState(harness, 'web-blue')).desiredCount).toBe(2);
});

test('native: follows the service deployment to SUCCESSFUL with production traffic on green', async () => {
  harness = await startHarness(
    nativeBlueGreenWorld({ bakeTimeInMinutes: 1, deregistrationDelaySeconds: DRAIN_SECONDS }),
    REAL_TIME,
  );
  await rollTo(harness, 'web', V2);
  const report = await runStrategy('native', { ...gateOptions(harness), service: 'web' });
  expect(report.verdict.status).toBe('healthy');
  expect(report.verdict.healthyTargets).toBe(2);
  expect(report.rolledBack).toBe(false);
  expect(report.finalWeights).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  const stages = report.events.map((event) => event.detail);
  expect(stages.some((stage) => stage.includes('BAKE_TIME'))).toBe(true);
  expect(stages.at(-1)).toMatch(/^SUCCESSFUL/);
  expect(await forwardWeights(harness, await productionRule(harness))).toEqual({
    'blue-tg': 0,
    'green-tg': 100,
  });
  const stops = harness.sim.world.log.list().filter((call) => call.operation === 'StopServiceDeployment');
  expect(stops).toHaveLength(0);
});

test('native: a failing gate stops the deployment with ROLLBACK and production traffic stays on blue', async () => {
  harness = await startHarness(
    nativeBlueGreenWorld({ circuitBreaker: false, deregistrationDelaySeconds: DRAIN_SECONDS }),
    REAL_TIME,
  );
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
  await rollTo(harness, 'web', V2);
  const report = await runStrategy('native', { ...gateOptions(harness, 30_000), service: 'web' });
  expect(report.verdict.status).toBe('unhealthy');
  expect(report.rolledBack).toBe(true);
  expect(report.events.map((event) => event.action).slice(-2)).toEqual(['stop-deployment', 'rollback']);
  expect(report.leftState).toMatch(/ROLLBACK_SUCCESSFUL/);
  const stops = harness.sim.world.log.list().filter((call) => call.operation === 'StopServiceDeployment');
  expect(stops).toHaveLength(1);
  expect(stops[0].params.stopType).toBe('ROLLBACK');
  expect(report.finalWeights).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(await forwardWeights(harness, await productionRule(harness))).toEqual({
    'blue-tg': 100,
    'green-tg': 0,
  });
});
