/**
 * The seed shape end to end through the pipeline (issue 15, "done when"): examples/workflows/pipeline.yml
 * as the caller's workflow, examples/seed-shape/ecs-kit.yml as its config, against a simulated EC2 estate
 * (cluster `seed` for staging, `seed-production` for production). Both images are built once and every
 * environment gets the same digests; the migration runs before any service of an environment is updated;
 * every service is gated; and when one service fails in production, all of production rolls back while
 * staging keeps the release.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { stringify, parse } from 'yaml';
import type { WorldSeed } from '../../sim/index.js';
import { docExample, exampleFile } from '../helpers/doc-examples.js';
import { installFakeDocker } from '../helpers/fake-docker.js';
import { healthySeedImages, seedDigest, seedWorld } from '../helpers/seed-world.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { explainRun, runWorkflow, type StepRecord, type WorkflowResult } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const TIME_SCALE = 200;
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const STAGING = { cluster: 'seed', services: ['web', 'web-writer', 'worker'] };
const PRODUCTION = { cluster: 'seed-production', services: ['web', 'web-writer', 'worker', 'web-canary'] };
const simulators = useSimulatorPerTest();
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-seed-pipeline-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/**
 * The example's world (test/helpers/seed-world.ts) for staging, and a production cluster beside it with
 * the same services on revision 1 plus web-canary, its web behind a target group of its own.
 */
function estate(): WorldSeed {
  const staging = seedWorld(healthySeedImages());
  const production = staging.services!.map((service) => ({
    ...service,
    cluster: PRODUCTION.cluster,
    loadBalancers: service.loadBalancers?.map((lb) => ({ ...lb, targetGroup: 'web-production-tg' })),
  }));
  const canary = { ...production.find((service) => service.serviceName === 'web-writer')! };
  return {
    ...staging,
    clusters: [...staging.clusters!, { name: PRODUCTION.cluster, containerInstances: [{ count: 3 }] }],
    targetGroups: [...staging.targetGroups!, { ...staging.targetGroups![0], name: 'web-production-tg' }],
    listeners: [
      ...staging.listeners!,
      {
        loadBalancer: 'seed-alb',
        port: 8080,
        defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-production-tg' }] }],
      },
    ],
    services: [...staging.services!, ...production, { ...canary, serviceName: 'web-canary' }],
  };
}

/** The caller's repository: the example config as .github/ecs-kit.yml, its task definitions, two Dockerfiles. */
function repository(): string {
  const workspace = join(scratch, 'repo');
  const files: Record<string, string> = {
    '.github/ecs-kit.yml': exampleFile('examples/seed-shape/ecs-kit.yml'),
    '.aws/web.json': exampleFile('examples/seed-shape/.aws/web.json'),
    '.aws/worker.json': exampleFile('examples/seed-shape/.aws/worker.json'),
    Dockerfile: 'FROM node:24-alpine\nCOPY . /app\n',
    'haproxy/Dockerfile': 'FROM haproxy:3.2\n',
  };
  callerRepository(workspace, files);
  return workspace;
}

async function start(): Promise<SimulatorHarness> {
  return simulators.start({ timeScale: TIME_SCALE, region: 'eu-west-1', world: estate(), seed: 15 });
}

function runPipeline(
  harness: SimulatorHarness,
  beforeJob?: (job: string, steps: readonly StepRecord[]) => void,
) {
  return runWorkflow(exampleFile('examples/workflows/pipeline.yml'), {
    endpoint: harness.sim.endpoint,
    workspace: repository(),
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), ...installFakeDocker(scratch).env },
    beforeJob,
  });
}

/** build-push's `images` output, name → reference. */
function builtImages(steps: readonly StepRecord[]): Record<string, string> {
  const builds = steps.filter((step) => /\/actions\/build-push(@|$)/.test(step.uses ?? '') && !step.skipped);
  expect(builds).toHaveLength(1);
  return Object.fromEntries(
    builds[0]
      .result!.outputs.images.split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** service → its revision (family:revision), in `cluster`. */
async function revisions(harness: SimulatorHarness, cluster: string, services: string[]) {
  const described = await harness.ecs.send(new DescribeServicesCommand({ cluster, services }));
  return Object.fromEntries(
    described.services!.map((service) => [service.serviceName!, service.taskDefinition!.split('/')[1]]),
  );
}

/** container → image of a revision. */
async function imagesOf(harness: SimulatorHarness, revision: string): Promise<Record<string, string>> {
  const described = await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: revision }));
  return Object.fromEntries(
    described.taskDefinition!.containerDefinitions!.map((container) => [container.name!, container.image!]),
  );
}

