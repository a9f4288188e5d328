/**
 * Day one on an estate the kit did not deploy: the service went from revision 1 to 2 by a plain
 * UpdateService (no kit tags). cleanup-ecr with its defaults keeps the images of both revisions (while
 * still deleting unrelated old images), and `mode: rollback` returns the service to revision 1 from ECS's
 * own record of successful service deployments.
 */
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { runAction } from '../helpers/action.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import type { ImageSeed } from '../../sim/ecr/model.js';
import {
  describeService,
  expectExit,
  image,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

const DAY = 86_400_000;

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

/** v1 and v2 are older than twelve newer builds, so keep-newest (10 by default) alone would delete them. */
function repositoryImages(): ImageSeed[] {
  const now = Date.now();
  return [
    { tags: ['v1'], pushedAt: now - 60 * DAY, sizeBytes: 1 },
    { tags: ['v2'], pushedAt: now - 59 * DAY, sizeBytes: 1 },
    ...Array.from({ length: 12 }, (_, i) => ({
      tags: [`build-${i + 1}`],
      pushedAt: now - (i + 1) * DAY,
      sizeBytes: 1,
    })),
    { tags: ['ancient'], pushedAt: now - 90 * DAY, sizeBytes: 1 },
  ];
}

/** Tags left in `shop`. */
function remainingTags(): string[] {
  return harness!.sim.world.ecr.listImages('shop').flatMap((entry) => entry.tags);
}

/** Advances simulated time until the service's only deployment is COMPLETED (no real sleeps). */
async function settle(): Promise<void> {
  for (let step = 0; step < 120; step++) {
    const response = await harness!.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
    );
    const deployments = response.services![0].deployments ?? [];
    if (deployments.length === 1 && deployments[0].rolloutState === 'COMPLETED') return;
    harness!.sim.world.clock.advance(10_000);
  }
  throw new Error('the service did not settle');
}

function cleanupWithDefaults() {
  return runAction('cleanup-ecr', { endpoint: harness!.sim.endpoint, inputs: { repositories: 'shop' } });
}

test('day one: cleanup keeps both revisions, rollback mode returns to revision 1', async () => {
  harness = await startDeployHarness({
    ...rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }),
    repositories: [{ name: 'shop', images: repositoryImages() }],
  });
  // Revision 2 by hand, as the console or another tool would: no kit tags anywhere.
  const registered = await harness.ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(image('v2')) as never),
  );
  const revision2 = registered.taskDefinition!.taskDefinitionArn!;
  await harness.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition: revision2 }),
  );
  await settle();
  expect(revision2).toMatch(/shop-web:2$/);

  const cleaned = await cleanupWithDefaults();
  expectExit(cleaned, 0);
  expect(remainingTags()).toEqual(expect.arrayContaining(['v1', 'v2']));
  // It still deletes what nothing needs: the two oldest builds beyond the newest ten, and `ancient`.
  expect(remainingTags()).not.toEqual(expect.arrayContaining(['ancient']));
  expect(cleaned.outputs['deleted-count']).toBe('3');
  expect(cleaned.summary).toContain(
    'rollback target shop-web:1 of prod/web (target of a successful ECS service deployment',
  );

  const rolledBack = await runDeploy(harness, { mode: 'rollback' });
  expectExit(rolledBack, 0);
  expect(rolledBack.outputs.outcome).toBe('rolled-back');
  expect(rolledBack.outputs['task-definition-arn']).toMatch(/shop-web:1$/);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:1$/);

  const again = await cleanupWithDefaults();
  expectExit(again, 0);
  expect(remainingTags()).toEqual(expect.arrayContaining(['v1', 'v2']));
  expect(again.outputs['deleted-count']).toBe('0');
}, 120_000);
