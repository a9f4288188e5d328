/**
 * ecs-deploy's one-off tasks, the bundled action against the simulator: a migration runs from the new
 * revision before any UpdateService, a failing one updates nothing, a timeout or a cancelled run stops it,
 * and a bad task is refused before any mutating call.
 */
import { afterEach, expect, test } from '@jest/globals';
import { docExample } from '../helpers/doc-examples.js';
import type { ImageBehaviour, WorldSeed } from '../../sim/index.js';
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

const NETWORK = {
  awsvpcConfiguration: { subnets: ['subnet-0aaa0000000000001'], securityGroups: ['sg-0aaa0000000000001'] },
};

/** The rolling world with the service in a subnet and v2 behaving as `v2` says. */
function world(v2: ImageBehaviour = { kind: 'healthy' }): WorldSeed {
  const seed = rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 5 });
  return {
    ...seed,
    services: seed.services!.map((service) => ({ ...service, networkConfiguration: NETWORK })),
    behaviours: { [image('v2')]: v2 },
  };
}

/** The web task definition logging to CloudWatch (for the log link). */
function loggingTaskDefinition() {
  const definition = webTaskDefinition();
  return {
    ...definition,
    containerDefinitions: definition.containerDefinitions.map((container) => ({
      ...container,
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': '/ecs/shop',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'ecs',
        },
      },
    })),
  };
}

async function deployWithMigration(
  inputs: Record<string, string> = {},
  options: Parameters<typeof runDeploy>[2] = {},
) {
  const file = writeWorkspaceFile(harness!, 'task-definition.json', loggingTaskDefinition());
  return runDeploy(
    harness!,
    {
      'task-definition': file,
      'container-name': 'web',
      image: image('v2'),
      'before-command': '["npm", "run", "migrate"]',
      ...inputs,
    },
    options,
  );
}

const operations = () => mutatingCalls(harness!).map((call) => call.operation);

test('a passing migration runs from the new revision, then the service rolls out', async () => {
  harness = await startDeployHarness(world({ kind: 'healthy', oneOff: { exitCode: 0, durationMs: 3000 } }));
  // The inputs of the migration example in actions/ecs-deploy/README.md.
  const result = await deployWithMigration({ 'one-off-timeout': '15m' });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  expect(operations().slice(0, 3)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService']);
  const runTask = mutatingCalls(harness).find((call) => call.operation === 'RunTask')!;
  expect(runTask.params).toMatchObject({
    cluster: 'prod',
    taskDefinition: result.outputs['task-definition-arn'],
    startedBy: 'ecs-kit',
    launchType: 'FARGATE',
    networkConfiguration: NETWORK,
    overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] },
  });
  // The migration had STOPPED before the service was updated.
  const stoppedAt = harness.sim.world.timeline.find(
    (entry) => entry.type === 'task-state' && entry.lastStatus === 'STOPPED' && !entry.service,
  );
  const updatedAt = harness.sim.world.log.list().find((call) => call.operation === 'UpdateService')!;
  expect(stoppedAt).toBeDefined();
  expect(stoppedAt!.time).toBeLessThanOrEqual(updatedAt.time);
  expect(result.summary).toContain('### One-off tasks');
  expect(result.summary).toContain('exit codes web=0');
}, 60_000);

test('a failing migration stops the rollout before any service is updated', async () => {
  harness = await startDeployHarness(world({ kind: 'healthy', oneOff: { exitCode: 1 } }));
  const result = await deployWithMigration();
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('failed');
  expect(operations()).toEqual(['RegisterTaskDefinition', 'RunTask']);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:1$/);
  const error = result.annotations.find((annotation) => annotation.level === 'error')!.message;
  expect(error).toContain('Essential container in task exited');
  expect(error).toContain('exit codes web=1');
  expect(error).toContain('no service was updated');
  expect(error).toMatch(
    /https:\/\/eu-west-1\.console\.aws\.amazon\.com\/cloudwatch\/home\?region=eu-west-1#logsV2:log-groups\/log-group\/\$252Fecs\$252Fshop\/log-events\/ecs\$252Fweb\$252F[0-9a-f]{32}/,
  );
  expect(result.summary).toContain('Essential container in task exited (exit codes web=1)');
  expect(result.summary).toContain('[web](https://eu-west-1.console.aws.amazon.com/cloudwatch/');
  // The service row and the output say the service was held back, not updated.
  expect(result.summary).toMatch(/\| \[`web`\]\([^)]*\) \| not updated \|/);
  expect(JSON.parse(result.outputs.services)).toEqual([
    expect.objectContaining({
      service: 'web',
      action: 'held',
      previousTaskDefinitionArn: expect.stringMatching(/shop-web:1$/),
    }),
  ]);
}, 60_000);

test('a migration that outlives one-off-timeout is stopped and nothing is rolled out', async () => {
  harness = await startDeployHarness(world({ kind: 'healthy', oneOff: { durationMs: 3_600_000 } }));
  const result = await deployWithMigration({ 'one-off-timeout': '30s' });
  expectExit(result, 1);
  expect(operations()).toEqual(['RegisterTaskDefinition', 'RunTask', 'StopTask']);
  const stop = mutatingCalls(harness).find((call) => call.operation === 'StopTask')!;
  expect(String(stop.params.reason)).toContain('before-command timed out after 30s');
  expect(result.annotations.find((annotation) => annotation.level === 'error')!.message).toContain(
    'timed out after 30s; stopped it (StopTask)',
  );
}, 60_000);