/** The mutating RunTask and UpdateService calls on `cluster`, in order, as `RunTask` / `UpdateService web`. */
function rollout(harness: SimulatorHarness, cluster: string): string[] {
  return harness.sim.world.log
    .list()
    .filter((call) => call.mutating && ['RunTask', 'UpdateService'].includes(call.operation))
    .filter((call) => String(call.params.cluster) === cluster)
    .map((call) =>
      call.operation === 'RunTask' ? 'RunTask' : `UpdateService ${String(call.params.service)}`,
    );
}

function kitSteps(result: WorkflowResult): string[] {
  return result.steps
    .filter((step) => /^(\$|\.|<owner>\/ecs-kit)\/actions\//.test(step.uses ?? ''))
    .map((step) => `${step.skipped ? 'skipped ' : ''}${step.job}: ${step.uses!.replace(/^.*actions\//, '')}`);
}

test('both images built once, deployed by digest to staging then production, migration first, every service gated', async () => {
  const harness = await start();
  const result = await runPipeline(harness);
  if (Object.values(result.jobs).some((job) => job.result !== 'success')) throw new Error(explainRun(result));

  // One build; ecs-deploy gated every service itself (wait: healthy), so the separate gate was skipped.
  expect(kitSteps(result)).toEqual([
    'pipeline/build/build: build-push',
    'pipeline/staging/deploy: ecs-deploy',
    'skipped pipeline/staging/deploy: wait-healthy',
    'pipeline/production/deploy: ecs-deploy',
    'skipped pipeline/production/deploy: wait-healthy',
  ]);
  const built = builtImages(result.steps);
  expect(Object.keys(built).sort()).toEqual(['app', 'proxy']);
  expect(built.app).toMatch(new RegExp(`^${REGISTRY}/seed/node@sha256:[0-9a-f]{64}$`));
  expect(built.proxy).toMatch(new RegExp(`^${REGISTRY}/seed/haproxy@sha256:[0-9a-f]{64}$`));

  for (const deploy of result.steps.filter((step) => step.uses?.endsWith('ecs-deploy'))) {
    // The same map in every environment: promoted by digest, never rebuilt.
    expect(deploy.inputs!['built-images'].trim().split('\n').sort()).toEqual(
      Object.entries(built)
        .map(([name, reference]) => `${name}=${reference}`)
        .sort(),
    );
    expect(deploy.result!.outputs.gated).toBe('true');
    const services = JSON.parse(deploy.result!.outputs.services) as { service: string; status: string }[];
    expect(services.every((entry) => entry.status === 'completed')).toBe(true);
  }

  for (const { cluster, services } of [STAGING, PRODUCTION]) {
    const running = await revisions(harness, cluster, services);
    for (const service of services) {
      const images = await imagesOf(harness, running[service]);
      if (service === 'worker') expect(images).toEqual({ worker: built.app });
      else expect(images).toEqual({ app: built.app, proxy: built.proxy });
    }
    // The migration (one RunTask) before the first of the environment's services is updated.
    expect(rollout(harness, cluster)).toEqual([
      'RunTask',
      ...services.map((name) => `UpdateService ${name}`),
    ]);
  }
  // Staging finished before production started anything.
  const calls = harness.sim.world.log.list().filter((call) => call.mutating);
  const lastStaging = calls.findLastIndex((call) => call.params.cluster === STAGING.cluster);
  const firstProduction = calls.findIndex((call) => call.params.cluster === PRODUCTION.cluster);
  expect(lastStaging).toBeLessThan(firstProduction);

  const production = result.jobs.pipeline.outputs;
  expect(Object.keys(JSON.parse(production['production-task-definition-arns']) as object).sort()).toEqual(
    [...PRODUCTION.services].sort(),
  );
  expect(production.images.trim().split('\n').sort()).toEqual(
    Object.entries(built)
      .map(([name, reference]) => `${name}=${reference}`)
      .sort(),
  );
}, 300_000);

test('pipeline.yml passes pre-build to build.yml: the generated file is in the app build context, before the credentials', async () => {
  const harness = await start();
  const example = exampleFile('examples/workflows/pipeline.yml');
  const caller = `${example.trimEnd()}
      pre-build: mkdir -p generated && printf 'region=%s\\n' "\${AWS_REGION:-none}" > generated/build-info.txt
      dry-run: true
`;
  const docker = installFakeDocker(scratch);
  const workspace = repository();
  const result = await runWorkflow(caller, {
    endpoint: harness.sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), ...docker.env },
  });
  if (Object.values(result.jobs).some((job) => job.result !== 'success')) throw new Error(explainRun(result));
  const build = result.steps.filter((step) => step.job === 'pipeline/build/build').map((step) => step.name);
  expect(build.indexOf('Pre-build command')).toBeGreaterThan(-1);
  expect(build.indexOf('Pre-build command')).toBeLessThan(build.indexOf('AWS credentials (OIDC)'));
  expect(readFileSync(join(workspace, 'generated', 'build-info.txt'), 'utf8')).toBe('region=none\n');
  // The app image's context (the checkout) had the generated file when it was built.
  const builds = readFileSync(docker.log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { argv: string[]; context?: Record<string, string> })
    .filter((call) => call.argv[1] === 'build');
  const app = builds.find((call) => call.argv.some((arg) => arg.includes('/seed/node:')))!;
  expect(Object.keys(app.context!)).toContain('generated/build-info.txt');
  // The set attestation names the two built images by their digests.
  const attest = result.steps.find((step) => step.name === 'Attest build provenance of the image set')!;
  expect(attest.subjects!.map(({ name, sha256 }) => `${name}@sha256:${sha256}`).sort()).toEqual(
    Object.values(builtImages(result.steps)).sort(),
  );
  // A dry run: every service planned, none updated.
  expect(harness.sim.world.log.list().filter((call) => call.operation === 'UpdateService')).toEqual([]);
}, 120_000);

