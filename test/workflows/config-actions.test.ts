/**
 * What the reusable workflows do, step by step, driven by one config file: the bundled actions run with
 * only `config` + `environment` (plus the image the pipeline passes) against the simulator, the way
 * deploy.yml, rollback.yml and ecr-cleanup.yml call them.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { Simulator } from '../../sim/index.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';

const TIME_SCALE = 50;
const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;
const CONFIG = `
version: 1
region: us-east-1
task-definition: task-definition.json
containers:
  web: 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop
environment:
  LOG_LEVEL: info
deploy:
  wait: deployment
timeouts:
  deploy: 10m
build:
  repository: shop
cleanup:
  repositories: [shop]
  keep-newest: 1
environments:
  staging:
    cluster: staging
    services: [{ name: web }]
  production:
    cluster: prod
    services: [{ name: web }]
    environment:
      LOG_LEVEL: warn
    strategy:
      type: rolling
      consecutive: 2
`;

const simulator = useSimulator({ timeScale: TIME_SCALE, world: rollingWorld(), seed: 5 });
let sim: Simulator;
let workspace: string;

beforeAll(() => {
  sim = simulator().sim;
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-actions-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), CONFIG);
  writeFileSync(join(workspace, 'task-definition.json'), JSON.stringify(webTaskDefinition(image('v1'))));
});

function run(action: string, inputs: Record<string, string>): Promise<RunResult> {
  return runAction(action, {
    inputs: { config: '.github/ecs-kit.yml', ...inputs },
    endpoint: sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), AWS_REGION: undefined },
  });
}

function explain(result: RunResult): string {
  return `exit ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-1500)}`;
}

async function webService() {
  const response = await simulator().ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
  );
  return response.services![0];
}

test('deploy.yml: ecs-deploy then wait-healthy, with cluster, service and settings from the config', async () => {
  const deploy = await run('ecs-deploy', { environment: 'production', image: image('v2') });
  expect([deploy.code, deploy.outputs.outcome]).toEqual([0, 'deployed']);
  const service = await webService();
  expect(service.taskDefinition).toBe(deploy.outputs['task-definition-arn']);
  // The production overlay's environment reached the registered revision.
  expect(deploy.outputs.diff).toMatch(/LOG_LEVEL/);

  const gate = await run('wait-healthy', {
    environment: 'production',
    'deployment-id': deploy.outputs['deployment-id'],
  });
  if (gate.code !== 0) throw new Error(explain(gate));
  expect(gate.outputs.verdict).toBe('healthy');
});

test('rollback.yml: ecs-deploy in rollback mode returns to the last healthy revision before the current one', async () => {
  const healthyBefore = (await webService()).taskDefinition;
  const deploy = await run('ecs-deploy', { environment: 'production', image: image('v3') });
  expect([deploy.code, deploy.outputs.outcome]).toEqual([0, 'deployed']);
  const gate = await run('wait-healthy', {
    environment: 'production',
    'deployment-id': deploy.outputs['deployment-id'],
  });
  if (gate.code !== 0) throw new Error(explain(gate));

  const rollback = await run('ecs-deploy', { environment: 'production', mode: 'rollback' });
  if (rollback.code !== 0) throw new Error(explain(rollback));
  expect((await webService()).taskDefinition).toBe(healthyBefore);
});

test('explicit inputs win over the config', async () => {
  // The config says cluster prod for production; an explicit unknown cluster must be used (and fail).
  const result = await run('ecs-deploy', {
    environment: 'production',
    cluster: 'nowhere',
    image: image('v3'),
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toMatch(/nowhere/);
});

test('a config error fails before any AWS call, naming the path in the file', async () => {
  writeFileSync(
    join(workspace, 'bad.yml'),
    'environments:\n  production:\n    services:\n      - name: web\n        cluster: 42\n',
  );
  const before = sim.world.log.list().length;
  const result = await run('ecs-deploy', {
    config: 'bad.yml',
    environment: 'production',
    image: image('v3'),
  });
  expect(result.code).toBe(1);
  expect(result.stdout).toContain(
    'environments.production.services[0].cluster: expected a string, got number 42',
  );
  expect(sim.world.log.list().length).toBe(before);
});

test('ecr-cleanup.yml: cleanup-ecr dry run with the config rules', async () => {
  const result = await run('cleanup-ecr', { 'dry-run': 'true' });
  if (result.code !== 0) throw new Error(explain(result));
  expect(result.outputs['deleted-count']).toBe('0');
  expect(sim.world.log.list().some((call) => call.operation === 'BatchDeleteImage')).toBe(false);
});

test('build.yml: build-push takes the repository from the config (promotion, no build)', async () => {
  const result = await run('build-push', { 'source-image': 'shop:v1', tags: 'promoted' });
  if (result.code !== 0) throw new Error(explain(result));
  expect(result.outputs.image).toMatch(/\/shop@sha256:/);
});
