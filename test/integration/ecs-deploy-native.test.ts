/** ecs-deploy on a service with ECS native blue/green (deploymentConfiguration.strategy BLUE_GREEN). */
import { afterEach, expect, test } from '@jest/globals';
import { nativeBlueGreenWorld } from '../helpers/worlds.js';
import {
  describeService,
  expectExit,
  image,
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

test('deployment wait mode follows a native blue/green deployment to completion', async () => {
  harness = await startDeployHarness(
    nativeBlueGreenWorld({
      healthCheckIntervalSeconds: 10,
      deregistrationDelaySeconds: 30,
      bakeTimeInMinutes: 1,
    }),
  );
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v2') });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const service = await describeService(harness);
  expect(service.taskDefinition).toBe(result.outputs['task-definition-arn']);
  expect(service.deployments!.find((deployment) => deployment.status === 'PRIMARY')!.rolloutState).toBe(
    'COMPLETED',
  );
}, 90_000);
