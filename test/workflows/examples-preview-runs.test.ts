/**
 * examples/workflows/preview.yml and preview-sweep.yml run against the simulator and a fake GitHub API:
 * a pull request from this repository gets a build and a preview (a copy of staging's web service with a
 * sticky comment), closing it tears the preview down, a fork's pull request gets only the notice, and the
 * nightly sweep runs. The examples name a placeholder listener ARN; the test puts the simulated
 * listener's ARN in its place (the one substitution), everything else runs as written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WorldSeed } from '../../sim/index.js';
import { exampleFile } from '../helpers/doc-examples.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { useSimulator } from '../helpers/simulator.js';
import { estate, estateTaskDefinition, type EstateService } from './fixtures/estates.js';
import { explainRun, runWorkflow, type WorkflowResult } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const TIME_SCALE = 100;
const PLACEHOLDER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/staging-alb/0123456789abcdef/fedcba9876543210';
const web: EstateService = {
  cluster: 'staging',
  name: 'web',
  family: 'shop',
  container: 'web',
  image: '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:v1',
};

function world(): WorldSeed {
  const seed = estate([web], ['shop']);
  seed.services![0].networkConfiguration = {
    awsvpcConfiguration: {
      subnets: ['subnet-0aa1'],
      securityGroups: ['sg-0web'],
      assignPublicIp: 'DISABLED',
    },
  };
  return seed;
}

const simulator = useSimulator({ timeScale: TIME_SCALE, region: 'eu-west-1', world: world(), seed: 13 });
let github: FakeGitHub;
let scratch: string;
let workspace: string;
let listenerArn: string;

beforeAll(async () => {
  github = await startFakeGitHub();
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-examples-preview-'));
  workspace = join(scratch, 'repo');
  const files: Record<string, string> = {
    '.github/ecs-kit.yml': exampleFile('examples/ecs-kit.yml'),
    '.aws/task-definition.json': JSON.stringify(estateTaskDefinition(web)),
    Dockerfile: 'FROM scratch\n',
  };
  callerRepository(workspace, files);
  const balancers = await simulator().elb.send(new DescribeLoadBalancersCommand({}));
  const listeners = await simulator().elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: balancers.LoadBalancers![0].LoadBalancerArn }),
  );
  listenerArn = listeners.Listeners![0].ListenerArn!;
});
afterAll(async () => {
  await github.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function pullRequest(action: string, options: { fork?: boolean; number?: number } = {}) {
  const number = options.number ?? 7;
  const head = { sha: 'a'.repeat(40), repo: { full_name: options.fork ? 'someone/shop' : 'acme/shop' } };
  return { name: 'pull_request', payload: { action, number, pull_request: { number, head } } };
}

/** The example workflows this file runs, by file name. */
const WORKFLOWS: Record<string, string> = {
  'preview.yml': exampleFile('examples/workflows/preview.yml'),
  'preview-sweep.yml': exampleFile('examples/workflows/preview-sweep.yml'),
};

function run(name: string, event: { name: string; payload?: Record<string, never> | object }) {
  const text = WORKFLOWS[name];
  expect(text).toContain(PLACEHOLDER);
  return runWorkflow(text.replaceAll(PLACEHOLDER, listenerArn), {
    endpoint: simulator().sim.endpoint,
    workspace,
    event: event as { name: string },
    env: {
      ECS_KIT_TIME_SCALE: String(TIME_SCALE),
      GITHUB_API_URL: github.url,
      ...installFakeDocker(scratch).env,
    },
  });
}

function expectSuccess(result: WorkflowResult): void {
  if (Object.values(result.jobs).some((job) => job.result === 'failure')) throw new Error(explainRun(result));
}

async function previewServices(): Promise<string[]> {
  const listed = await simulator().ecs.send(new ListServicesCommand({ cluster: 'staging' }));
  const arns = listed.serviceArns ?? [];
  if (arns.length === 0) return [];
  const described = await simulator().ecs.send(
    new DescribeServicesCommand({ cluster: 'staging', services: arns }),
  );
  return (described.services ?? [])
    .filter((service) => service.status === 'ACTIVE' && service.serviceName !== 'web')
    .map((service) => service.serviceName!);
}

test('preview.yml, pull request opened: build, then a preview of web with a sticky comment', async () => {
  const result = await run('preview.yml', pullRequest('opened'));
  expectSuccess(result);
  const build = result.steps.find((step) => step.uses?.endsWith('build-push'))!;
  expect(build.inputs!.tags).toBe(`pr-7-${'a'.repeat(40)}`);
  const preview = result.steps.find((step) => step.uses?.endsWith('/preview'))!;
  expect(preview.inputs!.mode).toBe('deploy');
  expect(preview.inputs!.image).toBe(build.result!.outputs.image);
  expect(await previewServices()).toHaveLength(1);
  expect(github.comments.map((comment) => comment.issue)).toEqual([7]);
}, 120_000);

test('preview.yml, pull request closed: no build, the preview is torn down', async () => {
  const result = await run('preview.yml', pullRequest('closed'));
  expectSuccess(result);
  expect(result.jobs.build.result).toBe('skipped');
  const preview = result.steps.find((step) => step.uses?.endsWith('/preview'))!;
  expect([preview.inputs!.mode, preview.ok]).toEqual(['teardown', true]);
  expect(await previewServices()).toEqual([]);
}, 120_000);

test('preview.yml, pull request from a fork: no build, no credentials, a notice says why', async () => {
  const result = await run('preview.yml', pullRequest('opened', { fork: true }));
  expectSuccess(result);
  expect(result.steps.filter((step) => step.result)).toEqual([]);
  const notice = result.steps.find((step) => step.job === 'preview/fork')!;
  expect(notice.output).toContain(
    '::notice title=No preview for forks::This pull request comes from someone/shop.',
  );
}, 120_000);

test('preview-sweep.yml on schedule: removes the preview of a pull request closed meanwhile', async () => {
  expectSuccess(await run('preview.yml', pullRequest('opened', { number: 8 })));
  expect(await previewServices()).toHaveLength(1);
  // Closed without its close event reaching the workflow (e.g. it failed): only the sweep can clean up.
  github.pulls.set(8, 'closed');
  const result = await run('preview-sweep.yml', { name: 'schedule' });
  expectSuccess(result);
  const sweep = result.steps.find((step) => step.uses?.endsWith('/preview'))!;
  expect([sweep.inputs!.mode, sweep.ok]).toEqual(['sweep', true]);
  expect(await previewServices()).toEqual([]);
}, 120_000);
