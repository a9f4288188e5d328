/** ECS simulator: clusters, services and tasks through the real SDK client, without deployments under load. */
import {
  CreateServiceCommand,
  DeleteServiceCommand,
  DescribeClustersCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListClustersCommand,
  ListServicesCommand,
  ListTasksCommand,
  UpdateServiceCommand,
  paginateListServices,
  type CreateServiceCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { rejection, startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const network = {
  awsvpcConfiguration: { subnets: ['subnet-0aa11bb22cc33dd44'], securityGroups: ['sg-0123456789abcdef0'] },
};

function emptyWorld(): WorldSeed {
  return { clusters: [{ name: 'prod' }, { name: 'staging' }], taskDefinitions: [webTaskDefinition()] };
}

function worker(overrides: Partial<CreateServiceCommandInput> = {}): CreateServiceCommandInput {
  return {
    cluster: 'prod',
    serviceName: 'worker',
    taskDefinition: 'shop-web',
    desiredCount: 2,
    launchType: 'FARGATE',
    networkConfiguration: network,
    ...overrides,
  };
}

async function describe1(service = 'worker') {
  const response = await harness!.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
  );
  return response.services![0];
}

describe('ECS services and tasks', () => {
  it('starts a new service: tasks go PROVISIONING → PENDING → RUNNING with an ENI and a private IP', async () => {
    harness = await startEcs({ world: emptyWorld(), timeScale: 200 });
    const created = await harness.ecs.send(
      new CreateServiceCommand(worker({ tags: [{ key: 'app', value: 'shop' }] })),
    );
    expect(created.service).toMatchObject({
      serviceName: 'worker',
      serviceArn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/worker',
      clusterArn: 'arn:aws:ecs:us-east-1:123456789012:cluster/prod',
      status: 'ACTIVE',
      desiredCount: 2,
      launchType: 'FARGATE',
      taskDefinition: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:1',
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
      tags: [{ key: 'app', value: 'shop' }],
    });
    expect(created.service!.deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        rolloutState: 'IN_PROGRESS',
        id: expect.stringMatching(/^ecs-svc\/\d{19}$/),
      }),
    ]);
    const service = await waitFor(
      harness,
      () => describe1(),
      (value) => value.deployments![0].rolloutState === 'COMPLETED',
    );
    // Each task walks the lifecycle in order, with the image's start delay between PENDING and RUNNING.
    const lifecycle = harness.sim.world.timeline.filter((event) => event.type === 'task-state');
    const firstTask = lifecycle[0].taskArn;
    const walk = lifecycle.filter((event) => event.taskArn === firstTask);
    expect(walk.map((event) => event.lastStatus)).toEqual(['PROVISIONING', 'PENDING', 'RUNNING']);
    expect(walk[2].time - walk[1].time).toBeGreaterThanOrEqual(2000);
    expect(service).toMatchObject({ runningCount: 2, pendingCount: 0 });
    expect(service.events![0].message).toBe('(service worker) has reached a steady state.');
    expect(service.events!.map((event) => event.message)).toContainEqual(
      expect.stringMatching(
        /^\(service worker\) has started 2 tasks: \(task [0-9a-f]{32}\) \(task [0-9a-f]{32}\)\.$/,
      ),
    );
    const listed = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'worker' }));
    const { tasks } = await harness.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: listed.taskArns }),
    );
    expect(tasks).toHaveLength(2);
    const task = tasks![0];
    expect(task).toMatchObject({
      lastStatus: 'RUNNING',
      desiredStatus: 'RUNNING',
      group: 'service:worker',
      startedBy: service.deployments![0].id,
      launchType: 'FARGATE',
      cpu: '256',
      memory: '512',
    });
    const eni = task.attachments![0];
    expect(eni).toMatchObject({ type: 'ElasticNetworkInterface', status: 'ATTACHED' });
    const ip = eni.details!.find((detail) => detail.name === 'privateIPv4Address')!.value;
    expect(ip).toMatch(/^10\.0\.\d+\.\d+$/);
    expect(eni.details).toContainEqual({ name: 'subnetId', value: 'subnet-0aa11bb22cc33dd44' });
    expect(task.containers![0]).toMatchObject({
      name: 'web',
      lastStatus: 'RUNNING',
      networkInterfaces: [{ privateIpv4Address: ip }],
    });
    expect(tasks![1].attachments![0].details).not.toContainEqual({ name: 'privateIPv4Address', value: ip });
  });

  it('scales with desiredCount without a new deployment, and stops tasks with a scaling reason', async () => {
    harness = await startEcs({ world: emptyWorld() });
    await harness.ecs.send(new CreateServiceCommand(worker({ desiredCount: 3 })));
    const first = await waitFor(
      harness,
      () => describe1(),
      (service) => service.runningCount === 3 && service.deployments![0].rolloutState === 'COMPLETED',
    );
    await harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'worker', desiredCount: 1 }));
    const scaled = await waitFor(
      harness,
      () => describe1(),
      (service) => service.runningCount === 1,
    );
    expect(scaled.deployments).toHaveLength(1);
    expect(scaled.deployments![0].id).toBe(first.deployments![0].id);
    const stopped = await waitFor(
      harness,
      () => harness!.ecs.send(new ListTasksCommand({ cluster: 'prod', desiredStatus: 'STOPPED' })),
      (list) => list.taskArns!.length === 2,
    );
    const described = await waitFor(
      harness,
      () => harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: stopped.taskArns })),
      (result) => result.tasks!.every((task) => task.lastStatus === 'STOPPED'),
    );
    for (const task of described.tasks!) {
      expect(task.stoppedReason).toBe(
        `Scaling activity initiated by (deployment ${first.deployments![0].id})`,
      );
      expect(task.stopCode).toBe('ServiceSchedulerInitiated');
      expect(task.stoppedAt).toBeInstanceOf(Date);
      expect(task.containers![0].exitCode).toBe(0);
    }
  });

  it('forces a new deployment on the same task definition: old deployment ACTIVE until its tasks stop', async () => {
    harness = await startEcs({ world: emptyWorld() });
    await harness.ecs.send(new CreateServiceCommand(worker()));
    const before = await waitFor(
      harness,
      () => describe1(),
      (service) => service.deployments![0].rolloutState === 'COMPLETED',
    );
    const updated = await harness.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'worker', forceNewDeployment: true }),
    );
    expect(
      updated.service!.deployments!.map((deployment) => [deployment.status, deployment.rolloutState]),
    ).toEqual([
      ['PRIMARY', 'IN_PROGRESS'],
      ['ACTIVE', 'COMPLETED'],
    ]);
    const after = await waitFor(
      harness,
      () => describe1(),
      (service) => service.deployments!.length === 1 && service.deployments![0].rolloutState === 'COMPLETED',
    );
    expect(after.deployments![0].id).not.toBe(before.deployments![0].id);
    const unchanged = await harness.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'worker', taskDefinition: 'shop-web:1' }),
    );
    expect(unchanged.service!.deployments).toHaveLength(1);
  });

  it('deletes a service: DRAINING, then INACTIVE once its tasks stopped', async () => {
    harness = await startEcs({ world: emptyWorld() });
    await harness.ecs.send(new CreateServiceCommand(worker()));
    await waitFor(
      harness,
      () => describe1(),
      (service) => service.runningCount === 2,
    );
    const refused = await rejection(
      harness.ecs.send(new DeleteServiceCommand({ cluster: 'prod', service: 'worker' })),
    );
    expect(refused.name).toBe('InvalidParameterException');
    // Slow time down so that the DRAINING window (tasks stopping) outlasts the next request however busy the machine is.
    harness.sim.world.clock.setScale(0.01);
    const deleted = await harness.ecs.send(
      new DeleteServiceCommand({ cluster: 'prod', service: 'worker', force: true }),
    );
    expect(deleted.service!.status).toBe('DRAINING');
    const notActive = await rejection(
      harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'worker', desiredCount: 1 })),
    );
    expect(notActive.name).toBe('ServiceNotActiveException');
    harness.sim.world.clock.setScale(1000);
    const gone = await waitFor(
      harness,
      () => describe1(),
      (service) => service.status === 'INACTIVE',
    );
    expect(gone.runningCount).toBe(0);
    const list = await harness.ecs.send(new ListServicesCommand({ cluster: 'prod' }));
    expect(list.serviceArns).toEqual([]);
    const recreated = await harness.ecs.send(new CreateServiceCommand(worker()));
    expect(recreated.service!.status).toBe('ACTIVE');
  });

  it('describes at most 10 services, reporting unknown ones as MISSING failures', async () => {
    harness = await startEcs({ world: rollingWorld() });
    const described = await harness.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web', 'ghost'], include: ['TAGS'] }),
    );
    expect(described.services!.map((service) => service.serviceName)).toEqual(['web']);
    expect(described.services![0]).toMatchObject({
      runningCount: 2,
      loadBalancers: [
        {
          containerName: 'web',
          containerPort: 8080,
          targetGroupArn: expect.stringContaining(':targetgroup/web-tg/'),
        },
      ],
      healthCheckGracePeriodSeconds: 60,
      deploymentConfiguration: { deploymentCircuitBreaker: { enable: true, rollback: true } },
      tags: [],
    });
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service/prod/ghost', reason: 'MISSING' },
    ]);
    const eleven = Array.from({ length: 11 }, (_, index) => `svc-${index}`);
    const error = await rejection(
      harness.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: eleven })),
    );
    expect(error.name).toBe('InvalidParameterException');
  });

  it('lists services, clusters and tasks with pagination', async () => {
    harness = await startEcs({ world: emptyWorld() });
    for (let index = 0; index < 12; index++) {
      await harness.ecs.send(
        new CreateServiceCommand(worker({ serviceName: `svc-${index}`, desiredCount: 1 })),
      );
    }
    const firstPage = await harness.ecs.send(new ListServicesCommand({ cluster: 'prod' }));
    expect(firstPage.serviceArns).toHaveLength(10);
    expect(firstPage.nextToken).toBeDefined();
    const all: string[] = [];
    for await (const page of paginateListServices(
      { client: harness.ecs, pageSize: 5 },
      { cluster: 'prod' },
    )) {
      all.push(...page.serviceArns!);
    }
    expect(all).toHaveLength(12);
    expect(new Set(all).size).toBe(12);

    const clusters = await harness.ecs.send(new ListClustersCommand({ maxResults: 1 }));
    expect(clusters.clusterArns).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/prod']);
    const next = await harness.ecs.send(
      new ListClustersCommand({ maxResults: 1, nextToken: clusters.nextToken }),
    );
    expect(next.clusterArns).toEqual(['arn:aws:ecs:us-east-1:123456789012:cluster/staging']);
    expect(next.nextToken).toBeUndefined();

    await waitFor(
      harness,
      () => harness!.ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'nope'] })),
      (result) => result.clusters![0].runningTasksCount === 12,
    );
    const described = await harness.ecs.send(new DescribeClustersCommand({ clusters: ['prod', 'nope'] }));
    expect(described.clusters![0]).toMatchObject({
      clusterName: 'prod',
      status: 'ACTIVE',
      activeServicesCount: 12,
      pendingTasksCount: 0,
    });
    expect(described.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:cluster/nope', reason: 'MISSING' },
    ]);

    const tasks = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', maxResults: 5 }));
    expect(tasks.taskArns).toHaveLength(5);
    const rest = await harness.ecs.send(
      new ListTasksCommand({ cluster: 'prod', nextToken: tasks.nextToken }),
    );
    expect(rest.taskArns).toHaveLength(7);
    const many = Array.from({ length: 101 }, (_, index) => `task-${index}`);
    const tooMany = await rejection(
      harness.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: many })),
    );
    expect(tooMany.name).toBe('InvalidParameterException');
    const missing = await harness.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: ['0123abcd'] }),
    );
    expect(missing.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:task/prod/0123abcd', reason: 'MISSING' },
    ]);
  });

  it.each([
    ['an unknown cluster', worker({ cluster: 'nope' }), 'ClusterNotFoundException', /Cluster not found/],
    [
      'an unknown task definition',
      worker({ taskDefinition: 'nope' }),
      'ClientException',
      /TaskDefinition not found/,
    ],
    [
      'awsvpc without networkConfiguration',
      worker({ networkConfiguration: undefined }),
      'InvalidParameterException',
      /Network Configuration must be provided/,
    ],
    ['no desiredCount', worker({ desiredCount: undefined }), 'InvalidParameterException', /desiredCount/],
    [
      'a load balancer container that does not exist',
      worker({ loadBalancers: [{ targetGroupArn: 'web-tg', containerName: 'api', containerPort: 8080 }] }),
      'InvalidParameterException',
      /The container api does not exist in the task definition/,
    ],
    [
      'a container port the container does not map',
      worker({ loadBalancers: [{ targetGroupArn: 'web-tg', containerName: 'web', containerPort: 9090 }] }),
      'InvalidParameterException',
      /did not have a container port 9090 defined/,
    ],
    [
      'a target group that does not exist',
      worker({
        loadBalancers: [
          {
            targetGroupArn:
              'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/ghost/0123456789abcdef',
            containerName: 'web',
            containerPort: 8080,
          },
        ],
      }),
      'InvalidParameterException',
      /does not exist/,
    ],
    [
      'blue/green without advancedConfiguration',
      worker({
        deploymentConfiguration: { strategy: 'BLUE_GREEN' },
        loadBalancers: [{ targetGroupArn: 'web-tg', containerName: 'web', containerPort: 8080 }],
      }),
      'InvalidParameterException',
      /advancedConfiguration/,
    ],
  ])('refuses a service with %s', async (_what, input, name, message) => {
    harness = await startEcs({ world: rollingWorld() });
    if (input.loadBalancers?.[0]?.targetGroupArn === 'web-tg') {
      input.loadBalancers[0].targetGroupArn = harness.sim.world.elb.findTargetGroup('web-tg')!.arn;
    }
    const error = await rejection(harness.ecs.send(new CreateServiceCommand(input)));
    expect(error.name).toBe(name);
    expect(error.message).toMatch(message);
    expect(harness.sim.world.log.list().at(-1)).toMatchObject({
      operation: 'CreateService',
      outcome: 'error',
      errorCode: name,
      mutating: true,
    });
  });

  it('names missing services and duplicate ones', async () => {
    harness = await startEcs({ world: rollingWorld() });
    const missing = await rejection(
      harness.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'ghost', desiredCount: 1 })),
    );
    expect(missing.name).toBe('ServiceNotFoundException');
    const noCluster = await rejection(harness.ecs.send(new ListServicesCommand({ cluster: 'nope' })));
    expect(noCluster.name).toBe('ClusterNotFoundException');
    const duplicate = await rejection(
      harness.ecs.send(new CreateServiceCommand(worker({ serviceName: 'web' }))),
    );
    expect(duplicate.name).toBe('InvalidParameterException');
    expect(duplicate.message).toBe('Creation of service was not idempotent.');
    const tasksOfGhost = await rejection(
      harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'ghost' })),
    );
    expect(tasksOfGhost.name).toBe('ServiceNotFoundException');
  });
});
