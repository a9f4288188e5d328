/** ECS simulator: rolling deployments behind a load balancer, over scaled time, with the real ECS and ELBv2 clients. */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeServicesCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { DescribeTargetHealthCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import type { TimelineEvent } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

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

async function deployV2(): Promise<string> {
  const registered = await harness!.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(V2) as RegisterTaskDefinitionCommandInput),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await harness!.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: arn }));
  return arn;
}

/** The largest number of tasks that were live (started, not yet told to stop) at the same time. */
function peakLiveTasks(timeline: TimelineEvent[]): number {
  const live = new Set<unknown>();
  let peak = 0;
  for (const event of timeline.filter((candidate) => candidate.type === 'task-state')) {
    if (event.lastStatus === 'PROVISIONING' || event.lastStatus === 'RUNNING') live.add(event.taskArn);
    if (['DEACTIVATING', 'STOPPING', 'STOPPED'].includes(String(event.lastStatus)))
      live.delete(event.taskArn);
    peak = Math.max(peak, live.size);
  }
  return peak;
}

describe('ECS rolling deployments', () => {
  it('seeds a steady service: tasks RUNNING, targets healthy, one COMPLETED deployment', async () => {
    harness = await startEcs({ world: rollingWorld() });
    const service = await webService();
    expect(service.deployments).toEqual([
      expect.objectContaining({
        status: 'PRIMARY',
        rolloutState: 'COMPLETED',
        runningCount: 2,
        desiredCount: 2,
      }),
    ]);
    const health = await harness.elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: service.loadBalancers![0].targetGroupArn }),
    );
    expect(health.TargetHealthDescriptions!.map((target) => target.TargetHealth!.State)).toEqual([
      'healthy',
      'healthy',
    ]);
    const deployments = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
    );
    expect(deployments.serviceDeployments).toEqual([expect.objectContaining({ status: 'SUCCESSFUL' })]);
  });

  it('rolls out: new targets turn healthy over scaled time while the old ones drain, never below desired', async () => {
    harness = await startEcs({ world: rollingWorld(), timeScale: 200 });
    const targetGroupArn = (await webService()).loadBalancers![0].targetGroupArn!;
    const oldTasks = await harness.ecs.send(new ListTasksCommand({ cluster: 'prod', serviceName: 'web' }));
    const start = harness.sim.world.clock.now();
    const taskDefinitionArn = await deployV2();

    const states: string[][] = [];
    await waitFor(
      harness,
      async () => {
        const health = await harness!.elb.send(
          new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }),
        );
        const observed = health.TargetHealthDescriptions!.map((target) => target.TargetHealth!.State!).sort();
        states.push(observed);
        return observed;
      },
      (observed) =>
        observed.filter((state) => state === 'healthy').length === 2 && observed.includes('draining'),
      { pollMs: 2000 },
    );
    // minimumHealthyPercent 100: at every observation at least two targets were healthy.
    for (const observed of states)
      expect(observed.filter((state) => state === 'healthy').length).toBeGreaterThanOrEqual(2);
    // The new targets passed through `initial` (registration, health checks not yet passed).
    const initial = harness.sim.world.timeline.filter(
      (event) => event.type === 'target-health' && event.to === 'initial' && event.time >= start,
    );
    expect(initial).toHaveLength(2);

    const midway = await webService();
    expect(midway.deployments!.map((deployment) => deployment.status)).toEqual(['PRIMARY', 'ACTIVE']);
    expect(midway.deployments![0]).toMatchObject({
      taskDefinition: taskDefinitionArn,
      rolloutState: 'IN_PROGRESS',
      runningCount: 2,
    });

    const done = await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments!.length === 1 && service.deployments![0].rolloutState === 'COMPLETED',
    );
    // Old tasks drain for the target group's 300 s deregistration delay before the rollout completes.
    expect(harness.sim.world.clock.now() - start).toBeGreaterThanOrEqual(300_000);
    expect(done.taskDefinition).toBe(taskDefinitionArn);
    expect(done.deployments![0].rolloutStateReason).toMatch(/completed/);
    const messages = done.events!.map((event) => event.message);
    expect(messages[0]).toBe('(service web) has reached a steady state.');
    expect(messages).toContain(`(service web) (deployment ${done.deployments![0].id}) deployment completed.`);
    // One batch or two, depending on whether both new targets turned healthy in the same check round.
    const drained = messages
      .map((message) =>
        /^\(service web\) has begun draining connections on (\d+) tasks\.$/.exec(message ?? ''),
      )
      .filter((match) => match !== null)
      .reduce((sum, match) => sum + Number(match[1]), 0);
    expect(drained).toBe(2);

    const stopped = await harness.ecs.send(
      new DescribeTasksCommand({ cluster: 'prod', tasks: oldTasks.taskArns }),
    );
    for (const task of stopped.tasks!) {
      expect(task).toMatchObject({
        lastStatus: 'STOPPED',
        stopCode: 'ServiceSchedulerInitiated',
        stoppedReason: `Scaling activity initiated by (deployment ${done.deployments![0].id})`,
      });
    }

    const list = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web' }),
    );
    expect(list.serviceDeployments!.map((deployment) => deployment.status)).toEqual([
      'SUCCESSFUL',
      'SUCCESSFUL',
    ]);
    const [latest] = (
      await harness.ecs.send(
        new DescribeServiceDeploymentsCommand({
          serviceDeploymentArns: [list.serviceDeployments![0].serviceDeploymentArn!],
        }),
      )
    ).serviceDeployments!;
    expect(latest).toMatchObject({
      status: 'SUCCESSFUL',
      targetServiceRevision: { requestedTaskCount: 2, runningTaskCount: 2, pendingTaskCount: 0 },
      sourceServiceRevisions: [expect.objectContaining({ runningTaskCount: 0 })],
      deploymentCircuitBreaker: { status: 'MONITORING_COMPLETE', failureCount: 0, threshold: 3 },
    });
    expect(latest.serviceDeploymentArn).toMatch(
      /^arn:aws:ecs:us-east-1:123456789012:service-deployment\/prod\/web\//,
    );
    expect(latest.finishedAt!.getTime()).toBeGreaterThan(latest.startedAt!.getTime());

    // The service revisions say which task definition each deployment rolled out (rollback candidates).
    const revisions = await harness.ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: [
          list.serviceDeployments![0].targetServiceRevisionArn!,
          latest.sourceServiceRevisions![0].arn!,
          'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1',
        ],
      }),
    );
    expect(revisions.serviceRevisions!.map((revision) => revision.taskDefinition)).toEqual([
      taskDefinitionArn,
      expect.stringMatching(/task-definition\/shop-web:1$/),
    ]);
    expect(revisions.failures).toEqual([
      { arn: 'arn:aws:ecs:us-east-1:123456789012:service-revision/prod/web/1', reason: 'MISSING' },
    ]);

    const filtered = await harness.ecs.send(
      new ListServiceDeploymentsCommand({ cluster: 'prod', service: 'web', status: ['IN_PROGRESS'] }),
    );
    expect(filtered.serviceDeployments).toEqual([]);

    const calls = harness.sim.world.log.list();
    expect(calls.filter((call) => call.mutating).map((call) => call.operation)).toEqual([
      'RegisterTaskDefinition',
      'UpdateService',
    ]);
    expect(calls.some((call) => call.service === 'elbv2' && call.operation === 'DescribeTargetHealth')).toBe(
      true,
    );
    const rollout = harness.sim.world.timeline
      .filter((event) => event.type === 'rollout-state')
      .map((event) => event.rolloutState);
    expect(rollout.slice(-2)).toEqual(['IN_PROGRESS', 'COMPLETED']);
  });

  it('respects maximumPercent 100 / minimumHealthyPercent 50: stop one old task, then start its replacement', async () => {
    const world = rollingWorld({ desiredCount: 4, deregistrationDelaySeconds: 30 });
    world.services![0].deploymentConfiguration = { minimumHealthyPercent: 50, maximumPercent: 100 };
    harness = await startEcs({ world });
    await deployV2();
    const done = await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments!.length === 1 && service.deployments![0].rolloutState === 'COMPLETED',
    );
    expect(done.runningCount).toBe(4);
    expect(peakLiveTasks(harness.sim.world.timeline)).toBeLessThanOrEqual(4);
  });

  it('with maximumPercent 200 starts all new tasks at once, up to twice the desired count', async () => {
    harness = await startEcs({ world: rollingWorld({ desiredCount: 3 }) });
    await deployV2();
    await waitFor(
      harness,
      () => webService(),
      (service) => service.deployments!.length === 1 && service.deployments![0].rolloutState === 'COMPLETED',
    );
    expect(peakLiveTasks(harness.sim.world.timeline)).toBe(6);
  });
});
