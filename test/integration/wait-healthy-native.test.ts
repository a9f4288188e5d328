/** wait-healthy, strategy native: following an ECS BLUE_GREEN service deployment in the simulator. */
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import { nativeBlueGreenWorld } from '../helpers/worlds.js';
import {
  forwardWeights,
  listenerArn,
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

async function productionRule(h: Harness): Promise<string> {
  const rules = await h.elb.send(new DescribeRulesCommand({ ListenerArn: await listenerArn(h, 80) }));
  return rules.Rules!.find((rule) => rule.Priority === '10')!.RuleArn!;
}

test('follows the service deployment to SUCCESSFUL with production traffic on the new targets', async () => {
  harness = await startHarness(nativeBlueGreenWorld({ bakeTimeInMinutes: 1 }));
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { strategy: 'native', service: 'web' });
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('healthy');
  expect(result.outputs['healthy-targets']).toBe('2');
  expect(result.outputs['final-weights']).toBe('blue-tg=0,green-tg=100');
  expect(await forwardWeights(harness, await productionRule(harness))).toEqual({
    'blue-tg': 0,
    'green-tg': 100,
  });
  expect(result.summary).toMatch(/BAKE_TIME/);
  expect(result.summary).toMatch(/SUCCESSFUL/);
  expect(
    harness.sim.world.log.list().filter((call) => call.operation === 'StopServiceDeployment'),
  ).toHaveLength(0);
});

test('a failing gate stops the deployment with ROLLBACK and waits for ROLLBACK_SUCCESSFUL', async () => {
  harness = await startHarness(nativeBlueGreenWorld({ circuitBreaker: false }));
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, {
    strategy: 'native',
    service: 'web',
    'unhealthy-timeout': '30s',
  });
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(result.outputs['rolled-back']).toBe('true');
  const stops = harness.sim.world.log.list().filter((call) => call.operation === 'StopServiceDeployment');
  expect(stops).toHaveLength(1);
  expect(stops[0].params.stopType).toBe('ROLLBACK');
  expect(result.annotations.at(-1)!.message).toMatch(/ROLLBACK_SUCCESSFUL/);
  expect(await forwardWeights(harness, await productionRule(harness))).toEqual({
    'blue-tg': 100,
    'green-tg': 0,
  });
});

test('a rolling service is refused for strategy native before any change', async () => {
  const world = nativeBlueGreenWorld();
  world.services![0].deploymentConfiguration = { minimumHealthyPercent: 100, maximumPercent: 200 };
  harness = await startHarness(world);
  const result = await runWaitHealthy(harness, { strategy: 'native', service: 'web' });
  expect(result.code).toBe(1);
  expect(result.annotations[0].message).toMatch(/uses deployment strategy ROLLING/);
  expect(harness.sim.world.log.list().filter((call) => call.mutating)).toHaveLength(0);
});
