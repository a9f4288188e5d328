/**
 * ecs-deploy and ECR images: an image that does not exist fails the step before any mutating call,
 * naming what does exist; an image that vanishes after registration fails to pull, and the rollout is
 * rolled back with CannotPullContainerError in the summary.
 */
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

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const fastWorld = () => rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });

function errorOf(result: { annotations: { level: string; message: string }[] }): string {
  return result.annotations.find((annotation) => annotation.level === 'error')?.message ?? '';
}

test.each([
  [
    'a typo in the repository',
    `${REGISTRY}/shpo:v2`,
    /image \S+\/shpo:v2 does not exist: repository shpo does not exist in registry 123456789012 \(us-east-1\); repositories there: shop, other/,
  ],
  [
    'an unpushed tag',
    `${REGISTRY}/shop:v22`,
    /image \S+\/shop:v22 does not exist: repository shop has no tag v22; nearest tags: v2, v1, v3/,
  ],
])(
  '%s fails before any mutating call, naming what exists',
  async (_label, reference, message) => {
    const world = fastWorld();
    harness = await startDeployHarness({
      ...world,
      repositories: [...world.repositories!, { name: 'other' }],
    });
    const result = await runDeploy(harness, { 'container-name': 'web', image: reference });
    expectExit(result, 1);
    expect(errorOf(result)).toMatch(message);
    expect(mutatingCalls(harness)).toEqual([]);
    expect(harness.sim.world.log.list().map((call) => call.operation)).toContain('DescribeImages');
  },
  60_000,
);

test('an image deleted after registration cannot be pulled: rolled back, CannotPullContainerError quoted', async () => {
  harness = await startDeployHarness({ ...fastWorld(), pullImages: true });
  const world = harness.sim.world;
  // The image goes away between the kit's check and the tasks' pull: right after registration.
  const handlers = world.ecs.handlers;
  const register = handlers.RegisterTaskDefinition;
  handlers.RegisterTaskDefinition = (params, context) => {
    const answer = register(params, context);
    world.ecr.deleteImage('shop', world.ecr.repository('shop').byTag('v3')!.digest);
    return answer;
  };
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v3') });
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('rolled-back');
  expect(result.summary).toContain('CannotPullContainerError');
  expect(errorOf(result)).toMatch(/rolled back/);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:1$/);
}, 90_000);
