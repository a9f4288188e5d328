/** ECS simulator: image pulls from the simulated ECR (opt-in per world with `pullImages`). */
import {
  DescribeServiceDeploymentsCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SimControl } from '../../sim/index.js';
import { gateRollingDeployment } from '../../src/health/rolling.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** Registers shop-web with `image` and rolls service web to it; returns the service deployment's ARN. */
async function deploy(image: string): Promise<string> {
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(image) as RegisterTaskDefinitionCommandInput),
  );
  await harness!.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
    }),
  );
  const list = await harness!.ecs.send(
    new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
  );
  return list.serviceDeployments![0].serviceDeploymentArn!;
}

/** Waits until the service deployment ends; returns its status. */
async function finalStatus(arn: string): Promise<string> {
  const deployment = await waitFor(
    harness!,
    async () =>
      (await harness!.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
        .serviceDeployments![0],
    (value) =>
      !['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS'].includes(value.status!),
  );
  return deployment.status!;
}

async function stoppedTasks() {
  const list = await harness!.ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' }));
  if (list.taskArns!.length === 0) return [];
  return (await harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: list.taskArns })))
    .tasks!;
}

describe('ECS image pulls', () => {
  it('an unpushed tag stops tasks with CannotPullContainerError and the circuit breaker rolls back', async () => {
    harness = await startEcs({ world: { ...rollingWorld(), pullImages: true } });
    const image = `${REGISTRY}/shop:v9`;
    const arn = await deploy(image);
    const rolledBack = await waitFor(
      harness,
      async () =>
        (await harness!.ecs.send(new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] })))
          .serviceDeployments![0],
      (deployment) => deployment.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(await finalStatus(arn)).toBe('ROLLBACK_SUCCESSFUL');
    expect(rolledBack.deploymentCircuitBreaker!.failureCount).toBeGreaterThanOrEqual(3);
    // Tasks still pulling when the rollback began were stopped by it (scaling activity), not by the pull.
    const failed = (await stoppedTasks()).filter((task) => task.stopCode !== 'ServiceSchedulerInitiated');
    expect(failed.length).toBeGreaterThanOrEqual(3);
    const reason = `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${image}: ${image}: not found`;
    for (const task of failed) {
      expect(task).toMatchObject({ stopCode: 'TaskFailedToStart', stoppedReason: reason });
      expect(task.containers![0]).toMatchObject({ name: 'web', reason, lastStatus: 'STOPPED' });
      expect(task.startedAt).toBeUndefined();
    }
  });

  it('pushed tags, digests and other registries pull; without pullImages nothing is checked', async () => {
    harness = await startEcs({ world: { ...rollingWorld(), pullImages: true } });
    const digest = harness.sim.world.ecr.repository('shop').byTag('v2')!.digest;
    for (const image of [`${REGISTRY}/shop:v2`, `${REGISTRY}/shop@${digest}`, 'nginx:1.27'])
      expect(await finalStatus(await deploy(image))).toBe('SUCCESSFUL');

    await new SimControl(harness.sim.endpoint).pullImages(false);
    expect(await finalStatus(await deploy(`${REGISTRY}/shop:never-pushed`))).toBe('SUCCESSFUL');
    expect((await stoppedTasks()).filter((task) => task.stopCode === 'TaskFailedToStart')).toEqual([]);
  });
});

describe('the rolling gate after ECS already rolled a failed pull back', () => {
  it('reports the deployment unhealthy with the reason ECS gave, instead of failing on an unknown id', async () => {
    harness = await startEcs({ world: { ...rollingWorld(), pullImages: true } });
    const arn = await deploy(`${REGISTRY}/shop:v9`);
    expect(await finalStatus(arn)).toBe('ROLLBACK_SUCCESSFUL');
    const deploymentId = harness.sim.world.ecs.state.clusters
      .get('prod')!
      .services.get('web')!
      .serviceDeployments.find((record) => record.arn === arn)!.targetDeploymentId;
    const clock = harness.sim.world.clock;
    const verdict = await gateRollingDeployment({
      clients: { ecs: harness.ecs, elb: harness.elb },
      clock: { now: () => clock.now(), sleep: (ms) => new Promise((done) => clock.after(ms, done)) },
      cluster: 'prod',
      service: 'web',
      deploymentId,
      timeoutMs: 60_000,
      policy: { consecutive: 2, unhealthyTimeoutMs: 60_000 },
      tagHealthy: false,
    });
    expect(verdict).toMatchObject({ status: 'unhealthy', deploymentId });
    expect(verdict.reason).toMatch(/deployment failed/);
  });
});
