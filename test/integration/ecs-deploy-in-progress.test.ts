/**
 * ecs-deploy when a service already has a deployment in progress: `wait` (default) queues behind it,
 * `fail` stops at once, a wait that outlasts `timeout` gives up, and a deployment whose tasks keep failing
 * is replaced rather than waited on. In every case nothing is registered or updated before it is settled.
 */
import { afterEach, expect, test } from '@jest/globals';
import type { ImageBehaviour, WorldSeed } from '../../sim/index.js';
import type { RunResult } from '../helpers/action.js';
import { rollingWorld } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  startRunUntilUpdating,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

/** A rolling world where a slow-starting task is given time (grace period) instead of being replaced. */
function world(behaviours: Record<string, ImageBehaviour>): WorldSeed {
  const seed = rollingWorld({
    healthCheckIntervalSeconds: 10,
    deregistrationDelaySeconds: 30,
    circuitBreaker: false,
  });
  seed.services![0].healthCheckGracePeriodSeconds = 3600;
  return { ...seed, behaviours };
}

/** Starts a first run deploying `tag`; resolves once its UpdateService reached the simulator. */
function firstRunUpdating(tag: string, timeout = '30m'): Promise<{ result: Promise<RunResult> }> {
  return startRunUntilUpdating(harness!, { 'container-name': 'web', image: image(tag), timeout });
}

function errorOf(result: RunResult): string {
  return result.annotations.find((annotation) => annotation.level === 'error')?.message ?? '';
}

const revisionsUpdated = () =>
  mutatingCalls(harness!)
    .filter((call) => call.operation === 'UpdateService')
    .map((call) => String(call.params.taskDefinition).split('/').pop());

test('wait (default): the second run queues behind the first; both deploy, one after the other', async () => {
  harness = await startDeployHarness(
    world({ [image('slow')]: { kind: 'slow-start', startDelayMs: 300_000 } }),
  );
  const { result: first } = await firstRunUpdating('slow');
  const second = await runDeploy(harness, { 'container-name': 'web', image: image('v3') });
  const firstResult = await first;
  expectExit(firstResult, 0);
  expectExit(second, 0);
  expect(firstResult.outputs.outcome).toBe('deployed');
  expect(second.outputs.outcome).toBe('deployed');
  expect(second.stdout).toMatch(
    /web: deployment ecs-svc\/\d+ \(shop-web:2\) is in progress; waiting for it to finish first/,
  );
  expect(second.stdout).toContain('the earlier deployment finished; deploying now');
  expect(revisionsUpdated()).toEqual(['shop-web:2', 'shop-web:3']);
  // The second run registered its revision only after the first deployment had completed.
  const log = harness.sim.world.log.list();
  const secondRegister = log.findIndex(
    (call) => call.operation === 'RegisterTaskDefinition' && JSON.stringify(call.params).includes(':v3'),
  );
  const firstUpdate = log.findIndex((call) => call.operation === 'UpdateService');
  expect(secondRegister).toBeGreaterThan(firstUpdate);
  expect(firstResult.outputs['task-definition-arn']).toMatch(/shop-web:2$/);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:3$/);
}, 120_000);

test('fail: the second run stops at once, naming the deployment, with no mutating call of its own', async () => {
  harness = await startDeployHarness(
    world({ [image('slow')]: { kind: 'slow-start', startDelayMs: 300_000 } }),
  );
  const { result: first } = await firstRunUpdating('slow');
  const before = mutatingCalls(harness).length;
  const second = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v3'),
    'in-progress': 'fail',
  });
  expectExit(second, 1);
  expect(errorOf(second)).toMatch(
    /^ecs-deploy failed: web: deployment ecs-svc\/\d+ \(shop-web:2\) is in progress; nothing was changed \(in-progress: fail\)$/,
  );
  expect(
    mutatingCalls(harness)
      .slice(before)
      .filter((call) => call.userAgent?.includes('ecs-kit')),
  ).toEqual([]);
  expectExit(await first, 0);
  expect(revisionsUpdated()).toEqual(['shop-web:2']);
}, 120_000);

test('wait gives up after timeout, having changed nothing', async () => {
  harness = await startDeployHarness(
    world({ [image('slow')]: { kind: 'slow-start', startDelayMs: 1_200_000 } }),
  );
  const { result: first } = await firstRunUpdating('slow', '60m');
  const second = await runDeploy(harness, { 'container-name': 'web', image: image('v3'), timeout: '2m' });
  expectExit(second, 1);
  expect(errorOf(second)).toMatch(
    /deployment ecs-svc\/\d+ \(shop-web:2\) is in progress after waiting 2 min; nothing was changed \(set in-progress: replace/,
  );
  expect(revisionsUpdated()).toEqual(['shop-web:2']);
  expect(
    harness.sim.world.log
      .list()
      .filter((call) => call.operation === 'RegisterTaskDefinition')
      .map((call) => JSON.stringify(call.params).includes(':v3')),
  ).toEqual([false]);
  expectExit(await first, 0);
}, 180_000);

test('wait does not wait on a deployment whose tasks keep failing: it replaces it with a warning', async () => {
  harness = await startDeployHarness(
    world({ [image('broken')]: { kind: 'crash-loop', crashAfterMs: 3000, exitCode: 137 } }),
  );
  // Without the circuit breaker ECS retries the broken tasks until the first run's own timeout (an hour).
  const { result: first } = await firstRunUpdating('broken', '60m');
  // Let a task fail first.
  const started = Date.now();
  while (
    !(await describeService(harness)).deployments?.some((deployment) => (deployment.failedTasks ?? 0) > 0)
  ) {
    if (Date.now() - started > 30_000) throw new Error('no task of the broken deployment failed');
    await new Promise((done) => setTimeout(done, 50));
  }
  const second = await runDeploy(harness, { 'container-name': 'web', image: image('v3') });
  expectExit(second, 0);
  expect(second.annotations.map((annotation) => annotation.message)).toContainEqual(
    expect.stringMatching(/shop-web:2\) is in progress and its tasks keep failing; this run replaces it/),
  );
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:3$/);
  await first;
}, 120_000);
