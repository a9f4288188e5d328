/**
 * The preview action's README examples and docs/configuration.md's preview section, run as written
 * against the simulator and a fake GitHub API: the custom job deploys a pull request's preview of
 * staging's web and removes it on close, the nightly sweep removes the preview of a pull request closed
 * meanwhile, and the config step takes everything but the image from the preview section (previews of
 * shop-staging's web, the first service). The examples name a placeholder listener ARN; the test puts the
 * simulated listener of the template's target group in its place (the one substitution).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, ListServicesCommand } from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { parse } from 'yaml';
import type { WorldSeed } from '../../sim/index.js';
import { docExample } from '../helpers/doc-examples.js';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { useSimulator } from '../helpers/simulator.js';
import { estate, type EstateService } from './fixtures/estates.js';
import { explainRun, runWorkflow, type WorkflowRun } from './runner/run-workflow.js';
import { stepsAsWorkflow } from './runner/step-examples.js';

const TIME_SCALE = 100;
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const PLACEHOLDER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/staging-alb/0123456789abcdef/fedcba9876543210';
const SHA = 'b'.repeat(40);
const services: EstateService[] = [
  { cluster: 'staging', name: 'web', family: 'shop', container: 'web', image: `${REGISTRY}/shop:v1` },
  { cluster: 'shop-staging', name: 'web', family: 'shop', container: 'web', image: `${REGISTRY}/shop:v1` },
  { cluster: 'shop-staging', name: 'worker', family: 'shop', container: 'web', image: `${REGISTRY}/shop:v1` },
];

function world(): WorldSeed {
  const seed = estate(services, ['shop']);
  for (const service of seed.services!) {
    service.networkConfiguration = {
      awsvpcConfiguration: {
        subnets: ['subnet-0aa1'],
        securityGroups: ['sg-0web'],
        assignPublicIp: 'DISABLED',
      },
    };
  }
  // The pull requests' images, as the pipeline's build pushed them.
  seed.repositories![0].images!.push(
    ...[21, 22, 23].map((number) => ({ tags: [`pr-${number}-${SHA}`], sizeBytes: 50_000_000 })),
  );
  return seed;
}

const simulator = useSimulator({ timeScale: TIME_SCALE, region: 'eu-west-1', world: world(), seed: 31 });
let github: FakeGitHub;
let workspace: string;
/** Cluster → the listener (estate: one per service) forwarding to its web service's target group. */
const listeners: Record<string, string> = {};

beforeAll(async () => {
  github = await startFakeGitHub();
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-preview-examples-'));
  const balancers = await simulator().elb.send(new DescribeLoadBalancersCommand({}));
  const listed = await simulator().elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: balancers.LoadBalancers![0].LoadBalancerArn }),
  );
  // estate() gives service i the listener on port 8000 + i.
  const byPort = new Map(listed.Listeners!.map((listener) => [listener.Port!, listener.ListenerArn!]));
  listeners.staging = byPort.get(8000)!;
  listeners['shop-staging'] = byPort.get(8001)!;
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github', 'ecs-kit.yml'),
    docExample('docs/configuration.md#preview-section').replaceAll(PLACEHOLDER, listeners['shop-staging']),
  );
});
afterAll(async () => {
  await github.stop();
  rmSync(workspace, { recursive: true, force: true });
});

function pullRequest(action: string, number: number) {
  const head = { sha: SHA, repo: { full_name: 'acme/shop' } };
  return { name: 'pull_request', payload: { action, number, pull_request: { number, head } } };
}

/** Runs `workflow` with `listener` in place of the placeholder listener ARN, when it names one. */
async function run(workflow: string, listener: string | undefined, options: Partial<WorkflowRun>) {
  if (listener) expect(workflow).toContain(PLACEHOLDER);
  const result = await runWorkflow(listener ? workflow.replaceAll(PLACEHOLDER, listener) : workflow, {
    endpoint: simulator().sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), AWS_REGION: 'eu-west-1', GITHUB_API_URL: github.url },
    ...options,
  });
  if (Object.values(result.jobs).some((job) => job.result === 'failure')) throw new Error(explainRun(result));
  return result;
}

/** The preview services of `cluster` (every active service but the ones the estate started with). */
async function previews(cluster: string): Promise<string[]> {
  const listed = await simulator().ecs.send(new ListServicesCommand({ cluster }));
  const described = await simulator().ecs.send(
    new DescribeServicesCommand({ cluster, services: listed.serviceArns! }),
  );
  return (described.services ?? [])
    .filter((service) => service.status === 'ACTIVE' && !['web', 'worker'].includes(service.serviceName!))
    .map((service) => service.serviceName!);
}

/** The README's custom job for a pull request event. */
const customJob = (action: string, number: number) =>
  run(docExample('actions/preview/README.md#workflow'), listeners.staging, {
    event: pullRequest(action, number),
  });

test('preview README, custom job: opened deploys a preview of web with a comment, closed removes it', async () => {
  await customJob('opened', 21);
  expect(await previews('staging')).toHaveLength(1);
  expect(github.comments.map((comment) => comment.issue)).toContain(21);
  await customJob('closed', 21);
  expect(await previews('staging')).toEqual([]);
}, 120_000);

test('preview README, nightly sweep: removes the preview of a pull request closed meanwhile', async () => {
  await customJob('opened', 22);
  expect(await previews('staging')).toHaveLength(1);
  github.pulls.set(22, 'closed');
  const steps = docExample('actions/preview/README.md#sweep');
  await run(stepsAsWorkflow(steps), listeners.staging, { event: { name: 'schedule' } });
  expect(await previews('staging')).toEqual([]);
}, 120_000);

test("preview README's config step with configuration.md's preview section: a preview of shop-staging's web", async () => {
  const steps = docExample('actions/preview/README.md#config');
  // The step names no listener: it comes from the config file, already pointed at the simulated listener.
  expect((parse(steps) as { with?: Record<string, string> }[])[1].with!['listener-arn']).toBeUndefined();
  await run(stepsAsWorkflow(steps), undefined, {
    event: pullRequest('opened', 23),
  });
  expect(await previews('shop-staging')).toHaveLength(1);
  expect(await previews('staging')).toEqual([]);
}, 120_000);
