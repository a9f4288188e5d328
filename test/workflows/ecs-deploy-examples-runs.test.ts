/**
 * ecs-deploy's README examples that need a world of their own, run as written in a job: several containers
 * and two services from one YAML task definition (images by digest and by tag, variables and secrets per
 * container, waiting for healthy targets), and a templated task definition filled in by `variables`. The
 * values the examples read from earlier steps or jobs (`steps.build.outputs.image`,
 * `needs.build.outputs.digest`) come from stand-ins.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { stringify } from 'yaml';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { estate, estateTaskDefinition } from './fixtures/estates.js';
import { explainRun, runWorkflow } from './runner/run-workflow.js';
import { stepsAsWorkflow, type StepExampleContext } from './runner/step-examples.js';

const TIME_SCALE = 100;
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const simulators = useSimulatorPerTest();
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-deploy-examples-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

function write(path: string, content: string): void {
  mkdirSync(join(workspace, path, '..'), { recursive: true });
  writeFileSync(join(workspace, path), content);
}

async function run(harness: SimulatorHarness, example: string, context: StepExampleContext) {
  const result = await runWorkflow(stepsAsWorkflow(example, context), {
    endpoint: harness.sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), AWS_REGION: 'eu-west-1' },
  });
  if (result.jobs.example.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** The revision a service runs now. */
async function revisionOf(harness: SimulatorHarness, cluster: string, service: string) {
  const described = await harness.ecs.send(new DescribeServicesCommand({ cluster, services: [service] }));
  const arn = described.services![0].taskDefinition!;
  return (await harness.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: arn }))).taskDefinition!;
}

test('ecs-deploy README, several containers: shop-web and shop-worker on one new revision, each container set', async () => {
  const services = ['shop-web', 'shop-worker'].map((name) => ({
    cluster: 'prod',
    name,
    family: 'shop',
    container: 'app',
    image: `${REGISTRY}/shop:v1`,
  }));
  // The family `shop` has two containers: app (behind the load balancer) and an nginx beside it.
  const definition = estateTaskDefinition(services[0]);
  definition.containerDefinitions.push({
    name: 'nginx',
    image: 'public.ecr.aws/nginx/nginx:1.26',
    essential: false,
    portMappings: [],
  });
  const world = estate(services, ['shop']);
  world.taskDefinitions = [definition];
  const harness = await simulators.start({ timeScale: TIME_SCALE, region: 'eu-west-1', world, seed: 27 });
  write('deploy/shop.yaml', stringify(definition));
  const listed = await harness.ecr.send(new DescribeImagesCommand({ repositoryName: 'shop' }));
  const digest = listed.imageDetails![0].imageDigest!;

  const result = await run(harness, docExample('actions/ecs-deploy/README.md#several-containers'), {
    needOutputs: { build: { digest } },
  });
  const deploy = result.steps.find((step) => step.uses?.includes('/actions/ecs-deploy@'))!.result!;
  expect(deploy.outputs.gated).toBe('true');
  const web = await revisionOf(harness, 'prod', 'shop-web');
  const worker = await revisionOf(harness, 'prod', 'shop-worker');
  expect(worker.taskDefinitionArn).toBe(web.taskDefinitionArn);
  expect(web.taskDefinitionArn).toBe(deploy.outputs['task-definition-arn']);
  const containers = Object.fromEntries(
    web.containerDefinitions!.map((container) => [container.name, container]),
  );
  expect(containers.app.image).toBe(`${REGISTRY}/shop@${digest}`);
  expect(containers.nginx.image).toBe('public.ecr.aws/nginx/nginx:1.27');
  expect(containers.app.environment).toEqual([{ name: 'LOG_LEVEL', value: 'info' }]);
  expect(containers.nginx.environment).toEqual([{ name: 'WORKER_PROCESSES', value: '4' }]);
  expect(containers.app.secrets).toEqual([
    { name: 'DATABASE_URL', valueFrom: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:shop/db' },
  ]);
}, 120_000);

test('ecs-deploy README, templated: the family and the image filled in from variables', async () => {
  const api = {
    cluster: 'staging',
    name: 'api',
    family: 'api-staging',
    container: 'api',
    image: `${REGISTRY}/api:v1`,
  };
  const world = estate([api], ['api']);
  world.repositories![0].images!.push({ tags: ['v2'], sizeBytes: 50_000_000 });
  const harness = await simulators.start({ timeScale: TIME_SCALE, region: 'eu-west-1', world, seed: 29 });
  write(
    'task-definition.json',
    JSON.stringify(estateTaskDefinition({ family: '<family>', container: 'api', image: '${IMAGE}' })),
  );

  await run(harness, docExample('actions/ecs-deploy/README.md#templated'), {
    stepOutputs: { build: { image: `${REGISTRY}/api:v2` } },
  });
  const revision = await revisionOf(harness, 'staging', 'api');
  expect(revision.family).toBe('api-staging');
  expect(revision.revision).toBe(2);
  expect(revision.containerDefinitions![0].image).toBe(`${REGISTRY}/api:v2`);
}, 120_000);
