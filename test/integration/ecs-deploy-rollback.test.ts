/** ecs-deploy: rollback mode and keep-N revisions against the simulator. */
import { DescribeTaskDefinitionCommand, ListTaskDefinitionsCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

const fastWorld = () => rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });

async function deployImage(tag: string, extra: Record<string, string> = {}) {
  const result = await runDeploy(harness!, { 'container-name': 'web', image: image(tag), ...extra });
  expectExit(result, 0);
  return result.outputs['task-definition-arn'];
}

test('rollback mode returns to the last revision that reached healthy, skipping unproven ones', async () => {
  harness = await startDeployHarness(fastWorld());
  const v2 = await deployImage('v2'); // healthy
  const v3 = await deployImage('v3', { wait: 'none' }); // never confirmed healthy
  const v4 = await deployImage('v4'); // healthy, current
  expect([v2, v3, v4].map((arn) => arn.split(':').pop())).toEqual(['2', '3', '4']);
  const before = harness.sim.world.log.list().length;
  const result = await runDeploy(harness, { mode: 'rollback' });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('rolled-back');
  expect(result.outputs['task-definition-arn']).toBe(v2);
  expect(result.outputs['previous-task-definition-arn']).toBe(v4);
  expect(result.outputs.diff).toContain(`web image: ${image('v4')} → ${image('v2')}`);
  const service = await describeService(harness);
  expect(service.taskDefinition).toBe(v2);
  expect(service.deployments).toHaveLength(1);
  const mutations = harness.sim.world.log.list(before).filter((call) => call.mutating);
  expect(mutations.map((call) => call.operation)).toEqual(['UpdateService', 'TagResource']);
}, 90_000);

test('rollback mode to a given revision, and a clear error when none is healthy', async () => {
  harness = await startDeployHarness(fastWorld());
  const none = await runDeploy(harness, { mode: 'rollback' });
  expectExit(none, 1);
  expect(none.annotations[0].message).toMatch(
    /no rollback target for web on shop-web:1: no older revision of shop-web is tagged ecs-kit:healthy-at, ECS records no successful deployment of an older revision, and the service ran no other revision before; pass rollback-to/,
  );
  await deployImage('v2');
  const result = await runDeploy(harness, { mode: 'rollback', 'rollback-to': '1' });
  expectExit(result, 0);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:1$/);
}, 90_000);

test('keep-revisions deregisters old unused revisions, never the running or previous one', async () => {
  harness = await startDeployHarness(fastWorld());
  for (const tag of ['v2', 'v3', 'v4']) await deployImage(tag);
  const result = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v5'),
    'keep-revisions': 2,
  });
  expectExit(result, 0);
  const active = await harness.ecs.send(
    new ListTaskDefinitionsCommand({ familyPrefix: 'shop-web', status: 'ACTIVE', sort: 'ASC' }),
  );
  expect(active.taskDefinitionArns!.map((arn) => arn.split(':').pop())).toEqual(['4', '5']);
  const deregistered = mutatingCalls(harness).filter((call) => call.operation === 'DeregisterTaskDefinition');
  expect(deregistered.map((call) => String(call.params.taskDefinition).split(':').pop()).sort()).toEqual([
    '1',
    '2',
    '3',
  ]);
  const old = await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: 'shop-web:1' }));
  expect(old.taskDefinition!.status).toBe('INACTIVE');
  expect(result.summary).toContain('### Deregistered revisions');
}, 120_000);
