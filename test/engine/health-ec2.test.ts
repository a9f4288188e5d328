/**
 * The health strategies on an EC2 cluster, in process on the simulator's clock: bridge tasks with dynamic
 * host ports behind `instance` target groups are matched to their targets by instance id + host port,
 * exactly like awsvpc tasks by IP (kit blue/green here; rolling in ecs-deploy-corpus-ec2.test.ts).
 */
import { RegisterTaskDefinitionCommand, type RegisterTaskDefinitionCommandInput } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { runStrategy } from '../../src/health/strategy.js';
import { parseTrafficPlan } from '../../src/health/traffic-plan.js';
import type { Clock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import type { Simulator, WorldSeed } from '../../sim/index.js';
import { ec2TaskDefinition } from '../helpers/ec2-worlds.js';
import { blueGreenWorld } from '../helpers/worlds.js';
import {
  forwardWeights,
  listenerArn,
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

/** The simulator's clock, advanced by every sleep (as in health.test.ts): nothing waits in real time. */
function advancingClock(sim: Simulator): Clock {
  return {
    now: () => sim.world.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sim.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

/** The kit blue/green world on three container instances: bridge tasks, instance target groups. */
function ec2BlueGreenWorld(): WorldSeed {
  const world = blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  return {
    ...world,
    clusters: [{ name: 'prod', containerInstances: [{ count: 3 }] }],
    targetGroups: world.targetGroups!.map((group) => ({ ...group, targetType: 'instance' as const })),
    taskDefinitions: [ec2TaskDefinition()],
    services: world.services!.map((service) => ({ ...service, launchType: 'EC2' as const })),
  };
}

test('kit blue/green on EC2: green bridge tasks pass the gate by instance id + host port and take 100%', async () => {
  harness = await startHarness(ec2BlueGreenWorld(), 1);
  const registered = await harness.ecs.send(
    new RegisterTaskDefinitionCommand(ec2TaskDefinition(V2) as unknown as RegisterTaskDefinitionCommandInput),
  );
  const taskDefinition = registered.taskDefinition!.taskDefinitionArn!;
  const listener = await listenerArn(harness, 80);
  const report = await runStrategy('blue-green', {
    clients: { ecs: harness.ecs, elb: harness.elb },
    clock: advancingClock(harness.sim),
    logger: silentLogger,
    cluster: 'prod',
    timeoutMs: 30 * 60_000,
    policy: { consecutive: 2, unhealthyTimeoutMs: 60_000 },
    blueService: 'web-blue',
    greenService: 'web-green',
    owner: { kind: 'listener', arn: listener },
    taskDefinition,
    plan: parseTrafficPlan('50%:1m,100%'),
    oldColour: 'scale-down',
  });
  expect(report.verdict.status).toBe('healthy');
  expect(report.verdict.healthyTargets).toBe(2);
  expect(report.finalWeights).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect((await serviceState(harness, 'web-green')).taskDefinition).toBe(taskDefinition);
}, 60_000);
