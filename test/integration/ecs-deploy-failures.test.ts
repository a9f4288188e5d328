/** ecs-deploy: failing rollouts (circuit breaker, timeout), the family guard and dry runs against the simulator. */
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  startRunUntilUpdating,
  stopDeployHarness,
  writeWorkspaceFile,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

const fastWorld = (circuitBreaker = true) =>
  rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30, circuitBreaker });

test('circuit breaker: the failed rollout is rolled back, explained, and the step fails', async () => {
  harness = await startDeployHarness({
    ...fastWorld(),
    behaviours: { [image('broken')]: { kind: 'crash-loop', crashAfterMs: 3000, exitCode: 137 } },
  });
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('broken') });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('rolled-back');
  expect(result.outputs['task-definition-arn']).toMatch(/shop-web:2$/);
  const error = result.annotations.find((annotation) => annotation.level === 'error');
  expect(error?.message).toMatch(/^ecs-deploy failed: deployment failed and was rolled back \(web: failed: /);
  expect(error?.message).toMatch(/circuit breaker/i);
  const service = await describeService(harness);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
  expect(service.deployments!.find((deployment) => deployment.status === 'PRIMARY')!.rolloutState).toBe(
    'COMPLETED',
  );
  expect(result.summary).toContain('### Why it failed');
  expect(result.summary).toMatch(/exited 137|Essential container/);
  // ECS rolled back by itself; the kit followed that rollback instead of starting another one.
  expect(mutatingCalls(harness).filter((call) => call.operation === 'UpdateService')).toHaveLength(1);
}, 90_000);

test('a rollback also puts back the desired count the failed run changed', async () => {
  harness = await startDeployHarness({
    ...fastWorld(false),
    behaviours: { [image('stuck')]: { kind: 'slow-start', startDelayMs: 3_600_000 } },
  });
  const result = await runDeploy(harness, {
    'container-name': 'web',
    image: image('stuck'),
    'desired-count': 4,
    timeout: '2m',
  });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('rolled-back');
  const updates = mutatingCalls(harness).filter((call) => call.operation === 'UpdateService');
  expect(updates.map((call) => call.params.desiredCount)).toEqual([4, 2]);
  const service = await describeService(harness);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
  expect(service.desiredCount).toBe(2);
}, 90_000);

test('timeout: the kit rolls back to the previous revision and waits for it', async () => {
  harness = await startDeployHarness({
    ...fastWorld(false),
    behaviours: { [image('stuck')]: { kind: 'slow-start', startDelayMs: 3_600_000 } },
  });
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('stuck'), timeout: '2m' });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('rolled-back');
  expect(result.stdout).toMatch(/timeout: not complete after 120s/);
  const updates = mutatingCalls(harness).filter((call) => call.operation === 'UpdateService');
  expect(updates.map((call) => String(call.params.taskDefinition))).toEqual([
    expect.stringMatching(/shop-web:2$/),
    expect.stringMatching(/shop-web:1$/),
  ]);
  const service = await describeService(harness);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
  expect(service.deployments).toHaveLength(1);
}, 90_000);

test('a failure with rollback-on-failure false leaves the service and reports failed', async () => {
  harness = await startDeployHarness({
    ...fastWorld(false),
    behaviours: { [image('stuck')]: { kind: 'slow-start', startDelayMs: 3_600_000 } },
  });
  const result = await runDeploy(harness, {
    'container-name': 'web',
    image: image('stuck'),
    timeout: '1m',
    'rollback-on-failure': false,
  });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('failed');
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:2$/);
}, 90_000);

test('family guard: refuses another family, naming service and both families, with no mutating call', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(harness, 'api.json', { ...webTaskDefinition(), family: 'shop-api' });
  const result = await runDeploy(harness, { 'task-definition': file });
  expectExit(result, 1);
  expect(result.annotations.find((annotation) => annotation.level === 'error')?.message).toBe(
    "ecs-deploy failed: service 'web' runs task definition family 'shop-web', refusing to deploy family 'shop-api' (set allow-family-change: true if this is intended)",
  );
  expect(mutatingCalls(harness)).toEqual([]);
  expect(result.summary).toContain(
    "## ❌ ecs-deploy: failed\n\n> **service 'web' runs task definition family 'shop-web'",
  );
  const allowed = await runDeploy(harness, { 'task-definition': file, 'allow-family-change': true });
  expectExit(allowed, 0);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-api:1$/);
}, 60_000);

test('dry run: prints the plan and the diff, makes no mutating call', async () => {
  harness = await startDeployHarness(fastWorld());
  const result = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v2'),
    secrets: 'web:DB_PASSWORD=arn:aws:ssm:us-east-1:123456789012:parameter/shop/db',
    cpu: '512',
    'dry-run': true,
  });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('planned');
  expect(result.outputs['task-definition-arn']).toBe('');
  expect(result.outputs.diff.split('\n')).toEqual([
    'task cpu: 256 → 512',
    `web image: ${image('v1')} → ${image('v2')}`,
    'web secrets: added DB_PASSWORD',
  ]);
  expect(result.summary).toContain('## 📝 ecs-deploy: planned');
  expect(result.summary).not.toContain('parameter/shop/db');
  expect(mutatingCalls(harness)).toEqual([]);
}, 60_000);

test('healthy mode: targets that never turn healthy fail the gate and the kit rolls back', async () => {
  harness = await startDeployHarness({
    ...fastWorld(false),
    behaviours: { [image('sick')]: { kind: 'never-healthy' } },
  });
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('sick'), wait: 'healthy' });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('rolled-back');
  const service = await describeService(harness);
  expect(service.taskDefinition).toMatch(/shop-web:1$/);
  expect(service.deployments).toHaveLength(1);
}, 90_000);

test('a throttling storm (20% of calls) still deploys, with every update made once', async () => {
  harness = await startDeployHarness(fastWorld());
  harness.sim.world.faults.configure({ seed: 3, rules: [{ throttlePercent: 20 }] });
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v2') });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const throttled = harness.sim.world.log.list().filter((call) => call.fault === 'throttle');
  expect(throttled.length).toBeGreaterThan(0);
  const applied = mutatingCalls(harness).filter((call) => call.outcome === 'ok');
  expect(applied.filter((call) => call.operation === 'RegisterTaskDefinition')).toHaveLength(1);
  expect(applied.filter((call) => call.operation === 'UpdateService')).toHaveLength(1);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:2$/);
}, 90_000);

test('a run superseded by another deployment (in-progress: replace) fails naming it, and does not roll back over it', async () => {
  harness = await startDeployHarness({
    ...fastWorld(false),
    behaviours: { [image('slow')]: { kind: 'slow-start', startDelayMs: 600_000 } },
  });
  // Start the second run once the first one's deployment exists.
  const { result: first } = await startRunUntilUpdating(harness, {
    'container-name': 'web',
    image: image('slow'),
    timeout: '30m',
  });
  const second = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v3'),
    'in-progress': 'replace',
  });
  const firstResult = await first;
  expectExit(second, 0);
  expectExit(firstResult, 1);
  expect(firstResult.outputs.outcome).toBe('failed');
  expect(firstResult.annotations.find((annotation) => annotation.level === 'error')?.message).toMatch(
    /superseded by another deployment \(ecs-svc\/\d+, shop-web:3\).*not rolled back/,
  );
  const updates = mutatingCalls(harness)
    .filter((call) => call.operation === 'UpdateService')
    .map((call) => String(call.params.taskDefinition).split('/').pop());
  expect(updates).toEqual(['shop-web:2', 'shop-web:3']);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:3$/);
}, 120_000);
