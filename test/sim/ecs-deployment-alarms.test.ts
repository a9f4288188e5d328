/**
 * ECS deploymentConfiguration.alarms in the simulator: a rolling deployment stays IN_PROGRESS for its
 * bake time once steady; an alarm in ALARM meanwhile fails it and ECS rolls back to the last COMPLETED
 * revision, naming the alarm in the service event and the service deployment.
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { SimControl, type WorldSeed } from '../../sim/index.js';
import { nativeBlueGreenWorld, rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

/** A world whose service watches alarm `web-errors` (5 periods of 60 s: a 5-minute bake when rolling). */
function alarmedWorld(world: WorldSeed = rollingWorld(), targetGroup = 'web-tg'): WorldSeed {
  world.services![0].deploymentConfiguration = {
    ...world.services![0].deploymentConfiguration,
    alarms: { alarmNames: ['web-errors'], enable: true, rollback: true },
  };
  world.alarms = [
    {
      AlarmName: 'web-errors',
      targetGroup,
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 5,
      Threshold: 10,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    },
  ];
  return world;
}

async function web() {
  const described = await harness!.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
  );
  return described.services![0];
}

async function deployV2(): Promise<string> {
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(V2) as RegisterTaskDefinitionCommandInput),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await harness!.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: arn }));
  return arn;
}

test('an alarm in ALARM during the bake fails the rolling deployment and ECS rolls back', async () => {
  harness = await startEcs({ world: alarmedWorld(), timeScale: 500 });
  const v1 = (await web()).taskDefinition!;
  const v2 = await deployV2();

  // Steady on v2 (the old deployment is gone) yet still IN_PROGRESS: the bake.
  const baking = await waitFor(
    harness,
    web,
    (service) => service.deployments!.length === 1 && (service.runningCount ?? 0) === 2,
  );
  expect(baking.deployments![0]).toMatchObject({ taskDefinition: v2, rolloutState: 'IN_PROGRESS' });

  await new SimControl(harness.sim.endpoint).alarmState({
    name: 'web-errors',
    state: 'ALARM',
    reason: 'users see 500s',
  });
  const rolledBack = await waitFor(
    harness,
    web,
    (service) => service.deployments!.length === 1 && service.deployments![0].rolloutState === 'COMPLETED',
  );
  expect(rolledBack.taskDefinition).toBe(v1);
  expect(rolledBack.events!.map((event) => event.message)).toEqual(
    expect.arrayContaining([expect.stringMatching(/deployment failed: alarm\(s\) detected: web-errors\./)]),
  );

  const listed = await harness.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
  );
  const arns = listed.serviceDeployments!.map((entry) => entry.serviceDeploymentArn!);
  const described = await harness.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: arns }),
  );
  const v2Deployment = described.serviceDeployments!.find((entry) => entry.status === 'ROLLBACK_SUCCESSFUL')!;
  expect(v2Deployment.alarms).toEqual({
    status: 'TRIGGERED',
    alarmNames: ['web-errors'],
    triggeredAlarmNames: ['web-errors'],
  });
  expect(v2Deployment.rollback?.reason).toMatch(/web-errors went into ALARM/);
});

test('without an alarm the deployment completes after the bake time the alarm window sets', async () => {
  harness = await startEcs({ world: alarmedWorld(), timeScale: 500 });
  const v2 = await deployV2();
  const completed = await waitFor(
    harness,
    web,
    (service) => service.deployments![0].rolloutState === 'COMPLETED',
  );
  expect(completed.taskDefinition).toBe(v2);
  const timeline = harness.sim.world.timeline;
  const removed = timeline.find((event) => event.type === 'deployment-removed')!;
  const done = timeline.find(
    (event) =>
      event.type === 'rollout-state' && event.rolloutState === 'COMPLETED' && event.time >= removed.time,
  )!;
  // Steady once the old deployment left; COMPLETED 5 periods of 60 s later.
  expect(done.time - removed.time).toBeGreaterThanOrEqual(5 * 60_000);
  expect(done.time - removed.time).toBeLessThan(6 * 60_000);
});

test('native blue/green: an alarm during the bake moves production traffic back to blue', async () => {
  harness = await startEcs({
    world: alarmedWorld(nativeBlueGreenWorld({ bakeTimeInMinutes: 30 }), 'green-tg'),
    timeScale: 500,
  });
  const v1 = (await web()).taskDefinition!;
  await deployV2();
  const listed = await harness.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
  );
  const arn = listed.serviceDeployments![0].serviceDeploymentArn!;
  const deployment = async () =>
    (await harness!.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
      .serviceDeployments![0];
  const baking = await waitFor(harness, deployment, (current) => current.lifecycleStage === 'BAKE_TIME');
  expect(baking.alarms).toEqual({
    status: 'MONITORING',
    alarmNames: ['web-errors'],
    triggeredAlarmNames: [],
  });

  await new SimControl(harness.sim.endpoint).alarmState({ name: 'web-errors', state: 'ALARM' });
  const done = await waitFor(harness, deployment, (current) => current.status === 'ROLLBACK_SUCCESSFUL');
  expect(done.alarms?.triggeredAlarmNames).toEqual(['web-errors']);
  expect(done.targetServiceRevision?.requestedProductionTrafficWeight).toBe(0);
  expect((await web()).taskDefinition).toBe(v1);
});

test('an alarm already in ALARM when the deployment starts is ignored for it, as ECS does', async () => {
  harness = await startEcs({ world: alarmedWorld(), timeScale: 500 });
  await new SimControl(harness.sim.endpoint).alarmState({ name: 'web-errors', state: 'ALARM' });
  const v2 = await deployV2();
  const completed = await waitFor(
    harness,
    web,
    (service) => service.deployments![0].rolloutState !== 'IN_PROGRESS',
  );
  expect(completed.deployments![0]).toMatchObject({ taskDefinition: v2, rolloutState: 'COMPLETED' });
});

test('an alarm that fires the moment after UpdateService, before ECS first looks at the deployment, is watched', async () => {
  harness = await startEcs({ world: alarmedWorld(), timeScale: 500 });
  const v1 = (await web()).taskDefinition!;
  const registered = await harness.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(V2) as RegisterTaskDefinitionCommandInput),
  );
  // In process and in one tick: UpdateService, then the alarm, with no reconcile pass between them (under
  // load that pass can come late; what ECS ignores is fixed when the deployment starts, not then).
  const world = harness.sim.world;
  world
    .handlersOf('ecs')
    .UpdateService(
      { cluster: 'prod', service: 'web', taskDefinition: registered.taskDefinition!.taskDefinitionArn },
      { requestId: 'in-process', now: world.clock.now() },
    );
  world.cloudwatch.holdState('web-errors', 'ALARM', 'Threshold Crossed');
  const done = await waitFor(
    harness,
    web,
    (service) =>
      service.deployments!.length === 1 &&
      service.deployments![0].rolloutState === 'COMPLETED' &&
      service.taskDefinition === v1,
  );
  expect(done.events!.map((event) => event.message).join('\n')).toMatch(/alarm\(s\) detected: web-errors/);
});

test('UpdateService refuses an alarms setting without enable and rollback', async () => {
  harness = await startEcs({ world: rollingWorld() });
  const update = harness.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      deploymentConfiguration: { alarms: { alarmNames: ['web-errors'] } as never },
    }),
  );
  await expect(update).rejects.toMatchObject({
    name: 'InvalidParameterException',
    message: expect.stringMatching(/alarms.enable and rollback/),
  });
});
