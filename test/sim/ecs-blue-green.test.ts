/** ECS simulator: native blue/green deployments (strategy BLUE_GREEN) with the real ECS and ELBv2 clients. */
import {
  CreateServiceCommand,
  DescribeServiceDeploymentsCommand,
  DescribeServicesCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  DescribeTasksCommand,
  RegisterTaskDefinitionCommand,
  StopServiceDeploymentCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { nativeBlueGreenWorld, webTaskDefinition } from '../helpers/worlds.js';
import { rejection, startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

async function webService() {
  const response = await harness!.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
  );
  return response.services![0];
}

async function deploy(tag: string): Promise<string> {
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(
      webTaskDefinition(
        `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`,
      ) as RegisterTaskDefinitionCommandInput,
    ),
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

async function serviceDeployment(arn: string) {
  const response = await harness!.ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [arn] }),
  );
  return response.serviceDeployments![0];
}

function groups() {
  const elb = harness!.sim.world.elb;
  return { blue: elb.findTargetGroup('blue-tg')!.arn, green: elb.findTargetGroup('green-tg')!.arn };
}

function productionRule(): string {
  return harness!.sim.world.ecs.state.clusters.get('prod')!.services.get('web')!.loadBalancers[0]
    .advancedConfiguration!.productionListenerRule!;
}

async function productionWeights(): Promise<Record<string, number>> {
  const rules = await harness!.elb.send(new DescribeRulesCommand({ RuleArns: [productionRule()] }));
  const forward = rules.Rules![0].Actions!.find((action) => action.Type === 'forward')!;
  return Object.fromEntries(
    forward.ForwardConfig!.TargetGroups!.map((group) => [group.TargetGroupArn!, group.Weight ?? 1]),
  );
}

async function targetStates(targetGroupArn: string): Promise<string[]> {
  const health = await harness!.elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
  return health.TargetHealthDescriptions!.map((target) => target.TargetHealth!.State!);
}

function stagesOf(serviceDeploymentArn: string): unknown[] {
  return harness!.sim.world.timeline
    .filter((event) => event.serviceDeploymentArn === serviceDeploymentArn && event.lifecycleStage)
    .map((event) => event.lifecycleStage);
}

