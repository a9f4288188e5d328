/**
 * Step inputs and the config file agree: ecs-deploy's map inputs merge over the config's entries by key,
 * `replace-*` drops the config's with a warning naming what is lost, and the docs/configuration.md
 * example (one environment-variables line next to the config) runs as written.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { parse } from 'yaml';
import { runAction, type RunResult } from '../helpers/action.js';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';

const TIME_SCALE = 100;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const CONFIG = `
version: 1
region: us-east-1
cluster: prod
task-definition: task-definition.json
containers:
  web: ${REGISTRY}/shop
  sidecar: ${REGISTRY}/envoy:1.30
environment:
  LOG_LEVEL: info
  WORKERS: '4'
deploy:
  wait: none
  in-progress: replace
environments:
  production:
    services: [{ name: web }]
`;

const world = rollingWorld();
// docs/configuration.md's example pins an envoy sidecar: ecs-deploy checks that the image exists in ECR.
world.repositories!.push({
  name: 'envoy',
  images: ['1.29', '1.30'].map((tag) => ({ tags: [tag], sizeBytes: 20_000_000 })),
});
const simulator = useSimulator({ timeScale: TIME_SCALE, world, seed: 9 });
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-merge-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), CONFIG);
  const definition = webTaskDefinition(`${REGISTRY}/shop:v1`);
  definition.containerDefinitions.push({
    name: 'sidecar',
    image: `${REGISTRY}/envoy:1.29`,
    essential: false,
    portMappings: [],
    environment: [],
  });
  writeFileSync(join(workspace, 'task-definition.json'), JSON.stringify(definition));
});

function deploy(inputs: Record<string, string>): Promise<RunResult> {
  return runAction('ecs-deploy', {
    inputs: { config: '.github/ecs-kit.yml', environment: 'production', ...inputs },
    endpoint: simulator().sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
  });
}

/** The registered revision's containers: name → [image, environment as NAME=value]. */
async function registered(result: RunResult) {
  if (result.code !== 0) throw new Error(result.stdout.slice(-3000));
  const described = await simulator().ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: result.outputs['task-definition-arn'] }),
  );
  return Object.fromEntries(
    described.taskDefinition!.containerDefinitions!.map((container) => [
      container.name!,
      {
        image: container.image!,
        environment: (container.environment ?? []).map((entry) => `${entry.name}=${entry.value}`).sort(),
      },
    ]),
  );
}

/** Warnings about config entries (each run replaces the previous deployment, which warns too). */
const warnings = (result: RunResult) =>
  result.annotations
    .filter((annotation) => annotation.level === 'warning' && annotation.message.includes('from the config'))
    .map((annotation) => annotation.message);

test('docs/configuration.md: one environment-variables line changes that variable, the config keeps the rest', async () => {
  const block = docExample('docs/configuration.md#config-step-environment-variables');
  const step = (parse(block) as { with: Record<string, string> }[])[0].with;
  const result = await deploy({ ...step, image: `${REGISTRY}/shop:v2` });
  const containers = await registered(result);
  expect(containers.web.environment).toEqual(['LOG_LEVEL=debug', 'MODE=production', 'WORKERS=4']);
  expect(warnings(result)).toEqual([]);
});

test('replace-environment-variables: only the step list, and a warning names the config entries dropped', async () => {
  const result = await deploy({
    image: `${REGISTRY}/shop:v3`,
    'environment-variables': 'LOG_LEVEL=debug',
    'replace-environment-variables': 'true',
  });
  const containers = await registered(result);
  expect(containers.web.environment).toEqual(['LOG_LEVEL=debug']);
  expect(warnings(result)).toEqual([
    "replace-environment-variables is set: environment-variables replaces the config's entries, so WORKERS from the config is not applied",
  ]);
});

test("images merges over the config's pinned containers; replace-images drops them, warned", async () => {
  const merged = await registered(await deploy({ images: `web=${REGISTRY}/shop:v4` }));
  expect([merged.web.image, merged.sidecar.image]).toEqual([`${REGISTRY}/shop:v4`, `${REGISTRY}/envoy:1.30`]);

  const result = await deploy({ images: `web=${REGISTRY}/shop:v5`, 'replace-images': 'true' });
  const replaced = await registered(result);
  // The sidecar keeps the task definition file's image: the config's pin is not applied.
  expect([replaced.web.image, replaced.sidecar.image]).toEqual([
    `${REGISTRY}/shop:v5`,
    `${REGISTRY}/envoy:1.29`,
  ]);
  expect(warnings(result)).toEqual([
    "replace-images is set: images replaces the config's entries, so sidecar from the config is not applied",
  ]);
});

test('a desired-count line for a service the step does not deploy fails before any AWS call', async () => {
  const before = simulator().sim.world.log.list().length;
  const result = await deploy({ image: `${REGISTRY}/shop:v6`, 'desired-count': 'wbe=3' });
  expect(result.code).toBe(1);
  expect(result.annotations.map((annotation) => annotation.message)).toContain(
    "ecs-deploy failed: input 'desired-count': names service 'wbe', which this step does not deploy (it deploys web)",
  );
  expect(simulator().sim.world.log.list().length).toBe(before);
});
