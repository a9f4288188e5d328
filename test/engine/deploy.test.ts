/**
 * The deploy engine in process: deploy(), settleInProgress and waitForRollouts run against the simulator
 * with real SDK clients, on a clock that is the simulator's own (its sleeps are simulator events), so the
 * engine's polling and timeouts pass in simulated time and nothing sleeps in real time.
 */
import { afterEach, expect, test } from '@jest/globals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECRClient } from '@aws-sdk/client-ecr';
import {
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { destroyAwsClients } from '../../src/aws/clients.js';
import { deploy } from '../../src/deploy/deploy.js';
import { settleInProgress } from '../../src/deploy/in-progress.js';
import type { DeployOptions, EngineContext } from '../../src/deploy/types.js';
import { waitForRollouts } from '../../src/deploy/wait.js';
import { startSimulator, type ImageBehaviour, type Simulator } from '../../sim/index.js';
import { recordingLogger, simulatorClock } from '../helpers/engine.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';

const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

/** Simulated milliseconds per real millisecond: a 5-minute rollout takes well under a second. */
const TIME_SCALE = 500;

interface Engine {
  sim: Simulator;
  context: EngineContext;
  logger: ReturnType<typeof recordingLogger>;
}

let engine: Engine | undefined;
afterEach(async () => {
  if (!engine) return;
  destroyAwsClients(engine.context.clients);
  await engine.sim.stop();
  engine = undefined;
});

/** A rolling world (service `web` on shop-web:1, 2 tasks) with the given image behaviours. */
async function startEngine(
  behaviours: Record<string, ImageBehaviour> = {},
  world: { circuitBreaker?: boolean; gracePeriodSeconds?: number } = {},
): Promise<Engine> {
  const seed = rollingWorld({
    healthCheckIntervalSeconds: 10,
    deregistrationDelaySeconds: 30,
    circuitBreaker: world.circuitBreaker ?? true,
  });
  if (world.gracePeriodSeconds !== undefined)
    seed.services![0].healthCheckGracePeriodSeconds = world.gracePeriodSeconds;
  const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 11, world: { ...seed, behaviours } });
  const config = {
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
  };
  const logger = recordingLogger();
  const context: EngineContext = {
    clients: {
      ecs: new ECSClient(config),
      ecr: new ECRClient(config),
      elb: new ElasticLoadBalancingV2Client(config),
      cloudwatch: new CloudWatchClient(config),
    },
    clock: simulatorClock(sim),
    logger,
  };
  return { sim, context, logger };
}

/** Deploy options for image `tag` on service `web` of cluster `prod`. */
function deployImage(tag: string, options: Partial<DeployOptions> = {}): DeployOptions {
  return {
    cluster: 'prod',
    services: ['web'],
    overrides: { images: new Map([['web', image(tag)]]) },
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode: 'deployment',
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    keepRevisions: 0,
    dryRun: false,
    provenance: { commit: 'abc123' },
    ...options,
  };
}

async function describeWeb(context: EngineContext) {
  const response = await context.clients.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
  );
  return response.services![0];
}

function mutatingOperations(sim: Simulator): string[] {
  return sim.world.log
    .list()
    .filter((call) => call.mutating)
    .map((call) => call.operation);
}

/** Registers shop-web with `tag` and points the service at it, as another run would. */
async function startOtherDeployment(context: EngineContext, tag: string): Promise<string> {
  const { ecs } = context.clients;
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(image(tag)) as never),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  const updated = await ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: arn }),
  );
  return updated.service!.deployments!.find((deployment) => deployment.status === 'PRIMARY')!.id!;
}

