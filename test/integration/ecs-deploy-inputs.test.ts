/** ecs-deploy: every kind of bad input fails with one clear error, exit 1 and no mutating AWS call. */
import { afterAll, beforeAll, expect, test } from '@jest/globals';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import type { RunResult } from '../helpers/action.js';
import {
  expectExit,
  image,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  writeWorkspaceFile,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness;
beforeAll(async () => {
  harness = await startDeployHarness(rollingWorld());
  writeWorkspaceFile(harness, 'web.json', webTaskDefinition());
  writeWorkspaceFile(
    harness,
    'bad.json',
    '{\n  "family": "shop-web",\n  "containerDefinitions": [\n    {"name": "web",}\n  ]\n}\n',
  );
  writeWorkspaceFile(
    harness,
    'bad.yaml',
    'family: shop-web\ncontainerDefinitions:\n  - name: web\n    image: [nginx\n',
  );
  writeWorkspaceFile(harness, 'placeholder.json', webTaskDefinition('<IMAGE1_NAME>'));
  writeWorkspaceFile(harness, 'extra.json', { ...webTaskDefinition(), inferenceAccelerator: [] });
});
afterAll(async () => {
  await stopDeployHarness(harness);
});

function failure(result: RunResult): string {
  expectExit(result, 1);
  const errors = result.annotations.filter((annotation) => annotation.level === 'error');
  expect(errors.length).toBeGreaterThan(0);
  return errors[errors.length - 1].message;
}

/** Input errors must stop the action before it talks to AWS at all. */
async function failsBeforeAws(inputs: Record<string, string>, env?: Record<string, string | undefined>) {
  const before = harness.sim.world.log.list().length;
  const result = await runDeploy(harness, inputs, { env });
  expect(harness.sim.world.log.list().length).toBe(before);
  return result;
}

test.each([
  [{ 'task-definition': 'missing.json' }, 'ecs-deploy failed: missing.json: file not found'],
  [
    { 'container-name': 'web', image: 'shop::v2' },
    "input 'image': image for container 'web' 'shop::v2' has an invalid repository 'shop:'",
  ],
  [
    { images: 'web=${IMAGE}' },
    "input 'images': image for container 'web' '${IMAGE}' looks like an unreplaced placeholder",
  ],
  [{ image: image('v2') }, "input 'image': needs container-name"],
  [{ wait: 'forever' }, "input 'wait': expected one of none, deployment, healthy, got 'forever'"],
  [{ timeout: 'soon' }, "input 'timeout': expected a duration such as 90s, 10m or 1h, got 'soon'"],
  [
    { 'worker-settle': 'a while' },
    "input 'worker-settle': expected a duration such as 90s, 10m or 1h, got 'a while'",
  ],
  [{ cpu: 'lots' }, "input 'cpu': expected a size such as 512 or 1 vCPU, got 'lots'"],
  [
    { service: 'web/api' },
    "input 'service': expected a service name (letters, digits, - and _, at most 255) or service ARN, got 'web/api'",
  ],
  [{ mode: 'rollback', images: `web=${image('v2')}` }, "input 'images': is not used with mode: rollback"],
  [
    { 'environment-variables': 'JUST_A_NAME' },
    "input 'environment-variables': expected KEY=value on each line",
  ],
])('%j fails before any AWS call', async (inputs, message) => {
  const result = await failsBeforeAws(inputs);
  expect(failure(result)).toContain(message);
});

test('invalid JSON: line and column, annotated at the file', async () => {
  const result = await failsBeforeAws({ 'task-definition': 'bad.json' });
  expect(failure(result)).toBe(
    `ecs-deploy failed: bad.json:4:20: invalid JSON: unexpected "}\\n  ]\\n}\\n", expected a double-quoted property name`,
  );
  expect(result.annotations[0].properties).toContain('file=bad.json,line=4,col=20');
});

test('invalid YAML: line and column', async () => {
  const result = await failsBeforeAws({ 'task-definition': 'bad.yaml' });
  expect(failure(result)).toMatch(/^ecs-deploy failed: bad\.yaml:5:1: invalid YAML: /);
});

test('an unreplaced placeholder image is annotated at its JSON path', async () => {
  const result = await failsBeforeAws({ 'task-definition': 'placeholder.json' });
  expect(failure(result)).toContain(
    "containerDefinitions[0].image: container 'web' image '<IMAGE1_NAME>' looks like an unreplaced placeholder",
  );
  expect(result.annotations[0].properties).toMatch(
    /title=task definition containerDefinitions\[0\]\.image,file=placeholder\.json,line=13,col=16/,
  );
});

test('an unknown task definition field is named with its position', async () => {
  const result = await failsBeforeAws({ 'task-definition': 'extra.json' });
  expect(failure(result)).toContain(
    "extra.json:29:3: inferenceAccelerator: unknown field 'inferenceAccelerator'",
  );
});

test('a container that is not in the task definition lists the containers there', async () => {
  const result = await failsBeforeAws({
    'task-definition': 'web.json',
    'container-name': 'api',
    image: image('v2'),
  });
  expect(failure(result)).toContain(
    "images: container 'api' is not in task definition shop-web (containers: web)",
  );
});

test('a container missing from the running task definition: read calls only', async () => {
  const result = await runDeploy(harness, { images: `api=${image('v2')}` });
  expect(failure(result)).toContain("container 'api' is not in task definition shop-web (containers: web)");
  expect(mutatingCalls(harness)).toEqual([]);
});

test('no region', async () => {
  const result = await failsBeforeAws(
    { 'container-name': 'web', image: image('v2') },
    { AWS_REGION: undefined },
  );
  expect(failure(result)).toContain("input 'aws-region': no AWS region");
});

test('no credentials', async () => {
  const result = await failsBeforeAws(
    { 'container-name': 'web', image: image('v2') },
    { AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined },
  );
  expect(failure(result)).toContain('no AWS credentials');
});

test('unknown cluster and unknown service are named', async () => {
  const cluster = await runDeploy(harness, {
    cluster: 'staging',
    'container-name': 'web',
    image: image('v2'),
  });
  expect(failure(cluster)).toBe(
    "ecs-deploy failed: cluster 'staging' not found in us-east-1; clusters in us-east-1: prod",
  );
  const typo = await runDeploy(harness, { cluster: 'prd', 'container-name': 'web', image: image('v2') });
  expect(failure(typo)).toBe(
    "ecs-deploy failed: cluster 'prd' not found in us-east-1 (did you mean 'prod'?); clusters in us-east-1: prod",
  );
  const service = await runDeploy(harness, {
    service: 'web\nghost',
    'container-name': 'web',
    image: image('v2'),
  });
  expect(failure(service)).toBe(
    "ecs-deploy failed: service 'ghost' not found in cluster 'prod'; services in the cluster: web",
  );
  const misspelt = await runDeploy(harness, { service: 'wbe', 'container-name': 'web', image: image('v2') });
  expect(failure(misspelt)).toBe(
    "ecs-deploy failed: service 'wbe' not found in cluster 'prod' (did you mean 'web'?); services in the cluster: web",
  );
  expect(mutatingCalls(harness)).toEqual([]);
});
