/**
 * ecs-deploy (the bundle) on an EC2 cluster: a revision no container instance can hold is detected from
 * ECS's placement-failure event within seconds (the circuit breaker never trips on it) and rolled back,
 * quoting the event; an instance drained during a rollout has its tasks replaced and the rollout passes;
 * a memberOf placement constraint no ACTIVE instance meets fails before any change.
 */
import {
  ListContainerInstancesCommand,
  ListTasksCommand,
  DescribeTasksCommand,
  UpdateContainerInstancesStateCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { ec2World } from '../helpers/ec2-worlds.js';
import {
  describeService,
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

const UNPLACED =
  /was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]+\) has insufficient memory available\./;

test.each(['deployment', 'healthy'])(
  'wait %s: a revision too large for every instance is rolled back within seconds of the placement event',
  async (wait) => {
    harness = await startDeployHarness(ec2World());
    const result = await runDeploy(harness, {
      'container-name': 'web',
      image: image('v2'),
      memory: '9000',
      wait,
    });
    expectExit(result, 1);
    expect(result.outputs.outcome).toBe('rolled-back');
    expect(result.annotations[0].message).toMatch(UNPLACED);
    expect(result.summary).toMatch(UNPLACED);
    // Detected from the first event, not at the 10 minute timeout: the rollback's UpdateService follows within
    // seconds (the bound allows for the real-time cost of each call at time scale 50; bench/placement.ts measures).
    const service = await describeService(harness);
    const firstEvent = service.events!.filter((event) => UNPLACED.test(event.message!)).at(-1)!;
    const updates = mutatingCalls(harness).filter((call) => call.operation === 'UpdateService');
    expect(updates).toHaveLength(2);
    expect(updates[1].time - firstEvent.createdAt!.getTime()).toBeLessThan(30_000);
    expect(service.taskDefinition).toMatch(/shop-web:1$/);
    expect(service.deployments!.every((deployment) => deployment.failedTasks === 0)).toBe(true);
  },
  60_000,
);

test('a container instance drained during the rollout: its tasks are replaced elsewhere and the rollout passes', async () => {
  harness = await startDeployHarness(ec2World({ instances: 3, desiredCount: 3 }));
  const { ecs } = harness;
  const running = async () => {
    const arns = (await ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }))).taskArns!;
    return (await ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks!;
  };
  const [victim] = await running();
  const run = runDeploy(harness, { 'container-name': 'web', image: image('v2'), wait: 'healthy' });
  while (!mutatingCalls(harness).some((call) => call.operation === 'UpdateService')) {
    await new Promise((done) => setTimeout(done, 10));
  }
  await ecs.send(
    new UpdateContainerInstancesStateCommand({
      cluster: 'prod',
      containerInstances: [victim.containerInstanceArn!],
      status: 'DRAINING',
    }),
  );
  const result = await run;
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const tasks = await running();
  expect(tasks.filter((task) => task.taskDefinitionArn!.endsWith('shop-web:2'))).toHaveLength(3);
  expect(tasks.every((task) => task.containerInstanceArn !== victim.containerInstanceArn)).toBe(true);
}, 60_000);

test('a memberOf constraint the instances meet deploys; one no ACTIVE instance meets fails before any change, naming it', async () => {
  const zone = 'attribute:ecs.availability-zone == us-east-1b';
  harness = await startDeployHarness(
    ec2World({
      instances: 3,
      desiredCount: 1,
      placementConstraints: [{ type: 'memberOf', expression: zone }],
    }),
  );
  const deployed = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v2'),
    wait: 'deployment',
  });
  expectExit(deployed, 0);
  const { ecs } = harness;
  // The only instance in us-east-1b is drained: ECS could no longer place a task of web anywhere.
  const [instance] =
    (await ecs.send(new ListContainerInstancesCommand({ cluster: 'prod', filter: zone })))
      .containerInstanceArns ?? [];
  await ecs.send(
    new UpdateContainerInstancesStateCommand({
      cluster: 'prod',
      containerInstances: [instance],
      status: 'DRAINING',
    }),
  );
  harness.sim.world.log.clear();
  const refused = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v3'),
    wait: 'deployment',
  });
  expectExit(refused, 1);
  expect(refused.annotations[0].message).toBe(
    `ecs-deploy failed: service web placementConstraints[0]: memberOf '${zone}' is satisfied by no ACTIVE container instance of cluster 'prod', so ECS could never place a task of web`,
  );
  expect(mutatingCalls(harness)).toEqual([]);
}, 60_000);