test('a cancelled run stops the migration it started', async () => {
  harness = await startDeployHarness(world({ kind: 'healthy', oneOff: { durationMs: 3_600_000 } }));
  const result = await deployWithMigration(
    {},
    { interrupt: { signal: 'SIGTERM', when: (stdout) => stdout.includes('task RUNNING') } },
  );
  expectExit(result, 1);
  expect(operations()).toEqual(['RegisterTaskDefinition', 'RunTask', 'StopTask']);
  const task = harness.sim.world.ecs.state.clusters.get('prod')!.tasks;
  const oneOff = [...task.values()].find((candidate) => candidate.oneOff)!;
  expect(oneOff.desiredStatus).toBe('STOPPED');
}, 60_000);

test('a failing after task fails the step but leaves the healthy services on the new revision', async () => {
  harness = await startDeployHarness(world({ kind: 'healthy', oneOff: { exitCode: 2 } }));
  const result = await deployWithMigration({ 'before-command': '', 'after-command': 'rake cache:warm' });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('failed');
  expect(operations().filter((operation) => operation !== 'TagResource')).toEqual([
    'RegisterTaskDefinition',
    'UpdateService',
    'RunTask',
  ]);
  const runTask = mutatingCalls(harness).find((call) => call.operation === 'RunTask')!;
  expect(runTask.params).toMatchObject({
    group: 'ecs-kit:after',
    overrides: { containerOverrides: [{ name: 'web', command: ['sh', '-c', 'rake cache:warm'] }] },
  });
  expect((await describeService(harness)).taskDefinition).toBe(result.outputs['task-definition-arn']);
  const error = result.annotations.find((annotation) => annotation.level === 'error')!.message;
  expect(error).toContain('after-command: task');
  expect(error).toContain('exit codes web=2');
  expect(error).toContain('mode: rollback');
}, 60_000);

test('a RunTask that ECS refuses fails the step with its reason and updates nothing', async () => {
  // The seeded service has no networkConfiguration, so RunTask of its awsvpc revision is refused.
  harness = await startDeployHarness({ ...world(), services: rollingWorld().services });
  const result = await deployWithMigration();
  expectExit(result, 1);
  expect(operations()).toEqual(['RegisterTaskDefinition', 'RunTask']);
  expect(result.annotations.find((annotation) => annotation.level === 'error')!.message).toContain(
    'before-command: running the task: Network Configuration must be provided',
  );
  expect(result.summary).toContain('## ❌ ecs-deploy: failed');
}, 60_000);

test('the config example of docs/configuration.md runs its migration with its environment', async () => {
  harness = await startDeployHarness(world());
  writeWorkspaceFile(harness, 'ecs-kit.yml', docExample('docs/configuration.md#one-off-tasks'));
  const file = writeWorkspaceFile(harness, 'task-definition.json', loggingTaskDefinition());
  const result = await runDeploy(harness, {
    config: 'ecs-kit.yml',
    environment: 'production',
    'task-definition': file,
    'container-name': 'web',
    image: image('v2'),
  });
  expectExit(result, 0);
  expect(operations().slice(0, 3)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService']);
  const runTask = mutatingCalls(harness).find((call) => call.operation === 'RunTask')!;
  expect(runTask.params.overrides).toEqual({
    containerOverrides: [
      {
        name: 'web',
        command: ['npm', 'run', 'migrate'],
        environment: [{ name: 'MIGRATION_LOCK', value: '1' }],
      },
    ],
  });
}, 60_000);

test('a before task naming a container the revision lacks fails before any mutating call', async () => {
  harness = await startDeployHarness(world());
  writeWorkspaceFile(
    harness,
    'ecs-kit.yml',
    [
      'environments:',
      '  production:',
      '    deploy:',
      '      before:',
      '        - container: migrator',
      '          command: [npm, run, migrate]',
    ].join('\n'),
  );
  const file = writeWorkspaceFile(harness, 'task-definition.json', loggingTaskDefinition());
  const result = await runDeploy(harness, {
    config: 'ecs-kit.yml',
    environment: 'production',
    'task-definition': file,
    'container-name': 'web',
    image: image('v2'),
  });
  expectExit(result, 1);
  expect(operations()).toEqual([]);
  expect(result.annotations.find((annotation) => annotation.level === 'error')!.message).toContain(
    "deploy.before[0]: container 'migrator' is not in the task definition",
  );
}, 60_000);

test('a before task without a command fails before any AWS call', async () => {
  harness = await startDeployHarness(world());
  const result = await deployWithMigration({ 'before-command': '[]' });
  expectExit(result, 1);
  expect(harness.sim.world.log.list()).toEqual([]);
  expect(result.annotations.find((annotation) => annotation.level === 'error')!.message).toContain(
    "input 'before-command': needs a command",
  );
}, 60_000);