test('deploy: registers the new revision, updates the service, waits for it and tags it healthy', async () => {
  engine = await startEngine();
  const { context, sim } = engine;
  const startedAt = context.clock.now();

  const report = await deploy(context, deployImage('v2'));

  expect(report.outcome).toBe('deployed');
  expect(report.failure).toBeUndefined();
  expect(report.registered).toBe(true);
  expect(report.taskDefinitionArn).toMatch(/task-definition\/shop-web:2$/);
  expect(report.services).toHaveLength(1);
  expect(report.services[0]).toMatchObject({
    service: 'web',
    action: 'updated',
    previousTaskDefinitionArn: expect.stringMatching(/shop-web:1$/),
    deploymentId: expect.stringMatching(/^ecs-svc\//),
    wait: { status: 'completed', runningCount: 2, desiredCount: 2 },
  });
  expect(report.timeline.map((event) => event.message)).toContain('deployment of shop-web:2 started');
  // The rollout took simulated minutes, measured on the simulator's clock.
  expect(report.finishedAt - startedAt).toBeGreaterThan(10_000);

  const service = await describeWeb(context);
  expect(service.taskDefinition).toBe(report.taskDefinitionArn);
  expect(service.deployments).toHaveLength(1);
  expect(service.deployments![0].rolloutState).toBe('COMPLETED');
  expect(mutatingOperations(sim)).toEqual(['RegisterTaskDefinition', 'UpdateService', 'TagResource']);
  const update = sim.world.log.list().find((call) => call.operation === 'UpdateService')!;
  expect(update.params).toMatchObject({
    cluster: 'prod',
    service: 'web',
    taskDefinition: report.taskDefinitionArn,
  });
}, 60_000);

test('deploy: a revision that never gets healthy times out and is rolled back to the previous one', async () => {
  // No circuit breaker: ECS keeps replacing the failing tasks, so the kit's timeout decides.
  engine = await startEngine({ [image('broken')]: { kind: 'never-healthy' } }, { circuitBreaker: false });
  const { context, sim } = engine;

  const report = await deploy(context, deployImage('broken', { timeoutMs: 5 * 60_000 }));

  expect(report.outcome).toBe('rolled-back');
  expect(report.failure).toMatch(
    /^deployment failed and was rolled back \(web: timeout: not complete after 300s: /,
  );
  expect(report.services[0].wait?.status).toBe('timeout');
  expect(report.services[0].rollback).toMatchObject({
    status: 'completed',
    taskDefinitionArn: expect.stringMatching(/shop-web:1$/),
  });
  const service = await describeWeb(context);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
  const primary = service.deployments!.find((deployment) => deployment.status === 'PRIMARY')!;
  expect(primary.rolloutState).toBe('COMPLETED');
  // The kit's own rollback: a second UpdateService back to :1, and no healthy tag on the failed revision.
  const updates = sim.world.log.list().filter((call) => call.operation === 'UpdateService');
  expect(updates.map((call) => String(call.params.taskDefinition).split('/').pop())).toEqual([
    'shop-web:2',
    'shop-web:1',
  ]);
  expect(mutatingOperations(sim)).not.toContain('TagResource');
}, 60_000);

test('waitForRollouts fails a followed deployment that is on another revision, naming both', async () => {
  engine = await startEngine();
  const { context } = engine;
  const deploymentId = await startOtherDeployment(context, 'v2');
  const [result] = await waitForRollouts(context, {
    cluster: 'prod',
    rollouts: [
      {
        service: 'web',
        deploymentId,
        taskDefinitionArn: 'arn:aws:ecs:us-east-1:1:task-definition/shop-web:9',
      },
    ],
    timeoutMs: 60_000,
  });
  expect(result.status).toBe('failed');
  expect(result.reason).toBe(
    `deployment ${deploymentId} runs shop-web:2, not shop-web:9 that this run expects`,
  );
}, 60_000);

test('waitForRollouts follows a deployment to completion on the simulated clock', async () => {
  engine = await startEngine({ [image('v2')]: { kind: 'healthy', startDelayMs: 20_000 } });
  const { context } = engine;
  const deploymentId = await startOtherDeployment(context, 'v2');
  const taskDefinitionArn = (await describeWeb(context)).taskDefinition!;
  const events: string[] = [];
  const startedAt = context.clock.now();

  const [result] = await waitForRollouts(context, {
    cluster: 'prod',
    rollouts: [{ service: 'web', deploymentId, taskDefinitionArn }],
    timeoutMs: 30 * 60_000,
    onEvent: (event) => events.push(event.message),
  });

  expect(result).toMatchObject({ service: 'web', status: 'completed', deploymentId, runningCount: 2 });
  expect(context.clock.now() - startedAt).toBeGreaterThanOrEqual(20_000);
  expect(events.at(-1)).toMatch(/^completed: 2\/2 running/);
  const primary = (await describeWeb(context)).deployments!.find((d) => d.status === 'PRIMARY')!;
  expect(primary).toMatchObject({ id: deploymentId, rolloutState: 'COMPLETED' });
}, 60_000);

test('settleInProgress waits for a deployment in progress, then returns the settled services', async () => {
  // A slow first deployment, given a long grace period so it is waited on rather than replaced.
  engine = await startEngine(
    { [image('slow')]: { kind: 'slow-start', startDelayMs: 300_000 } },
    { gracePeriodSeconds: 3600 },
  );
  const { context, logger } = engine;
  const deploymentId = await startOtherDeployment(context, 'slow');
  const startedAt = context.clock.now();

  const settled = await settleInProgress(
    context,
    { cluster: 'prod', services: ['web'], policy: 'wait', timeoutMs: 30 * 60_000 },
    [await describeWeb(context)],
  );

  expect(context.clock.now() - startedAt).toBeGreaterThanOrEqual(300_000);
  const primary = settled[0].deployments!.find((deployment) => deployment.status === 'PRIMARY')!;
  expect(primary).toMatchObject({ id: deploymentId, rolloutState: 'COMPLETED' });
  expect(logger.lines).toContainEqual(
    expect.stringMatching(
      /^web: deployment ecs-svc\/\d+ \(shop-web:2\) is in progress; waiting for it to finish first/,
    ),
  );
  expect(logger.lines).toContain('the earlier deployment finished; deploying now');
}, 60_000);

test('deploy queues behind a deployment in progress: nothing is registered until it completes', async () => {
  engine = await startEngine(
    { [image('slow')]: { kind: 'slow-start', startDelayMs: 300_000 } },
    { gracePeriodSeconds: 3600 },
  );
  const { context, sim } = engine;
  await startOtherDeployment(context, 'slow');
  const otherUpdate = sim.world.log.list().length - 1;

  const report = await deploy(context, deployImage('v3'));

  expect(report.outcome).toBe('deployed');
  expect(report.taskDefinitionArn).toMatch(/shop-web:3$/);
  expect(report.services[0].previousTaskDefinitionArn).toMatch(/shop-web:2$/);
  expect((await describeWeb(context)).taskDefinition).toBe(report.taskDefinitionArn);
  // Between the other run's UpdateService and this run's RegisterTaskDefinition, the first rollout finished.
  const calls = sim.world.log.list();
  const register = calls.findIndex(
    (call, index) => index > otherUpdate && call.operation === 'RegisterTaskDefinition',
  );
  const reads = calls
    .slice(otherUpdate + 1, register)
    .filter((call) => call.operation === 'DescribeServices');
  expect(reads.length).toBeGreaterThan(1);
  expect(mutatingOperations(sim)).toEqual([
    'RegisterTaskDefinition',
    'UpdateService',
    'RegisterTaskDefinition',
    'UpdateService',
    'TagResource',
  ]);
}, 60_000);
