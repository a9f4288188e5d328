/**
 * preview.yml with an image set, end to end: a pull request's caller workflow (the kit's reusable workflows
 * referenced as `./.github/workflows/`, as the runner resolves them) builds the config's two
 * images with build.yml (fake docker, pushed to the simulated ECR by digest), and preview.yml gets
 * build.yml's `images` output and deploys a preview whose template runs both: the `web` and `proxy`
 * containers of the preview's revision are the build's digests, as the config's `containers` map them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WorldSeed } from '../../sim/index.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';
import { explainRun, runWorkflow, type StepRecord } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const TIME_SCALE = 100;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const SHA = 'b'.repeat(40);

/** Template service `web` whose task definition runs `web` (repository shop) and `proxy` (repository proxy). */
function world(): WorldSeed {
  const seed = rollingWorld({ deregistrationDelaySeconds: 30, desiredCount: 1 });
  const template = seed.taskDefinitions![0] as { containerDefinitions: Record<string, unknown>[] };
  template.containerDefinitions.push({
    name: 'proxy',
    image: `${REGISTRY}/proxy:v1`,
    essential: true,
    portMappings: [{ containerPort: 9090, protocol: 'tcp' }],
  });
  seed.services![0].networkConfiguration = {
    awsvpcConfiguration: {
      subnets: ['subnet-0aa1'],
      securityGroups: ['sg-0web'],
      assignPublicIp: 'DISABLED',
    },
  };
  seed.repositories!.push({ name: 'proxy', images: [{ tags: ['v1'], sizeBytes: 1_000_000 }] });
  return seed;
}

const CONFIG = [
  'version: 1',
  'region: us-east-1',
  'cluster: prod',
  'containers:',
  '  web: app',
  '  proxy: proxy',
  'build:',
  '  images:',
  '    app: { repository: shop, context: . }',
  '    proxy: { repository: proxy, context: proxy }',
  'services:',
  '  - name: web',
  '',
].join('\n');

/** The caller: build.yml for the pull request's images, then preview.yml with build.yml's `images`. */
function caller(listenerArn: string): string {
  return `name: preview
on:
  pull_request:
    types: [opened, synchronize, reopened, closed]
permissions:
  contents: read
jobs:
  build:
    if: github.event.action != 'closed'
    uses: ./.github/workflows/build.yml
    permissions:
      contents: read
      id-token: write
      attestations: write
    with:
      role-to-assume: arn:aws:iam::123456789012:role/shop-preview
      aws-region: us-east-1
      tags: pr-\${{ github.event.pull_request.number }}-\${{ github.event.pull_request.head.sha }}
  preview:
    needs: build
    if: always() && (needs.build.result == 'success' || needs.build.result == 'skipped')
    uses: ./.github/workflows/preview.yml
    permissions:
      contents: read
      id-token: write
      pull-requests: write
      deployments: write
    with:
      role-to-assume: arn:aws:iam::123456789012:role/shop-preview
      aws-region: us-east-1
      config: .github/ecs-kit.yml
      listener-arn: ${listenerArn}
      images: \${{ needs.build.outputs.images }}
`;
}

const simulator = useSimulator({ timeScale: TIME_SCALE, region: 'us-east-1', world: world(), seed: 21 });
let github: FakeGitHub;
let scratch: string;
let workspace: string;

beforeAll(async () => {
  github = await startFakeGitHub();
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-preview-images-'));
  workspace = join(scratch, 'repo');
  const files: Record<string, string> = {
    '.github/ecs-kit.yml': CONFIG,
    Dockerfile: 'FROM node:24-alpine\nCOPY . /app\n',
    'proxy/Dockerfile': 'FROM nginx:1.27\n',
  };
  callerRepository(workspace, files);
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

async function sharedListener(): Promise<string> {
  const balancers = await simulator().elb.send(new DescribeLoadBalancersCommand({}));
  const listeners = await simulator().elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: balancers.LoadBalancers![0].LoadBalancerArn }),
  );
  return listeners.Listeners![0].ListenerArn!;
}

/** build-push's `images` output, name → reference. */
function builtImages(steps: readonly StepRecord[]): Record<string, string> {
  const build = steps.find((step) => step.uses?.endsWith('build-push') && !step.skipped)!;
  return Object.fromEntries(
    build
      .result!.outputs.images.split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

test('pull request opened: both images are built and the preview runs both by digest', async () => {
  const payload = {
    action: 'opened',
    number: 7,
    pull_request: { number: 7, head: { sha: SHA, repo: { full_name: 'acme/shop' } } },
  };
  const result = await runWorkflow(caller(await sharedListener()), {
    endpoint: simulator().sim.endpoint,
    workspace,
    event: { name: 'pull_request', payload },
    env: {
      ECS_KIT_TIME_SCALE: String(TIME_SCALE),
      GITHUB_API_URL: github.url,
      ...installFakeDocker(scratch).env,
    },
  });
  if (Object.values(result.jobs).some((job) => job.result === 'failure')) throw new Error(explainRun(result));

  const built = builtImages(result.steps);
  expect(Object.keys(built).sort()).toEqual(['app', 'proxy']);
  expect(built.app).toMatch(new RegExp(`^${REGISTRY}/shop@sha256:[0-9a-f]{64}$`));
  expect(built.proxy).toMatch(new RegExp(`^${REGISTRY}/proxy@sha256:[0-9a-f]{64}$`));

  const step = result.steps.find((entry) => entry.uses?.endsWith('/preview'))!;
  expect(step.inputs!['built-images']).toBe(
    result.steps.find((s) => s.uses?.endsWith('build-push'))!.result!.outputs.images,
  );
  expect(step.result!.outputs).toMatchObject({ service: 'web-pr-7', status: 'healthy' });

  const { services } = await simulator().ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web-pr-7', 'web'] }),
  );
  const [previewService, template] = services!;
  expect(previewService.taskDefinition).toBe(step.result!.outputs['task-definition-arn']);
  const images = async (arn: string) => {
    const { taskDefinition } = await simulator().ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn }),
    );
    return Object.fromEntries(taskDefinition!.containerDefinitions!.map((c) => [c.name!, c.image!]));
  };
  expect(await images(previewService.taskDefinition!)).toEqual({ web: built.app, proxy: built.proxy });
  expect(await images(template.taskDefinition!)).toEqual({
    web: `${REGISTRY}/shop:v1`,
    proxy: `${REGISTRY}/proxy:v1`,
  });
  expect(github.comments.map((comment) => comment.issue)).toEqual([7]);
}, 180_000);
