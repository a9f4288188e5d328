/** ECS simulator: failing deployments — crash loops, ELB health-check failures, the circuit breaker and rollbacks. */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { ImageBehaviour } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { rejection, startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

async function webService() {
  const response = await harness!.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
  );
  return response.services![0];
}

async function deployV2(
  behaviour: ImageBehaviour,
): Promise<{ taskDefinitionArn: string; serviceDeploymentArn: string }> {
  harness!.sim.world.behaviours.set({ 'shop:v2': behaviour });
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(V2) as RegisterTaskDefinitionCommandInput),
  );
  const taskDefinitionArn = registered.taskDefinition!.taskDefinitionArn!;
  await harness!.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: taskDefinitionArn }),
  );
  const list = await harness!.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
  );
  return { taskDefinitionArn, serviceDeploymentArn: list.serviceDeployments![0].serviceDeploymentArn! };
}

async function serviceDeployment(arn: string) {
  const response = await harness!.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return response.serviceDeployments![0];
}

async function stoppedTasks(family?: string) {
  const list = await harness!.ecs.send(
    new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED', family }),
  );
  if (list.taskArns!.length === 0) return [];
  return (await harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: list.taskArns })))
    .tasks!;
}

describe('ECS failing deployments', () => {
  it('a crash-looping image trips the circuit breaker and rolls back to the last completed revision', async () => {
    harness = await startEcs({ world: rollingWorld() });
    const original = (await webService()).taskDefinition!;
    const oldTasks = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    const { taskDefinitionArn, serviceDeploymentArn } = await deployV2({ kind: 'crash-loop', exitCode: 137 });

    const rolledBack = await waitFor(
      harness,
      () => serviceDeployment(serviceDeploymentArn),
      (deployment) => deployment.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(rolledBack).toMatchObject({
      deploymentCircuitBreaker: { status: 'TRIGGERED', threshold: 3 },
      rollback: { reason: expect.stringMatching(/circuit breaker/) },
    });
    expect(rolledBack.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    expect(rolledBack.rollback!.serviceRevisionArn).toBe(rolledBack.sourceServiceRevisions![0].arn);

    const service = await waitFor(
      harness,
      () => webService(),
      (value) => value.deployments!.length === 1,
    );
    expect(service.taskDefinition).toBe(original);
    expect(service.deployments![0]).toMatchObject({
      taskDefinition: original,
      rolloutState: 'COMPLETED',
      runningCount: 2,
    });
    const messages = service.events!.map((event) => event.message);
    expect(messages).toContainEqual(
      expect.stringMatching(/\(deployment ecs-svc\/\d+\) deployment failed: tasks failed to start\.$/),
    );
    expect(messages).toContainEqual(expect.stringMatching(/rolling back to deployment ecs-svc\/\d+\.$/));

    const crashed = (await stoppedTasks()).filter((task) => task.taskDefinitionArn === taskDefinitionArn);
    expect(crashed.length).toBeGreaterThanOrEqual(3);
    for (const task of crashed) {
      expect(task).toMatchObject({
        stopCode: 'EssentialContainerExited',
        stoppedReason: 'Essential container in task exited',
      });
      expect(task.containers![0]).toMatchObject({ name: 'web', exitCode: 137, lastStatus: 'STOPPED' });
    }
    // The rollback is a new deployment of the old revision: the old tasks served until its tasks were
    // healthy (minimumHealthyPercent 100), then stopped as its scaling activity, not as failures.
    const old = await waitFor(
      harness,
      () => harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: oldTasks.taskArns })),
      (result) => result.tasks!.every((task) => task.lastStatus === 'STOPPED'),
    );
    for (const task of old.tasks!) {
      expect(task.stoppedReason).toBe(
        `Scaling activity initiated by (deployment ${service.deployments![0].id})`,
      );
    }
    const rollbackStarted = rolledBack.rollback!.startedAt!.getTime();
    const rollbackTasksRunning = harness.sim.world.timeline.filter(
      (event) =>
        event.type === 'task-state' &&
        event.deploymentId === service.deployments![0].id &&
        event.lastStatus === 'RUNNING',
    );
    expect(rollbackTasksRunning).toHaveLength(2);
    for (const task of old.tasks!) {
      expect(task.stoppingAt!.getTime()).toBeGreaterThan(rollbackStarted);
      expect(task.stoppingAt!.getTime()).toBeGreaterThanOrEqual(
        Math.max(...rollbackTasksRunning.map((event) => event.time)),
      );
    }

    const rollout = harness.sim.world.timeline
      .filter((event) => event.type === 'rollout-state' && event.service === 'web')
      .map((event) => `${String(event.deploymentId)}:${String(event.rolloutState)}`);
    expect(rollout.some((entry) => entry.endsWith(':FAILED'))).toBe(true);
  });

  it('a never-healthy image fails ELB health checks after the grace period and its tasks are replaced', async () => {
    const world = rollingWorld({ circuitBreaker: false });
    harness = await startEcs({ world });
    const { taskDefinitionArn } = await deployV2({ kind: 'never-healthy' });
    const failed = await waitFor(
      harness,
      async () => (await stoppedTasks()).filter((task) => task.taskDefinitionArn === taskDefinitionArn),
      (tasks) => tasks.length >= 3,
    );
    const targetGroupArn = harness.sim.world.elb.findTargetGroup('web-tg')!.arn;
    for (const task of failed) {
      expect(task.stoppedReason).toBe(`Task failed ELB health checks in (target-group ${targetGroupArn})`);
      expect(task.stopCode).toBe('ServiceSchedulerInitiated');
      // ECS ignores failing checks during the 60 s health-check grace period.
      expect(task.stoppingAt!.getTime() - task.startedAt!.getTime()).toBeGreaterThanOrEqual(60_000);
    }
    const service = await webService();
    expect(service.deployments![0]).toMatchObject({
      rolloutState: 'IN_PROGRESS',
      taskDefinition: taskDefinitionArn,
    });
    expect(service.deployments![0].failedTasks).toBeGreaterThanOrEqual(3);
    expect(service.deployments![1]).toMatchObject({ status: 'ACTIVE', runningCount: 2 });
    expect(service.events!.map((event) => event.message)).toContainEqual(
      `(service web) (port 8080) is unhealthy in (target-group ${targetGroupArn}) due to (reason Health checks failed).`,
    );
  });

  it('without rollback the circuit breaker leaves the deployment FAILED and launches no more tasks', async () => {
    const world = rollingWorld();
    world.services![0].deploymentConfiguration = {
      minimumHealthyPercent: 100,
      maximumPercent: 200,
      deploymentCircuitBreaker: { enable: true, rollback: false },
    };
    harness = await startEcs({ world });
    const { serviceDeploymentArn } = await deployV2({ kind: 'crash-loop', crashAfterMs: 1000 });
    const failed = await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments![0].rolloutState === 'FAILED',
    );
    expect(failed.deployments![0].rolloutStateReason).toBe(
      'ECS deployment circuit breaker: tasks failed to start.',
    );
    const stopped = await serviceDeployment(serviceDeploymentArn);
    expect(stopped).toMatchObject({ status: 'STOPPED', deploymentCircuitBreaker: { status: 'TRIGGERED' } });
    const launched = harness.sim.world.timeline.filter(
      (event) => event.type === 'task-state' && event.lastStatus === 'PROVISIONING',
    ).length;
    harness.sim.world.clock.advance(10 * 60_000);
    const later = harness.sim.world.timeline.filter(
      (event) => event.type === 'task-state' && event.lastStatus === 'PROVISIONING',
    ).length;
    expect(later).toBe(launched);
    expect((await webService()).deployments![1]).toMatchObject({ status: 'ACTIVE', runningCount: 2 });
  });

  it('computes the failed-task threshold as AWS documents it: half the desired count, 3 to 200', async () => {
    harness = await startEcs({
      world: { clusters: [{ name: 'prod' }], taskDefinitions: [webTaskDefinition()] },
      timeScale: 1,
    });
    const thresholds: Record<number, number | undefined> = {};
    for (const desiredCount of [1, 10, 11, 500]) {
      await harness.ecs.send(
        new CreateServiceCommand({
          cluster: 'prod',
          serviceName: `svc-${desiredCount}`,
          taskDefinition: 'shop-web',
          desiredCount,
          launchType: 'FARGATE',
          networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-1'] } },
          deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
        }),
      );
      const list = await harness.ecs.send(
        new ListServiceDeploymentsCommand({ cluster: 'prod', service: `svc-${desiredCount}` }),
      );
      const described = await serviceDeployment(list.serviceDeployments![0].serviceDeploymentArn!);
      thresholds[desiredCount] = described.deploymentCircuitBreaker!.threshold;
    }
    expect(thresholds).toEqual({ 1: 3, 10: 5, 11: 6, 500: 200 });
  });

  it('StopServiceDeployment ROLLBACK on a rolling deployment restores the previous revision', async () => {
    harness = await startEcs({ world: rollingWorld() });
    const original = (await webService()).taskDefinition!;
    const { serviceDeploymentArn } = await deployV2({ kind: 'slow-start', healthyAfterMs: 3_600_000 });
    await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments![0].runningCount === 2,
    );
    const stopped = await harness.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn, stopType: 'ROLLBACK' }),
    );
    expect(stopped.serviceDeploymentArn).toBe(serviceDeploymentArn);
    const done = await waitFor(
      harness,
      () => serviceDeployment(serviceDeploymentArn),
      (deployment) => deployment.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(done.rollback!.reason).toMatch(/StopServiceDeployment/);
    expect((await webService()).taskDefinition).toBe(original);
    const statuses = harness.sim.world.timeline
      .filter(
        (event) =>
          event.type === 'deployment-state' &&
          event.serviceDeploymentArn === serviceDeploymentArn &&
          event.status,
      )
      .map((event) => event.status);
    expect(statuses).toEqual([
      'IN_PROGRESS',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_SUCCESSFUL',
    ]);
    const again = await rejection(
      harness.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn })),
    );
    expect(again.name).toBe('ConflictException');
    const unknown = await rejection(
      harness.ecs.send(
        new StopServiceDeploymentCommand({
          serviceDeploymentArn: `${serviceDeploymentArn.slice(0, -4)}zzzz`,
        }),
      ),
    );
    expect(unknown.name).toBe('ServiceDeploymentNotFoundException');
  });

  it.each([
    ['a 150 s', 150, 'COMPLETED', 0],
    ['a 30 s', 30, 'FAILED', 3],
  ])(
    'a slow-starting image (healthy after 90 s) with %s health-check grace period',
    async (_grace, graceSeconds, rolloutState, minimumFailures) => {
      const world = rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
      world.services![0].healthCheckGracePeriodSeconds = graceSeconds;
      world.services![0].deploymentConfiguration = {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: false },
      };
      // A slow scale: a clock event that fires late (busy machine) sees a later simulated time, and this
      // test's margins are tens of simulated seconds.
      harness = await startEcs({ world, timeScale: 100 });
      await deployV2({ kind: 'slow-start', healthyAfterMs: 90_000 });
      const service = await waitFor(
        harness,
        () => webService(),
        (value) => value.deployments![0].rolloutState !== 'IN_PROGRESS',
      );
      expect(service.deployments![0].rolloutState).toBe(rolloutState);
      expect(service.deployments![0].failedTasks).toBeGreaterThanOrEqual(minimumFailures);
      if (minimumFailures === 0) expect(service.deployments![0].failedTasks).toBe(0);
    },
  );
});
