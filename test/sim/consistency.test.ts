/** Simulator: eventually consistent reads (sim/consistency.ts), through the real SDK clients. */
import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, it } from '@jest/globals';
import { SimControl } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { startEcs, stopEcs, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const WINDOW_MS = 10_000;

it('inside the window after a write a read sees the state before it; after the window the new state', async () => {
  // Scale 1: simulated time moves only when the test advances it.
  harness = await startEcs({
    timeScale: 1,
    world: { ...rollingWorld(), consistency: { windowMs: WINDOW_MS } },
  });
  const { ecs, elb, sim } = harness;
  const control = new SimControl(sim.endpoint);
  const service = async () =>
    (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }))).services![0];
  const tasks = async () => (await ecs.send(new ListTasksCommand({ cluster: 'prod' }))).taskArns!;
  const family = async () =>
    (await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web' }))).taskDefinition!
      .taskDefinitionArn;
  const targetGroupArn = sim.world.elb.findTargetGroup('web-tg')!.arn;
  const targets = async () =>
    (await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn })))
      .TargetHealthDescriptions!.length;

  const before = {
    service: await service(),
    tasks: await tasks(),
    family: await family(),
    targets: await targets(),
  };
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(
      webTaskDefinition(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2',
      ) as RegisterTaskDefinitionCommandInput,
    ),
  );
  const v2 = registered.taskDefinition!.taskDefinitionArn!;
  await ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: v2 }));
  await control.advance(3000); // the new deployment's tasks are provisioning and their targets registering

  // Inside the window: the answers the same reads got before the writes.
  const stale = await service();
  expect(stale.taskDefinition).toBe(before.service.taskDefinition);
  expect(stale.deployments).toHaveLength(1);
  expect(await tasks()).toEqual(before.tasks);
  expect(await family()).toBe(before.family);
  expect(await targets()).toBe(before.targets);
  const staleCalls = sim.world.log.list().filter((call) => call.stale);
  expect(staleCalls.map((call) => call.operation).sort()).toEqual([
    'DescribeServices',
    'DescribeTargetHealth',
    'DescribeTaskDefinition',
    'ListTasks',
  ]);

  // After the window: the new state.
  await control.advance(WINDOW_MS);
  const fresh = await service();
  expect(fresh.taskDefinition).toBe(v2);
  expect(fresh.deployments).toHaveLength(2);
  expect((await tasks()).length).toBeGreaterThan(before.tasks.length);
  expect(await family()).toBe(v2);
  expect(await targets()).toBeGreaterThan(before.targets);
  expect(sim.world.log.list().filter((call) => call.stale)).toHaveLength(4);
});

it('off by default: a read right after a write sees it', async () => {
  harness = await startEcs({ timeScale: 1, world: rollingWorld() });
  await harness.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
  await harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }));
  const after = await harness.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }));
  expect(after.services![0].desiredCount).toBe(3);
});
