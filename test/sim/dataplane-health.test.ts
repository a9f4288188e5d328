/**
 * Data plane: health checks are real HTTP requests to the task's app, the proxy fails open when no target
 * is healthy, and a crash-loop image exits after N requests.
 */
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  countBy,
  getMany,
  startDataPlane,
  stopDataPlane,
  targetsOf,
  waitFor,
  type DataPlaneHarness,
} from './dataplane-fixtures.js';

let harness: DataPlaneHarness | undefined;
afterEach(async () => {
  await stopDataPlane(harness);
  harness = undefined;
});

const BAD = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:bad';

/** The rolling world whose tasks run `image`, with a grace period long enough that ECS keeps them. */
function worldRunning(image: string, healthCheckIntervalSeconds = 10): WorldSeed {
  const world = rollingWorld({ image, healthCheckIntervalSeconds });
  world.services![0].healthCheckGracePeriodSeconds = 36_000;
  return world;
}

test('a never-healthy app fails its real HTTP health checks: unhealthy, ResponseCodeMismatch', async () => {
  const world = worldRunning(BAD);
  world.behaviours = { 'shop:bad': { kind: 'never-healthy' } };
  harness = await startDataPlane(world, 20);
  const groupArn = harness.sim.world.elb.findTargetGroup('web-tg')!.arn;
  // Seeded tasks start healthy; two failed checks (10 s apart) turn them unhealthy.
  await waitFor('unhealthy targets', () =>
    targetsOf(harness!, 'web-tg').every((target) => target.state === 'unhealthy'),
  );
  const described = await harness.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: groupArn }));
  expect(described.TargetHealthDescriptions!.map((target) => target.TargetHealth?.Reason)).toEqual([
    'Target.ResponseCodeMismatch',
    'Target.ResponseCodeMismatch',
  ]);
  // The checks were real GETs of the target group's health-check path.
  const tasks = harness.sim.world.dataPlane!.snapshot().tasks as { requestsByPath: Record<string, number> }[];
  expect(tasks).toHaveLength(2);
  for (const task of tasks) expect(task.requestsByPath['/health']).toBeGreaterThanOrEqual(2);

  // Fail open: with no healthy target the proxy still forwards to every registered one.
  const answers = await getMany(harness.url(), 20);
  expect(answers.every((answer) => answer.status === 500 && answer.taskId !== undefined)).toBe(true);
  expect(Object.keys(countBy(answers, (answer) => answer.target))).toHaveLength(2);
});

test('with one healthy target left, unhealthy ones get no traffic', async () => {
  const world = worldRunning('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1');
  world.behaviours = { 'shop:bad': { kind: 'never-healthy' } };
  world.taskDefinitions!.push({ ...webTaskDefinition(BAD), family: 'shop-bad' });
  world.services!.push({
    ...world.services![0],
    serviceName: 'bad',
    taskDefinition: 'shop-bad',
    desiredCount: 1,
  });
  harness = await startDataPlane(world, 20);
  await waitFor('the bad target unhealthy', () =>
    targetsOf(harness!, 'web-tg').some((target) => target.state === 'unhealthy'),
  );
  const answers = await getMany(harness.url(), 30);
  expect(countBy(answers, (answer) => answer.taskDefinition)).toEqual({ 'shop-web:1': 30 });
  expect(answers.every((answer) => answer.status === 200)).toBe(true);
});

test('a crash-loop app exits after N requests and ECS stops the task (EssentialContainerExited)', async () => {
  // Checks every 300 s (15 real seconds): the three requests below are the app's first three.
  const world = worldRunning(BAD, 300);
  world.behaviours = {
    'shop:bad': { kind: 'crash-loop', crashAfterMs: 36_000_000, crashAfterRequests: 3, exitCode: 137 },
  };
  world.services![0].desiredCount = 1;
  harness = await startDataPlane(world, 20);
  const answers = await getMany(harness.url(), 3, { parallel: 1 });
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
  const tasks = harness.sim.world.ecs.state.clusters.get('prod')!.tasks;
  const crashed = await waitFor('the task stopped', () =>
    [...tasks.values()].find((task) => task.desiredStatus === 'STOPPED'),
  );
  expect(crashed.stoppedReason).toBe('Essential container in task exited');
  expect(crashed.stopCode).toBe('EssentialContainerExited');
  expect(crashed.containers[0].exitCode).toBe(137);
  expect(harness.sim.world.dataPlane!.app(crashed.privateIp!, 8080)).toBeUndefined();
});
