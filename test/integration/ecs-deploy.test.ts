/** ecs-deploy: the bundled action against the simulator: rolling deployments, re-runs, several services. */
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  writeWorkspaceFile,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

const fastWorld = () => rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });

async function tagsOf(arn: string): Promise<Record<string, string>> {
  const response = await harness!.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
  );
  return Object.fromEntries((response.tags ?? []).map((tag) => [tag.key!, tag.value!]));
}

test('happy path: renders the image, registers a tagged revision, waits for the deployment', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(harness, 'task-definition.json', webTaskDefinition());
  const result = await runDeploy(harness, {
    'task-definition': file,
    'container-name': 'web',
    image: image('v2'),
    'environment-variables': 'LOG_LEVEL=debug',
    environment: 'production',
  });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  expect(result.outputs['task-definition-arn']).toMatch(/task-definition\/shop-web:2$/);
  expect(result.outputs['previous-task-definition-arn']).toMatch(/shop-web:1$/);
  expect(result.outputs['deployment-id']).toMatch(/^ecs-svc\//);
  expect(result.outputs.diff).toContain(`web image: ${image('v1')} → ${image('v2')}`);
  expect(result.outputs.diff).toContain('web environment: added LOG_LEVEL');
  const service = await describeService(harness);
  expect(service.taskDefinition).toBe(result.outputs['task-definition-arn']);
  expect(service.deployments).toHaveLength(1);
  expect(service.deployments![0].rolloutState).toBe('COMPLETED');
  const tags = await tagsOf(result.outputs['task-definition-arn']);
  expect(tags['ecs-kit:commit']).toBe('0123456789abcdef0123456789abcdef01234567');
  expect(tags['ecs-kit:run-url']).toBe('https://github.com/acme/shop/actions/runs/4242');
  expect(tags['ecs-kit:environment']).toBe('production');
  expect(Date.parse(tags['ecs-kit:deployed-at'])).not.toBeNaN();
  expect(Date.parse(tags['ecs-kit:healthy-at'])).not.toBeNaN();
  expect(result.summary).toContain('## ✅ ecs-deploy: deployed');
  expect(result.summary).toContain('```mermaid');
  expect(result.summary).not.toContain('debug');
}, 60_000);

test('a re-run with the same inputs registers nothing and reports unchanged', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(harness, 'task-definition.json', webTaskDefinition());
  const inputs = { 'task-definition': file, images: `web=${image('v2')}` };
  expect((await runDeploy(harness, inputs)).outputs.outcome).toBe('deployed');
  const before = harness.sim.world.log.list().length;
  const again = await runDeploy(harness, inputs);
  expectExit(again, 0);
  expect(again.outputs.outcome).toBe('unchanged');
  expect(again.outputs['task-definition-arn']).toMatch(/shop-web:2$/);
  expect(harness.sim.world.log.list(before).filter((call) => call.mutating)).toEqual([]);
  expect(again.summary).toContain('Nothing: the task definition is unchanged.');
}, 60_000);

test('an exported describe-task-definition file of the running revision is unchanged', async () => {
  harness = await startDeployHarness(fastWorld());
  const exported = await harness.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web:1' }),
  );
  const file = writeWorkspaceFile(harness, 'exported.json', { taskDefinition: exported.taskDefinition });
  const result = await runDeploy(harness, { 'task-definition': file });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('unchanged');
  expect(mutatingCalls(harness)).toEqual([]);
}, 60_000);

test('a revision registered by a crashed run is reused, not registered again', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(harness, 'task-definition.json', webTaskDefinition(image('v2')));
  // A run that registered but never updated the service (wait none, then the service was not touched).
  await runDeploy(harness, { 'task-definition': file, 'dry-run': true });
  const { RegisterTaskDefinitionCommand } = await import('@aws-sdk/client-ecs');
  await harness.ecs.send(new RegisterTaskDefinitionCommand(webTaskDefinition(image('v2')) as never));
  const result = await runDeploy(harness, { 'task-definition': file });
  expectExit(result, 0);
  expect(result.outputs['task-definition-arn']).toMatch(/shop-web:2$/);
  expect(mutatingCalls(harness).map((call) => call.operation)).toEqual([
    'RegisterTaskDefinition',
    'UpdateService',
    'TagResource',
  ]);
}, 60_000);

function twoContainerWorld(): WorldSeed {
  const world = fastWorld();
  const definition = webTaskDefinition();
  definition.containerDefinitions.push({
    name: 'nginx',
    image: 'public.ecr.aws/nginx/nginx:1.27',
    essential: true,
    portMappings: [{ containerPort: 80, protocol: 'tcp' }],
    environment: [],
  });
  return { ...world, taskDefinitions: [definition] };
}

