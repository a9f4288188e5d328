/** ECS simulator: an EC2 cluster with container instances, through the real ECS and ELBv2 clients. */
import {
  DescribeCapacityProvidersCommand,
  DescribeContainerInstancesCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListContainerInstancesCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateContainerInstancesStateCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { ec2TaskDefinition, ec2World } from '../helpers/ec2-worlds.js';
import { startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

async function service() {
  return (await harness!.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })))
    .services![0];
}

async function runningTasks() {
  const arns = (await harness!.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' })))
    .taskArns!;
  if (arns.length === 0) return [];
  return (await harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: arns }))).tasks!;
}

async function deploy(memory: number): Promise<void> {
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(
      ec2TaskDefinition(V2, memory) as unknown as RegisterTaskDefinitionCommandInput,
    ),
  );
  await harness!.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
    }),
  );
}

describe('ECS on EC2 container instances', () => {
  it('places bridge tasks on instances with dynamic host ports and registers instance id + host port targets', async () => {
    harness = await startEcs({ world: ec2World({ desiredCount: 4, instances: 2 }) });
    const { ecs, elb } = harness;
    const instanceArns = (await ecs.send(new ListContainerInstancesCommand({ cluster: 'prod' })))
      .containerInstanceArns!;
    expect(instanceArns).toHaveLength(2);
    const instances = (
      await ecs.send(
        new DescribeContainerInstancesCommand({ cluster: 'prod', containerInstances: instanceArns }),
      )
    ).containerInstances!;
    const tasks = await runningTasks();
    expect(tasks).toHaveLength(4);
    const targets = tasks.map((task) => {
      const instance = instances.find(
        (candidate) => candidate.containerInstanceArn === task.containerInstanceArn,
      )!;
      const binding = task.containers![0].networkBindings![0];
      expect(binding.hostPort).toBeGreaterThanOrEqual(32768);
      return `${instance.ec2InstanceId}:${binding.hostPort}`;
    });
    // Two tasks per instance (spread), each its own dynamic port.
    expect(instances.map((instance) => instance.runningTasksCount)).toEqual([2, 2]);
    expect(
      instances[0].remainingResources!.find((resource) => resource.name === 'MEMORY')!.integerValue,
    ).toBe(7680 - 2 * 512);
    const serviceView = await service();
    const health = await elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: serviceView.loadBalancers![0].targetGroupArn }),
    );
    expect(
      health.TargetHealthDescriptions!.map((target) => `${target.Target!.Id}:${target.Target!.Port}`).sort(),
    ).toEqual(targets.sort());
  });

  it('reports a placement failure event when no instance has the memory, and the circuit breaker does not trip', async () => {
    harness = await startEcs({ world: ec2World() });
    await deploy(9000);
    const after = await waitFor(harness, service, (current) =>
      current.events!.some((event) => event.message!.includes('was unable to place a task')),
    );
    expect(after.events![0].message).toMatch(
      /^\(service web\) was unable to place a task because no container instance met all of its requirements\. The closest matching \(container-instance [0-9a-f]+\) has insufficient memory available\./,
    );
    // Minutes later: still waiting, nothing failed, the event repeated (at most every 30 s).
    harness.sim.world.clock.advance(5 * 60_000);
    const later = await service();
    const primary = later.deployments!.find((deployment) => deployment.status === 'PRIMARY')!;
    expect(primary).toMatchObject({ rolloutState: 'IN_PROGRESS', failedTasks: 0, runningCount: 0 });
    const repeats = later
      .events!.filter((event) => event.message!.includes('was unable to place a task'))
      .map((event) => event.createdAt!.getTime());
    expect(repeats.length).toBeGreaterThanOrEqual(5);
    // Newest first: ECS repeats the event, but not more often than every 30 s.
    for (let index = 1; index < repeats.length; index++) {
      expect(repeats[index - 1] - repeats[index]).toBeGreaterThanOrEqual(30_000);
    }
  });

  it('host networking binds the container port, so two tasks never share an instance', async () => {
    const host = {
      family: 'shop-web',
      networkMode: 'host',
      containerDefinitions: [
        { name: 'web', image: 'shop:v1', memory: 256, portMappings: [{ containerPort: 8080 }] },
      ],
    };
    harness = await startEcs({ world: ec2World({ taskDefinition: host, desiredCount: 2, instances: 2 }) });
    const tasks = await runningTasks();
    expect(new Set(tasks.map((task) => task.containerInstanceArn)).size).toBe(2);
    expect(tasks.map((task) => task.containers![0].networkBindings![0].hostPort)).toEqual([8080, 8080]);
    await harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', desiredCount: 3 }));
    const events = await waitFor(harness, service, (current) => current.events!.length > 0);
    expect(events.events![0].message).toMatch(/is already using a port required by your task\./);
  });

  it('replaces the tasks of a DRAINING instance on the other instances', async () => {
    harness = await startEcs({ world: ec2World({ desiredCount: 3, instances: 3 }) });
    const [first] = await runningTasks();
    await harness.ecs.send(
      new UpdateContainerInstancesStateCommand({
        cluster: 'prod',
        containerInstances: [first.containerInstanceArn!],
        status: 'DRAINING',
      }),
    );
    const settled = await waitFor(
      harness,
      runningTasks,
      (tasks) =>
        tasks.length === 3 &&
        tasks.every(
          (task) => task.containerInstanceArn !== first.containerInstanceArn && task.lastStatus === 'RUNNING',
        ),
    );
    expect(settled).toHaveLength(3);
    await waitFor(harness, service, (current) =>
      current.events![0].message!.endsWith('has reached a steady state.'),
    );
  });

  it('shows a capacity provider backed by an auto scaling group and places through it', async () => {
    harness = await startEcs({ world: ec2World({ capacityProvider: 'web-asg-cp' }) });
    const providers = await harness.ecs.send(
      new DescribeCapacityProvidersCommand({ capacityProviders: ['web-asg-cp'] }),
    );
    expect(providers.capacityProviders![0].autoScalingGroupProvider!.autoScalingGroupArn).toMatch(
      /^arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:.+:autoScalingGroupName\/web-asg-cp-asg$/,
    );
    const tasks = await runningTasks();
    expect(tasks.every((task) => task.containerInstanceArn)).toBe(true);
  });
});
