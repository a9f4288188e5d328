/**
 * ecs-deploy as a process with the deploy role users of the official action have (RegisterTaskDefinition,
 * DescribeServices, UpdateService, DescribeTaskDefinition, iam:PassRole): `wait: healthy` fails before any
 * mutating call naming what is missing, in the log and the job summary; `wait: deployment` deploys with
 * warnings. The simulator denies everything else as AWS would.
 */
import { afterEach, expect, test } from '@jest/globals';
import { SimControl } from '../../sim/index.js';
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

const OFFICIAL_ACTION_ROLE = [
  'ecs:RegisterTaskDefinition',
  'ecs:DescribeServices',
  'ecs:UpdateService',
  'ecs:DescribeTaskDefinition',
  'iam:PassRole',
];

async function narrowRoleHarness(): Promise<DeployHarness> {
  const started = await startDeployHarness(
    rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }),
  );
  await new SimControl(started.sim.endpoint).allowOnly(OFFICIAL_ACTION_ROLE);
  return started;
}

test('wait healthy: fails before any mutating call, naming each missing permission and the policy', async () => {
  harness = await narrowRoleHarness();
  const result = await runDeploy(harness, { 'container-name': 'web', image: image('v2'), wait: 'healthy' });
  expectExit(result, 1);
  expect(mutatingCalls(harness)).toEqual([]);
  const error = result.annotations.find((annotation) => annotation.level === 'error');
  expect(error?.message).toBe(
    'ecs-deploy failed: missing permissions ecs:ListTasks, elasticloadbalancing:DescribeTargetGroups, ' +
      'elasticloadbalancing:DescribeTargetHealth for arn:aws:sts::123456789012:assumed-role/deploy/gha: ' +
      'nothing was changed; grant what docs/iam/ecs-deploy.json lists',
  );
  expect(result.summary).toContain('elasticloadbalancing:DescribeTargetGroups');
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:1$/);
}, 60_000);

test('wait deployment: deploys, with warnings for the healthy tag and keep-revisions', async () => {
  harness = await narrowRoleHarness();
  const result = await runDeploy(harness, {
    'container-name': 'web',
    image: image('v2'),
    wait: 'deployment',
    'keep-revisions': '3',
  });
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('deployed');
  const warnings = result.annotations.filter((annotation) => annotation.level === 'warning');
  expect(warnings.map((warning) => warning.message).join('\n')).toMatch(/missing permission ecs:TagResource/);
  expect(
    mutatingCalls(harness)
      .filter((call) => call.outcome === 'ok')
      .map((call) => call.operation),
  ).toEqual(['RegisterTaskDefinition', 'UpdateService']);
  expect((await describeService(harness)).taskDefinition).toMatch(/shop-web:2$/);
}, 60_000);
