/** ecs-deploy: the config file, moving tags, desired count and cancellation, against the simulator. */
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
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

const fastWorld = (tag = 'v1') =>
  rollingWorld({ image: image(tag), healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });

test('the config file fills what the step leaves empty; explicit inputs win', async () => {
  harness = await startDeployHarness(fastWorld());
  writeWorkspaceFile(harness, 'td.json', webTaskDefinition());
  writeWorkspaceFile(
    harness,
    'ecs-kit.yml',
    [
      'version: 1',
      'region: us-east-1',
      'task-definition: td.json',
      'containers:',
      '  web: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop',
      'environment:',
      '  LOG_LEVEL: info',
      'environments:',
      '  production:',
      '    cluster: prod',
      '    services: [{ name: web, desired-count: 3 }]',
      '    environment:',
      '      LOG_LEVEL: warn',
      '',
    ].join('\n'),
  );
  const result = await runDeploy(harness, {
    cluster: undefined,
    service: undefined,
    config: 'ecs-kit.yml',
    environment: 'production',
    image: image('v2'),
  });
  expectExit(result, 0);
  const service = await describeService(harness);
  expect(service.desiredCount).toBe(3);
  const registered = await harness.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition, include: ['TAGS'] }),
  );
  const web = registered.taskDefinition!.containerDefinitions![0];
  expect(web.image).toBe(image('v2'));
  expect(web.environment).toContainEqual({ name: 'LOG_LEVEL', value: 'warn' });
  expect(registered.tags).toContainEqual({ key: 'ecs-kit:environment', value: 'production' });
}, 60_000);

test('an unchanged definition on a moving tag gets a new deployment; force false leaves it', async () => {
  harness = await startDeployHarness(fastWorld('latest'));
  const file = writeWorkspaceFile(harness, 'td.json', webTaskDefinition(image('latest')));
  const pinned = await runDeploy(harness, { 'task-definition': file, 'force-new-deployment': false });
  expectExit(pinned, 0);
  expect(pinned.outputs.outcome).toBe('unchanged');
  expect(mutatingCalls(harness)).toEqual([]);
  const result = await runDeploy(harness, { 'task-definition': file });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  expect(result.outputs['task-definition-arn']).toMatch(/shop-web:1$/);
  const updates = mutatingCalls(harness).filter((call) => call.operation === 'UpdateService');
  expect(updates).toHaveLength(1);
  expect(updates[0].params.forceNewDeployment).toBe(true);
  expect(mutatingCalls(harness).filter((call) => call.operation === 'RegisterTaskDefinition')).toEqual([]);
}, 60_000);

test('desired-count alone updates the service without a new revision', async () => {
  harness = await startDeployHarness(fastWorld());
  const result = await runDeploy(harness, { 'desired-count': 4 });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const service = await describeService(harness);
  expect(service.desiredCount).toBe(4);
  expect(service.runningCount).toBe(4);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
}, 60_000);

test('SIGTERM while waiting stops, fails the step and still writes outputs and summary', async () => {
  harness = await startDeployHarness({
    ...fastWorld(),
    behaviours: { [image('stuck')]: { kind: 'slow-start', startDelayMs: 3_600_000 } },
  });
  const result = await runDeploy(
    harness,
    { 'container-name': 'web', image: image('stuck') },
    { interrupt: { signal: 'SIGTERM', when: (stdout) => stdout.includes('IN_PROGRESS') } },
  );
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('failed');
  expect(result.annotations.some((annotation) => /cancelled by SIGTERM/.test(annotation.message))).toBe(true);
  expect(result.summary).toContain('## ❌ ecs-deploy: failed');
}, 60_000);

test('a YAML template filled with variables deploys; a secret written with value is repaired with a warning', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(
    harness,
    'task-definition.yaml',
    [
      'family: <family>',
      'networkMode: awsvpc',
      'requiresCompatibilities: [FARGATE]',
      'cpu: "256"',
      'memory: "512"',
      'executionRoleArn: arn:aws:iam::123456789012:role/ecsTaskExecutionRole',
      'containerDefinitions:',
      '  - name: web',
      '    image: ${IMAGE}',
      '    essential: true',
      '    portMappings: [{ containerPort: 8080, protocol: tcp }]',
      '    secrets:',
      '      - name: DB_PASSWORD',
      '        value: arn:aws:ssm:us-east-1:123456789012:parameter/db',
      '',
    ].join('\n'),
  );
  const result = await runDeploy(harness, {
    'task-definition': file,
    variables: `family=shop-web\nIMAGE=${image('v3')}`,
  });
  expectExit(result, 0);
  const warning = result.annotations.find((annotation) => annotation.level === 'warning');
  expect(warning?.message).toContain("secret 'DB_PASSWORD' has 'value' instead of 'valueFrom'");
  expect(warning?.properties).toContain('file=task-definition.yaml,line=13,col=9');
  const registered = await harness.ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: result.outputs['task-definition-arn'] }),
  );
  expect(registered.taskDefinition!.family).toBe('shop-web');
  expect(registered.taskDefinition!.containerDefinitions![0].image).toBe(image('v3'));
  expect(registered.taskDefinition!.containerDefinitions![0].secrets).toEqual([
    { name: 'DB_PASSWORD', valueFrom: 'arn:aws:ssm:us-east-1:123456789012:parameter/db' },
  ]);
}, 60_000);

test('rollback mode dry run names the target and changes nothing', async () => {
  harness = await startDeployHarness(fastWorld());
  expectExit(await runDeploy(harness, { 'container-name': 'web', image: image('v2') }), 0);
  const before = harness.sim.world.log.list().length;
  const result = await runDeploy(harness, { mode: 'rollback', 'rollback-to': 'shop-web:1', 'dry-run': true });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('planned');
  expect(result.outputs['task-definition-arn']).toMatch(/shop-web:1$/);
  expect(harness.sim.world.log.list(before).filter((call) => call.mutating)).toEqual([]);
}, 60_000);
