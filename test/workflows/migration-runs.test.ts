/**
 * The three docs/migration.md conversions, run: each caller workflow as GitHub would run it (the kit's
 * reusable workflows expanded, the kit's steps as their bundles, a fake docker for the build), with the
 * example's config file, against a simulated estate with the services it names.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { estate, estateTaskDefinition, type EstateService } from './fixtures/estates.js';
import { migrationExamples } from './runner/migration-examples.js';
import { explainRun, runWorkflow, type WorkflowResult, type WorkflowRun } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const TIME_SCALE = 100;
const examples = migrationExamples();
const simulators = useSimulatorPerTest();
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-migration-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The caller's repository: the config, the task definition files and a Dockerfile, committed. */
function repository(config: string, files: Record<string, unknown>): string {
  const workspace = join(scratch, 'repo');
  for (const [path, content] of Object.entries({
    '.github/ecs-kit.yml': config,
    Dockerfile: 'FROM scratch\n',
    ...files,
  })) {
    mkdirSync(dirname(join(workspace, path)), { recursive: true });
    writeFileSync(join(workspace, path), typeof content === 'string' ? content : JSON.stringify(content));
  }
  callerRepository(workspace);
  return workspace;
}

async function start(region: string, services: EstateService[], repositories: string[]) {
  return simulators.start({ timeScale: TIME_SCALE, region, world: estate(services, repositories), seed: 7 });
}

function run(harness: SimulatorHarness, workspace: string, text: string, options: Partial<WorkflowRun> = {}) {
  return runWorkflow(text, {
    endpoint: harness.sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), ...installFakeDocker(scratch).env },
    ...options,
  });
}

async function taskDefinitionOf(harness: SimulatorHarness, cluster: string, service: string) {
  const response = await harness.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  return response.services?.[0]?.taskDefinition ?? '';
}

function expectSuccess(result: WorkflowResult): void {
  const failed = Object.entries(result.jobs).filter(([, job]) => job.result !== 'success');
  if (failed.length > 0) throw new Error(explainRun(result));
}

/** The kit steps that ran, as `job: action`, in order. */
function kitSteps(result: WorkflowResult): string[] {
  return result.steps
    .filter((step) => !step.skipped && step.result)
    .map((step) => `${step.job}: ${step.uses!.replace(/^.*actions\//, '')}`);
}

test('1. credit-cashflow-engine: pipeline.yml builds once and deploys the digest to staging, then production', async () => {
  const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const services = ['staging', 'production'].map((stage) => ({
    cluster: 'credit-cashflow-engine-cluster',
    name: `credit-cashflow-engine-${stage}`,
    family: 'credit-cashflow-engine',
    container: 'credit-cashflow-engine',
    image: `${registry}/credit-cashflow-engine:v1`,
  }));
  const harness = await start('us-east-1', services, ['credit-cashflow-engine']);
  const workspace = repository(examples[0].config, {
    'task-definition.json': estateTaskDefinition(services[0]),
  });

  const result = await run(harness, workspace, examples[0].complete);
  expectSuccess(result);
  expect(kitSteps(result)).toEqual([
    'deploy/build/build: build-push',
    'deploy/staging/deploy: ecs-deploy',
    'deploy/staging/deploy: wait-healthy',
    'deploy/production/deploy: ecs-deploy',
    'deploy/production/deploy: wait-healthy',
  ]);
  const image = result.steps.find((step) => step.uses?.endsWith('build-push'))!.result!.outputs.image;
  expect(image).toMatch(new RegExp(`^${registry}/credit-cashflow-engine@sha256:`));
  const deployed = result.steps
    .filter((step) => step.uses?.endsWith('ecs-deploy'))
    .map((step) => step.inputs!.image);
  expect(deployed).toEqual([image, image]);
  // Both environments run the same registered revision (same image, same family).
  const staging = await taskDefinitionOf(harness, services[0].cluster, services[0].name);
  expect(staging).toMatch(/credit-cashflow-engine:\d+$/);
}, 120_000);

test('2. alloff-api: two deploy.yml calls, each gating the service it deployed', async () => {
  const registry = '123456789012.dkr.ecr.ap-northeast-2.amazonaws.com';
  const api: EstateService = {
    cluster: 'alloff-api',
    name: 'alloff-api-prod',
    family: 'alloff-api-prod',
    container: 'alloff-api-prod',
    image: `${registry}/alloff-api-prod:v1`,
  };
  const grpc: EstateService = {
    ...api,
    name: 'alloff-grpc-prod',
    family: 'alloff-grpc-prod',
    container: 'alloff-grpc-prod',
  };
  const harness = await start('ap-northeast-2', [api, grpc], ['alloff-api-prod']);
  const workspace = repository(examples[1].config, {
    '.aws/task-definition-prod.json': estateTaskDefinition(api),
    '.aws/task-definition-grpc-prod.json': estateTaskDefinition(grpc),
    '.docker/Dockerfile.prod': 'FROM scratch\n',
  });
  const before = await taskDefinitionOf(harness, grpc.cluster, grpc.name);

  const result = await run(harness, workspace, examples[1].complete, {
    secrets: { SSH_KEY: 'ssh-private-key', GIT_TOKEN: 'git-token' },
  });
  expectSuccess(result);
  const gates = result.steps.filter((step) => step.uses?.endsWith('wait-healthy'));
  expect(gates.map((step) => [step.job, step.result!.outputs.verdict])).toEqual([
    ['api/deploy', 'healthy'],
    ['grpc/deploy', 'healthy'],
  ]);
  // The grpc job's gate followed alloff-grpc-prod, the service its ecs-deploy updated.
  expect(gates[1].result!.stdout).toContain('alloff-grpc-prod');
  const after = await taskDefinitionOf(harness, grpc.cluster, grpc.name);
  expect(after).not.toBe(before);
  expect(after).toMatch(/alloff-grpc-prod:\d+$/);
}, 120_000);

test('3. mrbot: a dispatched release of the chosen environment', async () => {
  const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
  const bot: EstateService = {
    cluster: 'discord-bots',
    name: 'mr-bot',
    family: 'mr-bot',
    container: 'mr-bot',
    image: `${registry}/mrbot:v1`,
  };
  const harness = await start('us-east-1', [bot], ['mrbot']);
  const workspace = repository(examples[2].config, { 'ecs/task-definition.json': estateTaskDefinition(bot) });

  const result = await run(harness, workspace, examples[2].complete, {
    event: { name: 'workflow_dispatch', payload: { inputs: { environment: 'main' } } },
    inputs: { environment: 'main' },
  });
  expectSuccess(result);
  const image = result.steps.find((step) => step.uses?.endsWith('build-push'))!.result!.outputs.image;
  const deploy = result.steps.find((step) => step.uses?.endsWith('ecs-deploy'))!.result!;
  expect(deploy.outputs.outcome).toBe('deployed');
  expect(await taskDefinitionOf(harness, bot.cluster, bot.name)).toBe(deploy.outputs['task-definition-arn']);
  expect(image).toMatch(/\/mrbot@sha256:/);
}, 120_000);
