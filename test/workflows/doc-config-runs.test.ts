/**
 * docs/configuration.md's first example (a base with staging and production) as the caller's
 * `.github/ecs-kit.yml`, deployed by the config steps the docs show: configuration.md's own step and
 * ecs-deploy's README step, each taking the environment's cluster, service, task definition, variables and
 * per-service count from the file and only the image from the build job (`needs.build.outputs.image`,
 * here a stand-in job).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulator } from '../helpers/simulator.js';
import { estate, estateTaskDefinition, type EstateService } from './fixtures/estates.js';
import { explainRun, runWorkflow } from './runner/run-workflow.js';
import { stepsAsWorkflow } from './runner/step-examples.js';

const TIME_SCALE = 100;
const REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop';
const services: EstateService[] = ['shop-staging', 'shop-production'].map((cluster) => ({
  cluster,
  name: 'web',
  family: 'shop',
  container: 'web',
  image: `${REPOSITORY}:v1`,
}));
const world = estate(services, ['shop']);
world.repositories![0].images!.push(...['v2', 'v3'].map((tag) => ({ tags: [tag], sizeBytes: 50_000_000 })));
const simulator = useSimulator({ timeScale: TIME_SCALE, region: 'eu-west-1', world, seed: 23 });
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-doc-config-'));
  mkdirSync(join(workspace, '.github'));
  mkdirSync(join(workspace, '.aws'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), docExample('docs/configuration.md#base'));
  writeFileSync(
    join(workspace, '.aws', 'task-definition.json'),
    JSON.stringify(estateTaskDefinition(services[0])),
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

/** Runs the step example with `image` as the build job's output; fails with the run's account if it fails. */
async function deploy(example: string, image: string): Promise<void> {
  const result = await runWorkflow(stepsAsWorkflow(example, { needOutputs: { build: { image } } }), {
    endpoint: simulator().sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), AWS_REGION: 'eu-west-1' },
  });
  if (result.jobs.example.result !== 'success') throw new Error(explainRun(result));
}

/** A cluster's service web: its image, its container's variables and its desired count. */
async function web(cluster: string) {
  const { ecs } = simulator();
  const service = (await ecs.send(new DescribeServicesCommand({ cluster, services: ['web'] }))).services![0];
  const revision = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }),
  );
  const container = revision.taskDefinition!.containerDefinitions![0];
  return {
    image: container.image,
    environment: (container.environment ?? []).map((entry) => `${entry.name}=${entry.value}`),
    desiredCount: service.desiredCount,
  };
}

test('configuration.md: the config step deploys production as the base and its overlay say', async () => {
  await deploy(docExample('docs/configuration.md#config-step'), `${REPOSITORY}:v2`);
  expect(await web('shop-production')).toEqual({
    image: `${REPOSITORY}:v2`,
    environment: ['LOG_LEVEL=warn'],
    desiredCount: 6,
  });
  // Staging is another environment of the file: untouched.
  expect(await web('shop-staging')).toEqual({ image: `${REPOSITORY}:v1`, environment: [], desiredCount: 2 });
}, 120_000);

test('ecs-deploy README: the config step takes everything but the image from the file', async () => {
  await deploy(docExample('actions/ecs-deploy/README.md#config'), `${REPOSITORY}:v3`);
  expect(await web('shop-production')).toEqual({
    image: `${REPOSITORY}:v3`,
    environment: ['LOG_LEVEL=warn'],
    desiredCount: 6,
  });
}, 120_000);