describe('ECS native blue/green deployments', () => {
  it('scales green in the alternate target group, shifts test then production traffic, bakes, cleans up blue', async () => {
    harness = await startEcs({ world: nativeBlueGreenWorld({ bakeTimeInMinutes: 10 }) });
    const { blue, green } = groups();
    expect(await productionWeights()).toEqual({ [blue]: 100, [green]: 0 });
    const arn = await deploy('v2');

    const baking = await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.lifecycleStage === 'BAKE_TIME',
    );
    expect(baking).toMatchObject({
      status: 'IN_PROGRESS',
      targetServiceRevision: {
        requestedTaskCount: 2,
        runningTaskCount: 2,
        requestedProductionTrafficWeight: 100,
      },
      sourceServiceRevisions: [expect.objectContaining({ runningTaskCount: 2 })],
    });
    // Green took production traffic while blue still runs: an instant rollback stays possible during the bake.
    expect(await productionWeights()).toEqual({ [blue]: 0, [green]: 100 });
    expect(await targetStates(green)).toEqual(['healthy', 'healthy']);
    expect(await targetStates(blue)).toEqual(['healthy', 'healthy']);
    const testListener = harness.sim.world.ecs.state.clusters.get('prod')!.services.get('web')!
      .loadBalancers[0].advancedConfiguration!.testListenerRule!;
    expect(harness.sim.world.elb.forwardWeights(testListener)).toEqual({ [blue]: 0, [green]: 100 });

    const done = await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.status === 'SUCCESSFUL',
    );
    expect(done.lifecycleStage).toBe('CLEAN_UP');
    expect(stagesOf(arn)).toEqual([
      'PRE_SCALE_UP',
      'SCALE_UP',
      'POST_SCALE_UP',
      'TEST_TRAFFIC_SHIFT',
      'POST_TEST_TRAFFIC_SHIFT',
      'PRODUCTION_TRAFFIC_SHIFT',
      'POST_PRODUCTION_TRAFFIC_SHIFT',
      'BAKE_TIME',
      'CLEAN_UP',
    ]);
    const timeline = harness.sim.world.timeline;
    const at = (stage: string) =>
      timeline.find((event) => event.serviceDeploymentArn === arn && event.lifecycleStage === stage)!.time;
    expect(at('CLEAN_UP') - at('BAKE_TIME')).toBeGreaterThanOrEqual(10 * 60_000);
    expect(await targetStates(blue)).toEqual([]);
    const service = await webService();
    expect(service.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', runningCount: 2 }),
    ]);

    // The target groups swap roles: the next revision goes to blue-tg.
    const next = await deploy('v3');
    await waitFor(
      harness,
      () => serviceDeployment(next),
      (deployment) => deployment.lifecycleStage === 'BAKE_TIME',
    );
    expect(await productionWeights()).toEqual({ [blue]: 100, [green]: 0 });
    const tasks = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    const described = await harness.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: tasks.taskArns }),
    );
    expect(described.tasks!.map((task) => task.containers![0].image!.split(':').at(-1)).sort()).toEqual([
      'v2',
      'v2',
      'v3',
      'v3',
    ]);
  });

  it('StopServiceDeployment ROLLBACK during the bake moves traffic back to blue and ends ROLLBACK_SUCCESSFUL', async () => {
    harness = await startEcs({ world: nativeBlueGreenWorld({ bakeTimeInMinutes: 30 }) });
    const { blue, green } = groups();
    const original = (await webService()).taskDefinition;
    const blueTasks = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    const arn = await deploy('v2');
    await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.lifecycleStage === 'BAKE_TIME',
    );
    expect(await productionWeights()).toEqual({ [blue]: 0, [green]: 100 });

    await harness.ecs.send(
      new StopServiceDeploymentCommand({ serviceDeploymentArn: arn, stopType: 'ROLLBACK' }),
    );
    // Traffic goes back in the same instant, before green's tasks are stopped.
    expect(await productionWeights()).toEqual({ [blue]: 100, [green]: 0 });
    const done = await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(done).toMatchObject({
      rollback: { reason: expect.stringMatching(/StopServiceDeployment/) },
      targetServiceRevision: { runningTaskCount: 0, requestedProductionTrafficWeight: 0 },
    });
    expect(done.rollback!.serviceRevisionArn).toBe(done.sourceServiceRevisions![0].arn);
    expect(await targetStates(green)).toEqual([]);
    const service = await webService();
    expect(service.taskDefinition).toBe(original);
    expect(service.deployments).toEqual([
      expect.objectContaining({ status: 'PRIMARY', rolloutState: 'COMPLETED', taskDefinition: original }),
    ]);
    // Blue's tasks were never replaced.
    const stillBlue = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    expect(stillBlue.taskArns!.sort()).toEqual(blueTasks.taskArns!.sort());
    const statuses = harness.sim.world.timeline
      .filter(
        (event) => event.type === 'deployment-state' && event.serviceDeploymentArn === arn && event.status,
      )
      .map((event) => event.status);
    expect(statuses).toEqual([
      'IN_PROGRESS',
      'ROLLBACK_REQUESTED',
      'ROLLBACK_IN_PROGRESS',
      'ROLLBACK_SUCCESSFUL',
    ]);
    const again = await rejection(
      harness.ecs.send(new StopServiceDeploymentCommand({ serviceDeploymentArn: arn })),
    );
    expect(again.name).toBe('ConflictException');
    const mutating = harness.sim.world.log
      .list()
      .filter((call) => call.mutating)
      .map((call) => `${call.operation}:${call.errorCode ?? call.outcome}`);
    expect(mutating).toEqual([
      'RegisterTaskDefinition:ok',
      'UpdateService:ok',
      'StopServiceDeployment:ok',
      'StopServiceDeployment:ConflictException',
    ]);
  });

  it('a green revision that never turns healthy trips the circuit breaker before any traffic moves', async () => {
    harness = await startEcs({ world: nativeBlueGreenWorld() });
    const { blue, green } = groups();
    harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
    const arn = await deploy('v2');
    const done = await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.status === 'ROLLBACK_SUCCESSFUL',
    );
    expect(done.deploymentCircuitBreaker).toMatchObject({ status: 'TRIGGERED', threshold: 3 });
    expect(stagesOf(arn)).not.toContain('PRODUCTION_TRAFFIC_SHIFT');
    expect(await productionWeights()).toEqual({ [blue]: 100, [green]: 0 });
    expect(
      harness.sim.world.timeline.filter(
        (event) => event.type === 'traffic-shift' && event.kind === 'production',
      ),
    ).toHaveLength(1);
  });

  it.each([
    ['LINEAR', { linearConfiguration: { stepPercent: 25, stepBakeTimeInMinutes: 2 } }, [25, 50, 75, 100]],
    ['CANARY', { canaryConfiguration: { canaryPercent: 10, canaryBakeTimeInMinutes: 2 } }, [10, 100]],
  ])(
    '%s shifts production traffic in steps with the step bake time between them',
    async (strategy, settings, steps) => {
      const world = nativeBlueGreenWorld({ bakeTimeInMinutes: 1 });
      world.services![0].deploymentConfiguration = { strategy, bakeTimeInMinutes: 1, ...settings };
      harness = await startEcs({ world });
      const { green } = groups();
      const arn = await deploy('v2');
      await waitFor(
        harness,
        () => serviceDeployment(arn),
        (deployment) => deployment.status === 'SUCCESSFUL',
      );
      const shifts = harness.sim.world.timeline.filter(
        (event) => event.type === 'traffic-shift' && event.kind === 'production',
      );
      expect(shifts.map((event) => (event.weights as Record<string, number>)[green])).toEqual(steps);
      for (let index = 1; index < shifts.length; index++) {
        expect(shifts[index].time - shifts[index - 1].time).toBeGreaterThanOrEqual(2 * 60_000);
      }
      expect(await productionWeights()).toEqual({ [groups().blue]: 0, [green]: 100 });
    },
  );

  it('CreateService with BLUE_GREEN starts in the primary target group; the first update goes to the alternate', async () => {
    const world = nativeBlueGreenWorld();
    world.services = [];
    harness = await startEcs({ world });
    const { blue, green } = groups();
    const [alb] = (await harness.elb.send(new DescribeLoadBalancersCommand({ Names: ['shop-alb'] })))
      .LoadBalancers!;
    const listeners = await harness.elb.send(
      new DescribeListenersCommand({ LoadBalancerArn: alb.LoadBalancerArn }),
    );
    const port80 = listeners.Listeners!.find((listener) => listener.Port === 80)!;
    const rules = await harness.elb.send(new DescribeRulesCommand({ ListenerArn: port80.ListenerArn }));
    const rule = rules.Rules!.find((candidate) => candidate.Priority === '10')!;
    const created = await harness.ecs.send(
      new CreateServiceCommand({
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'shop-web',
        desiredCount: 2,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aa11bb22cc33dd44'] } },
        deploymentConfiguration: { strategy: 'BLUE_GREEN', bakeTimeInMinutes: 1 },
        loadBalancers: [
          {
            targetGroupArn: blue,
            containerName: 'web',
            containerPort: 8080,
            advancedConfiguration: {
              alternateTargetGroupArn: green,
              productionListenerRule: rule.RuleArn,
              roleArn: 'arn:aws:iam::123456789012:role/ecsInfrastructureRole',
            },
          },
        ],
      }),
    );
    expect(created.service!.loadBalancers![0].advancedConfiguration).toMatchObject({
      alternateTargetGroupArn: green,
    });
    await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments![0].rolloutState === 'COMPLETED',
    );
    expect(await targetStates(blue)).toEqual(['healthy', 'healthy']);
    expect(await targetStates(green)).toEqual([]);
    const arn = await deploy('v2');
    await waitFor(
      harness,
      () => serviceDeployment(arn),
      (deployment) => deployment.status === 'SUCCESSFUL',
    );
    expect(await targetStates(green)).toEqual(['healthy', 'healthy']);
    expect(await productionWeights()).toEqual({ [blue]: 0, [green]: 100 });
  });
});
