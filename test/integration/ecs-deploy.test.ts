/** ecs-deploy: the bundled action against the simulator, rolling deployments. */
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  describeService,
  explain,
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

test('happy path: renders the image, registers a tagged revision, waits for the deployment', async () => {
  harness = await startDeployHarness(fastWorld());
  const file = writeWorkspaceFile(harness, 'task-definition.json', webTaskDefinition());
  const result = await runDeploy(harness, {
    'task-definition': file,
    'container-name': 'web',
    image: image('v2'),
  });
  expect(result.code).toBe(0);
  expect(result.outputs.outcome).toBe('deployed');
  expect(result.outputs['task-definition-arn']).toMatch(/task-definition\/shop-web:2$/);
  expect(result.outputs['previous-task-definition-arn']).toMatch(/shop-web:1$/);
  const service = await describeService(harness);
  expect(service.taskDefinition).toBe(result.outputs['task-definition-arn']);
  expect(service.deployments).toHaveLength(1);
  expect(service.deployments![0].rolloutState).toBe('COMPLETED');
  expect(result.summary).toContain('```mermaid');
}, 120_000);