test('one service failing in production rolls back every production service; staging keeps the release', async () => {
  const harness = await start();
  const before = await revisions(harness, PRODUCTION.cluster, PRODUCTION.services);
  // Between the environments the new proxy turns bad (say, production's traffic finds its bug): web, the
  // only service behind a load balancer, never gets healthy targets in production.
  const result = await runPipeline(harness, (job, steps) => {
    if (job !== 'pipeline/production') return;
    const digest = builtImages(steps).proxy.split('@')[1];
    harness.sim.world.behaviours.set({ [`@${digest}`]: { kind: 'never-healthy' } });
  });

  expect(result.jobs.pipeline.result).toBe('failure');
  const deploys = result.steps.filter((step) => step.uses?.endsWith('ecs-deploy'));
  expect(deploys.map((step) => [step.job, step.ok])).toEqual([
    ['pipeline/staging/deploy', true],
    ['pipeline/production/deploy', false],
  ]);
  expect(deploys[1].result!.outputs.outcome).toBe('rolled-back');

  // Every production service back on the revision it ran before; staging stays on the new release.
  expect(await revisions(harness, PRODUCTION.cluster, PRODUCTION.services)).toEqual(before);
  const staging = await revisions(harness, STAGING.cluster, STAGING.services);
  for (const service of STAGING.services) expect(staging[service]).not.toMatch(/:1$/);

  // Migration first, then every service updated, then every one put back.
  expect(rollout(harness, PRODUCTION.cluster)).toEqual([
    'RunTask',
    ...PRODUCTION.services.map((name) => `UpdateService ${name}`),
    ...PRODUCTION.services.map((name) => `UpdateService ${name}`),
  ]);
}, 300_000);

/** A caller of deploy.yml alone, with the map the build would give. */
/** An images map of digests the seed repositories hold (ecs-deploy refuses an image ECR lacks). */
const pushedRelease = (tag: string) =>
  `proxy=${REGISTRY}/seed/haproxy@${seedDigest('seed/haproxy', tag)}\napp=${REGISTRY}/seed/node@${seedDigest('seed/node', tag)}`;

