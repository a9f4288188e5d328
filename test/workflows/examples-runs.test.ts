/**
 * examples/workflows run, with examples/ecs-kit.yml as the caller's config, against one simulated estate
 * shaped like the config (clusters shop-staging and shop-production, services web and worker, repository
 * shop), in the order a team meets them: the pipeline deploys twice, the rollback button returns
 * production to the revision before, and the scheduled ECR cleanup deletes nothing a service runs or a
 * rollback could need.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { ListImagesCommand } from '@aws-sdk/client-ecr';
import { ROOT } from '../helpers/action.js';
import { docExample, exampleFile } from '../helpers/doc-examples.js';
import { yamlFiles } from './checks/model.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { useSimulator } from '../helpers/simulator.js';
import { estate, estateTaskDefinition, type EstateService } from './fixtures/estates.js';
import { explainRun, runWorkflow, type WorkflowResult, type WorkflowRun } from './runner/run-workflow.js';
import { callerRepository, commitChange } from './fixtures/caller-repository.js';

const TIME_SCALE = 100;
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
/** The example workflows this file runs, by file name. */
const WORKFLOWS: Record<string, string> = {
  'pipeline.yml': exampleFile('examples/workflows/pipeline.yml'),
  'rollback.yml': exampleFile('examples/workflows/rollback.yml'),
  'ecr-cleanup.yml': exampleFile('examples/workflows/ecr-cleanup.yml'),
};
const services: EstateService[] = ['shop-staging', 'shop-production'].flatMap((cluster) =>
  ['web', 'worker'].map((name) => ({
    cluster,
    name,
    family: 'shop',
    container: 'web',
    image: `${REGISTRY}/shop:v1`,
  })),
);
const simulator = useSimulator({
  timeScale: TIME_SCALE,
  region: 'eu-west-1',
  world: {
    ...estate(services, ['shop']),
    // examples/ecs-kit.yml gates production on these two alarms: they exist, and are not firing.
    alarms: ['shop-production-5xx', 'shop-production-p99'].map((AlarmName) => ({
      AlarmName,
      state: 'OK' as const,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum' as const,
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanThreshold' as const,
    })),
  },
  seed: 11,
});
let scratch: string;
let workspace: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-examples-'));
  workspace = join(scratch, 'repo');
  const files: Record<string, string> = {
    '.github/ecs-kit.yml': exampleFile('examples/ecs-kit.yml'),
    '.aws/task-definition.json': JSON.stringify(estateTaskDefinition(services[0])),
    Dockerfile: 'FROM scratch\n',
  };
  callerRepository(workspace, files);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function run(name: string, options: Partial<WorkflowRun> = {}): Promise<WorkflowResult> {
  return runText(WORKFLOWS[name], options);
}

function runText(text: string, options: Partial<WorkflowRun> = {}): Promise<WorkflowResult> {
  return runWorkflow(text, {
    endpoint: simulator().sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), ...installFakeDocker(scratch).env },
    ...options,
  });
}

function expectSuccess(result: WorkflowResult): void {
  if (Object.values(result.jobs).some((job) => job.result !== 'success')) throw new Error(explainRun(result));
}

/** cluster/service → the image its current revision runs. */
async function running(): Promise<Record<string, string>> {
  const { ecs } = simulator();
  const entries = await Promise.all(
    services.map(async ({ cluster, name }) => {
      const described = await ecs.send(new DescribeServicesCommand({ cluster, services: [name] }));
      const arn = described.services![0].taskDefinition!;
      const revision = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }));
      return [`${cluster}/${name}`, revision.taskDefinition!.containerDefinitions![0].image!] as const;
    }),
  );
  return Object.fromEntries(entries);
}

/** cluster/service → its desired count. */
async function desiredCounts(): Promise<Record<string, number>> {
  const entries = await Promise.all(
    services.map(async ({ cluster, name }) => {
      const described = await simulator().ecs.send(
        new DescribeServicesCommand({ cluster, services: [name] }),
      );
      return [`${cluster}/${name}`, described.services![0].desiredCount!] as const;
    }),
  );
  return Object.fromEntries(entries);
}

function builtImage(result: WorkflowResult): string {
  return result.steps.find((step) => step.uses?.endsWith('build-push'))!.result!.outputs.image;
}

const sameEverywhere = (image: string) =>
  Object.fromEntries(services.map((s) => [`${s.cluster}/${s.name}`, image]));
let first: string;
let second: string;

