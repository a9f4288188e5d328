/**
 * preview driven by the kit's config file: the bundled action run as a process with only `config`,
 * `environment` and the pull request's own values. Cluster, template service, container, listener, routing,
 * count and target group settings all come from the file (base `preview:` merged with the environment's).
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTargetGroupAttributesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { runAction, type RunResult } from '../helpers/action.js';
import { listenerArn, startHarness, stopHarness, type Harness } from './wait-healthy-kit.js';
import {
  PREVIEW_TIME_SCALE,
  describeService,
  expectSuccess,
  listenerRules,
  mutatingCalls,
  prImage,
  previewWorld,
  targetGroupNames,
} from './preview-kit.js';

let harness: Harness | undefined;

afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

/** The config file: the base sets some preview settings, staging the listener and the rest. */
function config(listener: string, stagingPreview: string[] = []): string {
  return [
    'version: 1',
    'region: us-east-1',
    'containers:',
    '  web: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop',
    '  proxy: public.ecr.aws/nginx/nginx:1.27',
    'preview:',
    '  max-previews: 5',
    '  priority-base: 41000',
    '  deregistration-delay: 45s',
    '  health-timeout: 10m',
    'environments:',
    '  staging:',
    '    cluster: prod',
    '    services: [{ name: web }]',
    '    preview:',
    `      listener-arn: ${listener}`,
    '      domain: preview.example.com',
    '      desired-count: 2',
    '      priority-range: 100',
    ...stagingPreview.map((line) => `      ${line}`),
    '',
  ].join('\n');
}

/** A workspace holding `.github/ecs-kit.yml` with `text`. */
function workspaceWith(text: string): string {
  const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-preview-config-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), text);
  return workspace;
}

/** Runs the bundled preview action with the config file and `inputs`, AWS_REGION unset. */
function previewWithConfig(
  target: Harness,
  workspace: string,
  inputs: Record<string, string | number | boolean>,
): Promise<RunResult> {
  return runAction('preview', {
    endpoint: target.sim.endpoint,
    workspace,
    inputs: { config: '.github/ecs-kit.yml', environment: 'staging', ...inputs },
    env: { ECS_KIT_TIME_SCALE: String(PREVIEW_TIME_SCALE), AWS_REGION: undefined },
  });
}

async function deregistrationDelay(target: Harness, targetGroupArn: string): Promise<string | undefined> {
  const { Attributes } = await target.elb.send(
    new DescribeTargetGroupAttributesCommand({ TargetGroupArn: targetGroupArn }),
  );
  return Attributes?.find((attribute) => attribute.Key === 'deregistration_delay.timeout_seconds')?.Value;
}

test('deploys a preview from the config alone: service, target group and rule take its values', async () => {
  harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
  const listener = await listenerArn(harness, 80);
  const workspace = workspaceWith(config(listener));

  const result = await previewWithConfig(harness, workspace, {
    'pull-request': 12,
    image: prImage(12, 'aaa'),
    comment: false,
    'github-deployment': false,
  });
  expectSuccess(result);

  expect(result.outputs).toMatchObject({
    service: 'web-pr-12',
    status: 'healthy',
    // priority-base 41000 (base) + 12 mod priority-range 100 (staging).
    priority: '41012',
    url: 'http://pr-12.preview.example.com',
  });
  const service = await describeService(harness, 'web-pr-12');
  expect(service).toMatchObject({ status: 'ACTIVE', desiredCount: 2, launchType: 'FARGATE' });
  expect(service?.loadBalancers).toEqual([
    { targetGroupArn: result.outputs['target-group-arn'], containerName: 'web', containerPort: 8080 },
  ]);
  expect(result.outputs['task-definition-arn']).toMatch(/task-definition\/shop-web-pr-12:1$/);
  expect(await targetGroupNames(harness)).toEqual(['web-pr-12', 'web-tg']);
  expect(await deregistrationDelay(harness, result.outputs['target-group-arn'])).toBe('45');
  expect(await listenerRules(harness)).toEqual([
    {
      arn: result.outputs['rule-arn'],
      priority: 41012,
      values: ['pr-12.preview.example.com'],
      targetGroupArn: result.outputs['target-group-arn'],
    },
  ]);
  // The pull request's image went to the config's bare-repository container, web.
  const registered = harness.sim.world.log.list().find((call) => call.operation === 'RegisterTaskDefinition');
  const containers = (registered?.params.containerDefinitions ?? []) as { name: string; image: string }[];
  expect(containers.find((container) => container.name === 'web')?.image).toBe(prImage(12, 'aaa'));
  // The template is untouched.
  expect((await describeService(harness, 'web'))?.desiredCount).toBe(2);
});

test('inputs at their action.yml default give way to the config; other explicit inputs win', async () => {
  harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
  const workspace = workspaceWith(config(await listenerArn(harness, 80)));

  // The runner fills every input the step leaves out with its default: the config still wins over those
  // (wait-healthy: false is not a default, the step's own choice, to keep the run short).
  const defaults = await previewWithConfig(harness, workspace, {
    'pull-request': 7,
    image: prImage(7, 'aaa'),
    mode: 'deploy',
    'desired-count': '1',
    'max-previews': '10',
    'priority-base': '40000',
    'priority-range': '5000',
    'deregistration-delay': '30s',
    'wait-healthy': 'false',
    'image-tags': 'pr-{number}-*',
    comment: false,
    'github-deployment': false,
  });
  expectSuccess(defaults);
  expect(defaults.outputs.priority).toBe('41007');
  expect((await describeService(harness, 'web-pr-7'))?.desiredCount).toBe(2);
  expect(await deregistrationDelay(harness, defaults.outputs['target-group-arn'])).toBe('45');

  // An explicit value that is not the default wins: a cap of 1 with one preview standing refuses pr-8.
  harness.sim.world.log.clear();
  const capped = await previewWithConfig(harness, workspace, {
    'pull-request': 8,
    image: prImage(8, 'aaa'),
    'max-previews': 1,
    comment: false,
    'github-deployment': false,
  });
  expect(capped.code).toBe(1);
  expect(capped.stdout).toContain('preview cap reached: 1 of at most 1 previews exist (pr-7)');
  expect(mutatingCalls(harness)).toEqual([]);
});

test('a bad config value fails naming its path in the file, with no AWS call', async () => {
  harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
  const workspace = workspaceWith(config(await listenerArn(harness, 80), ['max-previews: 0']));
  harness.sim.world.log.clear();

  const result = await previewWithConfig(harness, workspace, {
    'pull-request': 12,
    image: prImage(12, 'aaa'),
    comment: false,
    'github-deployment': false,
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    "preview failed: input 'config': invalid config .github/ecs-kit.yml:%0Aenvironments.staging.preview.max-previews: expected a number of at least 1, got 0",
  );
  expect(result.summary).toContain('environments.staging.preview.max-previews');
  expect(mutatingCalls(harness)).toEqual([]);
  expect(harness.sim.world.log.list()).toEqual([]);
});

test('config values go through the same checks as inputs: priority-base + priority-range too high', async () => {
  harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
  const workspace = workspaceWith(config(await listenerArn(harness, 80), ['priority-base: 49990']));
  harness.sim.world.log.clear();

  const result = await previewWithConfig(harness, workspace, {
    'pull-request': 12,
    image: prImage(12, 'aaa'),
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    "input 'priority-range': priority-base + priority-range - 1 must be at most 50000, got 50089",
  );
  expect(harness.sim.world.log.list()).toEqual([]);
});