const deployCaller = (images: string, extra: string) => `
name: deploy
on: push
permissions:
  contents: read
jobs:
  staging:
    uses: <owner>/ecs-kit/.github/workflows/deploy.yml@0000000000000000000000000000000000000000 # v1.2.3
    permissions:
      contents: read
      id-token: write
    with:
      environment: staging
      role-to-assume: arn:aws:iam::123456789012:role/seed-deploy
      aws-region: eu-west-1
      images: |
${images
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
${extra}`;

test('deploy.yml: a dry run with the images map plans every service and changes nothing', async () => {
  const harness = await start();
  const images = pushedRelease('v2');
  const result = await runWorkflow(deployCaller(images, '      dry-run: true\n'), {
    endpoint: harness.sim.endpoint,
    workspace: repository(),
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
  });
  if (result.jobs.staging.result !== 'success') throw new Error(explainRun(result));
  expect(kitSteps(result)).toEqual(['staging/deploy: ecs-deploy', 'skipped staging/deploy: wait-healthy']);
  const deploy = result.steps.find((step) => step.uses?.endsWith('ecs-deploy'))!;
  expect(deploy.inputs!['dry-run']).toBe('true');
  expect(deploy.result!.outputs.outcome).toBe('planned');
  const planned = JSON.parse(deploy.result!.outputs.services) as { service: string; action: string }[];
  expect(planned.map((entry) => [entry.service, entry.action])).toEqual(
    STAGING.services.map((service) => [service, 'planned']),
  );
  expect(harness.sim.world.log.list().filter((call) => call.mutating)).toEqual([]);
}, 120_000);

test('deploy.yml: a desired count and cpu from the workflow win over the config for every service', async () => {
  const harness = await start();
  const images = pushedRelease('v2');
  const result = await runWorkflow(deployCaller(images, "      desired-count: '2'\n      cpu: '256'\n"), {
    endpoint: harness.sim.endpoint,
    workspace: repository(),
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
  });
  if (result.jobs.staging.result !== 'success') throw new Error(explainRun(result));
  const described = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: STAGING.cluster, services: STAGING.services }),
  );
  for (const service of described.services!) {
    expect(service.desiredCount).toBe(2);
    const revision = await harness.ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition! }),
    );
    expect(revision.taskDefinition!.cpu).toBe('256');
  }
  expect(result.jobs.staging.outputs.verdict).toBe('healthy');
  expect(Object.keys(JSON.parse(result.jobs.staging.outputs['task-definition-arns']) as object)).toEqual(
    STAGING.services,
  );
}, 120_000);

test('build-push README, image sets: every image of build.images in one step, then the set promoted by digest', async () => {
  const harness = await start();
  // The example's two steps as they would sit in a workflow: the build job, and production's job after it.
  const [build, promote] = parse(docExample('actions/build-push/README.md#image-sets')) as unknown[];
  const workflow = stringify({
    on: 'push',
    jobs: {
      build: {
        'runs-on': 'ubuntu-latest',
        outputs: { images: '${{ steps.images.outputs.images }}' },
        steps: [build],
      },
      production: { 'runs-on': 'ubuntu-latest', needs: ['build'], steps: [promote] },
    },
  });
  const result = await runWorkflow(workflow, {
    endpoint: harness.sim.endpoint,
    workspace: repository(),
    env: {
      ECS_KIT_TIME_SCALE: String(TIME_SCALE),
      AWS_REGION: 'eu-west-1',
      ...installFakeDocker(scratch).env,
    },
  });
  if (Object.values(result.jobs).some((job) => job.result !== 'success')) throw new Error(explainRun(result));
  const built = builtImages(result.steps.filter((step) => step.job === 'build'));
  expect(Object.keys(built).sort()).toEqual(['app', 'proxy']);
  expect(built.app).toMatch(new RegExp(`^${REGISTRY}/seed/node@sha256:`));
  expect(built.proxy).toMatch(new RegExp(`^${REGISTRY}/seed/haproxy@sha256:`));
  // The promotion is by digest: the same two images, now also tagged production, nothing rebuilt.
  const promoted = builtImages(result.steps.filter((step) => step.job === 'production'));
  expect(promoted).toEqual(built);
  for (const reference of Object.values(built)) {
    const [repository, digest] = reference.slice(REGISTRY.length + 1).split('@');
    const described = await harness.ecr.send(
      new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageDigest: digest }] }),
    );
    expect(described.imageDetails![0].imageTags).toContain('production');
  }
}, 120_000);