test('pipeline.yml: one build, its digest on every service of staging, then of production', async () => {
  const result = await run('pipeline.yml');
  expectSuccess(result);
  expect(
    result.steps
      .filter((step) => step.result)
      .map((step) => `${step.job}: ${step.uses!.replace(/^.*actions\//, '')}`),
  ).toEqual([
    'pipeline/build/build: build-push',
    'pipeline/staging/deploy: ecs-deploy',
    'pipeline/production/deploy: ecs-deploy',
  ]);
  first = builtImage(result);
  expect(first).toMatch(new RegExp(`^${REGISTRY}/shop@sha256:`));
  expect(await running()).toEqual(sameEverywhere(first));
  // examples/ecs-kit.yml's per-service counts: production web 6 and worker 2; staging sets none.
  expect(await desiredCounts()).toEqual({
    'shop-staging/web': 2,
    'shop-staging/worker': 2,
    'shop-production/web': 6,
    'shop-production/worker': 2,
  });
  // examples/ecs-kit.yml waits `healthy`: each environment's ecs-deploy gated both of its services itself
  // (with production's alarms), so deploy.yml skipped its separate gate instead of repeating it.
  for (const deploy of result.steps.filter((step) => step.uses?.endsWith('ecs-deploy'))) {
    expect(deploy.result!.outputs.gated).toBe('true');
    const services = JSON.parse(deploy.result!.outputs.services) as { service: string; status: string }[];
    expect(services.map((entry) => [entry.service, entry.status])).toEqual([
      ['web', 'completed'],
      ['worker', 'completed'],
    ]);
  }
  expect(
    result.steps.filter((step) => step.uses?.endsWith('wait-healthy')).map((step) => step.skipped),
  ).toEqual([true, true]);
  expect(result.jobs.pipeline.outputs['production-task-definition-arns']).toContain('"worker":');
}, 120_000);

test('pipeline.yml again after a commit: a new digest everywhere', async () => {
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nLABEL change=2\n');
  commitChange(workspace);
  const result = await run('pipeline.yml');
  expectSuccess(result);
  second = builtImage(result);
  expect(second).not.toBe(first);
  expect(await running()).toEqual(sameEverywhere(second));
}, 120_000);

test('rollback.yml: the button returns production to the revision before; staging stays', async () => {
  const result = await run('rollback.yml', {
    event: { name: 'workflow_dispatch', payload: { inputs: { environment: 'production', revision: '' } } },
    inputs: { environment: 'production', revision: '' },
  });
  expectSuccess(result);
  const images = await running();
  expect(images['shop-production/web']).toBe(first);
  expect(images['shop-production/worker']).toBe(first);
  expect(images['shop-staging/web']).toBe(second);
}, 120_000);

test('ecr-cleanup.yml on schedule: deletes for real, never an image a service runs or could roll back to', async () => {
  const result = await run('ecr-cleanup.yml', { event: { name: 'schedule' } });
  expectSuccess(result);
  const cleanup = result.steps.find((step) => step.uses?.endsWith('cleanup-ecr'))!;
  expect(cleanup.inputs!['dry-run']).toBe('false');
  const listed = await simulator().ecr.send(new ListImagesCommand({ repositoryName: 'shop' }));
  const digests = (listed.imageIds ?? []).map((id) => id.imageDigest);
  for (const image of [first, second]) expect(digests).toContain(image.split('@')[1]);
}, 120_000);

test.each([
  ['docs/workflows.md quick start', 'docs/workflows.md#quick-start'],
  ["README.md's ten lines", 'README.md#ten-lines'],
])(
  '%s: the shortest caller of pipeline.yml builds once and deploys every service',
  async (_name, reference) => {
    const workflow = {
      'docs/workflows.md#quick-start': docExample('docs/workflows.md#quick-start'),
      'README.md#ten-lines': docExample('README.md#ten-lines'),
    }[reference]!;
    const result = await runText(workflow);
    expectSuccess(result);
    const image = builtImage(result);
    expect(image).toMatch(new RegExp(`^${REGISTRY}/shop@sha256:`));
    expect(await running()).toEqual(sameEverywhere(image));
    expect(result.steps.filter((step) => step.uses?.endsWith('ecs-deploy')).map((step) => step.job)).toEqual([
      'pipeline/staging/deploy',
      'pipeline/production/deploy',
    ]);
  },
  120_000,
);

test('every workflow in examples/workflows is run by a test here or in examples-preview-runs.test.ts', () => {
  const sources = ['examples-runs.test.ts', 'examples-preview-runs.test.ts']
    .map((file) => readFileSync(join(import.meta.dirname, file), 'utf8'))
    .join('\n');
  const run = new Set([...sources.matchAll(/\brun\('([\w.-]+\.ya?ml)'/g)].map((match) => match[1]));
  const examples = yamlFiles(ROOT, 'examples/workflows').map((path) => path.split('/').pop()!);
  expect(examples.filter((name) => !run.has(name))).toEqual([]);
});