test('multi-container: several images at once, environment per container', async () => {
  harness = await startDeployHarness(twoContainerWorld());
  const result = await runDeploy(harness, {
    images: `web=${image('v2')}\nnginx=public.ecr.aws/nginx/nginx:1.28`,
    'environment-variables': 'nginx:WORKERS=4\nweb:MODE=canary',
  });
  expectExit(result, 0);
  const registered = await harness.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: result.outputs['task-definition-arn'] }),
  );
  const containers = registered.taskDefinition!.containerDefinitions!;
  expect(containers.map((container) => [container.name, container.image])).toEqual([
    ['web', image('v2')],
    ['nginx', 'public.ecr.aws/nginx/nginx:1.28'],
  ]);
  expect(containers[0].environment).toEqual([{ name: 'MODE', value: 'canary' }]);
  expect(containers[1].environment).toEqual([{ name: 'WORKERS', value: '4' }]);
}, 60_000);

function webAndWorkerWorld(): WorldSeed {
  const world = fastWorld();
  return {
    ...world,
    services: [
      ...world.services!,
      {
        cluster: 'prod',
        serviceName: 'worker',
        taskDefinition: 'shop-web',
        desiredCount: 1,
        launchType: 'FARGATE',
        deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
      },
    ],
  };
}

test('multi-service: one rendered revision to web and worker, waited on together', async () => {
  harness = await startDeployHarness(webAndWorkerWorld());
  const result = await runDeploy(harness, {
    service: 'web, worker',
    'container-name': 'web',
    image: image('v2'),
  });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const ids = JSON.parse(result.outputs['deployment-ids']) as Record<string, string>;
  expect(Object.keys(ids).sort()).toEqual(['web', 'worker']);
  for (const name of ['web', 'worker']) {
    const service = await describeService(harness, name);
    expect(service.taskDefinition).toBe(result.outputs['task-definition-arn']);
    expect(service.deployments![0].rolloutState).toBe('COMPLETED');
  }
  const calls = harness.sim.world.log.list();
  expect(calls.filter((call) => call.operation === 'RegisterTaskDefinition')).toHaveLength(1);
  // Both services are updated before waiting starts, and each poll describes them in one call.
  const updates = calls.filter((call) => call.operation === 'UpdateService').map((call) => call.seq);
  const batched = calls.filter(
    (call) =>
      call.operation === 'DescribeServices' &&
      call.seq > Math.max(...updates) &&
      (call.params.services as string[]).length === 2,
  );
  expect(batched.length).toBeGreaterThan(0);
}, 60_000);

test('healthy wait mode returns when the new targets are healthy, before old tasks drain', async () => {
  harness = await startDeployHarness(
    rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 300 }),
  );
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v2'), wait: 'healthy' });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const service = await describeService(harness);
  // The old deployment is still draining (300 s deregistration delay), yet the action is done.
  expect(service.deployments!.length).toBeGreaterThan(1);
  expect(result.stdout).toContain('healthy');
}, 60_000);

test('adaptive polling: fast while tasks start, backing off while old tasks drain', async () => {
  // A slower time scale than the other tests: request time, multiplied by the scale, must stay small
  // next to the 1 s fast poll even on a loaded machine.
  harness = await startDeployHarness(
    rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 200 }),
    20,
  );
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v2') });
  expectExit(result, 0);
  const polls = harness.sim.world.log
    .list()
    .filter((call) => call.operation === 'DescribeServices')
    .map((call) => call.time);
  const waited = (polls[polls.length - 1] - polls[0]) / 1000;
  // A fixed 1 s poll would take about one call per simulated second of the 200 s drain.
  expect(waited).toBeGreaterThan(200);
  expect(polls.length).toBeLessThan(waited / 4);
  // Gaps between the wait's polls (the first gap spans registration and UpdateService).
  const gaps = polls.slice(2).map((time, index) => time - polls[index + 1]);
  const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)];
  expect(median(gaps.slice(0, 4))).toBeLessThan(median(gaps.slice(-10)) / 1.5);
  // Never beyond the 10 s cap (plus request time at this time scale).
  expect(Math.max(...gaps)).toBeLessThanOrEqual(14_000);
  // Completion is noticed within about one capped poll of the moment ECS reported it.
  const completed = harness.sim.world.timeline
    .filter((event) => event.type === 'rollout-state' && event.rolloutState === 'COMPLETED')
    .pop();
  expect(completed).toBeDefined();
  expect(polls[polls.length - 1] - completed!.time).toBeLessThanOrEqual(14_000);
}, 60_000);
