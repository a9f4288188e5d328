/**
 * The seed shape end to end (issue 15.7), the bundled ecs-deploy against the simulator with the example
 * config (examples/seed-shape): two images by digest, the migration before any service is updated, three
 * services on an EC2 cluster gated in one step, and one failing service rolls all of them back.
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import type { ImageBehaviour } from '../../sim/index.js';
import { ROOT } from '../helpers/action.js';
import { docExample } from '../helpers/doc-examples.js';
import { healthySeedImages, seedDigest, seedImageByDigest, seedWorld } from '../helpers/seed-world.js';
import {
  expectExit,
  mutatingCalls,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

const SERVICES = ['web', 'web-writer', 'worker'];

/** The example's files in a fresh workspace, the world seeded, and the bundle run with the built digests. */
async function deploySeedShape(
  proxyTag: string,
  behaviours: Record<string, ImageBehaviour> = {},
  edit: (config: string) => string = (config) => config,
) {
  harness = await startDeployHarness(seedWorld({ ...healthySeedImages(), ...behaviours }), 200);
  const example = join(ROOT, 'examples', 'seed-shape');
  mkdirSync(join(harness.workspace, '.aws'), { recursive: true });
  for (const file of ['ecs-kit.yml', '.aws/web.json', '.aws/worker.json'])
    copyFileSync(join(example, file), join(harness.workspace, file));
  const config = join(harness.workspace, 'ecs-kit.yml');
  writeFileSync(config, edit(readFileSync(config, 'utf8')));
  const result = await runDeploy(harness, {
    config: 'ecs-kit.yml',
    environment: 'staging',
    // Left to the config: the services of its cluster.
    cluster: '',
    service: '',
    'aws-region': 'us-east-1',
    'built-images': `proxy=${seedImageByDigest('seed/haproxy', proxyTag)}\napp=${seedImageByDigest('seed/node', 'v2')}`,
  });
  const described = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'seed', services: SERVICES }),
  );
  const final = Object.fromEntries(
    described.services!.map((service) => [service.serviceName, service.taskDefinition!.split('/')[1]]),
  );
  return { result, calls: mutatingCalls(harness), final };
}

const operation = (call: { operation: string; params: Record<string, unknown> }) =>
  call.operation === 'UpdateService'
    ? `UpdateService ${String(call.params.service)} → ${String(call.params.taskDefinition).split('/')[1]}`
    : call.operation;

test('migration first, every service on its own revision by digest, all gated', async () => {
  const { result, calls, final } = await deploySeedShape('v2');
  expectExit(result, 0);
  expect(calls.map(operation).filter((name) => name !== 'TagResource')).toEqual([
    'RegisterTaskDefinition',
    'RegisterTaskDefinition',
    'RegisterTaskDefinition',
    'RunTask',
    'UpdateService web → seed-web:2',
    'UpdateService web-writer → seed-web:3',
    'UpdateService worker → seed-worker:2',
  ]);
  expect(final).toEqual({ web: 'seed-web:2', 'web-writer': 'seed-web:3', worker: 'seed-worker:2' });
  // Images by digest; the write-heavy variant differs from web by its one flag.
  const containers = async (revision: string) =>
    (await harness!.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: revision }))).taskDefinition!
      .containerDefinitions!;
  const web = await containers('seed-web:2');
  const writer = await containers('seed-web:3');
  const worker = await containers('seed-worker:2');
  expect(web.map((container) => container.image)).toEqual([
    seedImageByDigest('seed/node', 'v2'),
    seedImageByDigest('seed/haproxy', 'v2'),
  ]);
  expect(worker[0].image).toBe(seedImageByDigest('seed/node', 'v2'));
  const env = (list: typeof web) =>
    Object.fromEntries(list[0].environment!.map((pair) => [pair.name, pair.value]));
  expect(env(writer)).toEqual({ ...env(web), WRITE_HEAVY: 'true' });
  expect(env(web)).toMatchObject({ LOG_LEVEL: 'debug', ROLE: 'web' });
  expect(result.outputs.outcome).toBe('deployed');
  // The summary names each revision with its services and shows each one's changes; the output gives each
  // service the revision it now runs.
  expect(result.summary).toContain(
    '3 task definitions of `seed-web`, `seed-worker`, all registered by this run ·',
  );
  expect(result.summary).toContain(
    '- `seed-web:2` for `web`\n- `seed-web:3` for `web-writer`\n- `seed-worker:2` for `worker`\n',
  );
  expect(result.summary).toContain('#### `seed-worker:2` for `worker`');
  expect(result.summary).toContain('| `seed-web:1` → `seed-web:3` |');
  // A rolling gate passed inside the step: deploy.yml's separate wait-healthy would only repeat it.
  expect(result.outputs.gated).toBe('true');
  expect(
    (JSON.parse(result.outputs.services) as { service: string; taskDefinitionArn: string }[]).map(
      (entry) => `${entry.service} ${entry.taskDefinitionArn.split('/')[1]}`,
    ),
  ).toEqual(['web seed-web:2', 'web-writer seed-web:3', 'worker seed-worker:2']);
}, 120_000);

test('with a blue/green strategy the step is not the whole gate: wait-healthy still has traffic to move', async () => {
  const { result } = await deploySeedShape('v2', {}, (config) =>
    [
      config,
      'strategy:',
      '  type: blue-green',
      '  blue-service: web',
      '  green-service: web-writer',
      '  listener-arn: arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/seed/0123456789abcdef/0123456789abcdef',
      '',
    ].join('\n'),
  );
  expectExit(result, 0);
  expect([result.outputs.outcome, result.outputs.gated]).toEqual(['deployed', 'false']);
}, 120_000);

test('one failing service (web behind the load balancer) rolls back all three', async () => {
  const { result, calls, final } = await deploySeedShape('broken', {
    [`@${seedDigest('seed/haproxy', 'broken')}`]: { kind: 'never-healthy' },
  });
  expectExit(result, 1);
  expect(
    calls.map(operation).filter((name) => name.startsWith('UpdateService') || name === 'RunTask'),
  ).toEqual([
    'RunTask',
    'UpdateService web → seed-web:2',
    'UpdateService web-writer → seed-web:3',
    'UpdateService worker → seed-worker:2',
    'UpdateService web → seed-web:1',
    'UpdateService web-writer → seed-web:1',
    'UpdateService worker → seed-worker:1',
  ]);
  expect(final).toEqual({ web: 'seed-web:1', 'web-writer': 'seed-web:1', worker: 'seed-worker:1' });
  expect(result.outputs.outcome).toBe('rolled-back');
}, 120_000);

test('a service naming a container its task definition lacks fails at its config path, before any change', async () => {
  const { result, calls, final } = await deploySeedShape('v2', {}, (config) =>
    config.replace('      worker: app', '      wrker: app'),
  );
  expectExit(result, 1);
  expect(result.stdout + result.stderr).toContain(
    "services[2].containers.wrker: container 'wrker' is not in .aws/worker.json (containers: worker)",
  );
  expect(calls).toEqual([]);
  expect(final).toEqual({ web: 'seed-web:1', 'web-writer': 'seed-web:1', worker: 'seed-worker:1' });
}, 60_000);

test("docs/configuration.md's several-services example: three services from two task definitions and two images", async () => {
  harness = await startDeployHarness(seedWorld(healthySeedImages()), 200);
  mkdirSync(join(harness.workspace, '.aws'), { recursive: true });
  for (const file of ['.aws/web.json', '.aws/worker.json'])
    copyFileSync(join(ROOT, 'examples', 'seed-shape', file), join(harness.workspace, file));
  writeFileSync(join(harness.workspace, 'ecs-kit.yml'), docExample('docs/configuration.md#several-services'));
  const result = await runDeploy(harness, {
    config: 'ecs-kit.yml',
    // The example is a base alone: no environment.
    environment: '',
    cluster: '',
    service: '',
    'aws-region': 'us-east-1',
    'built-images': `proxy=${seedImageByDigest('seed/haproxy', 'v2')}\napp=${seedImageByDigest('seed/node', 'v2')}`,
  });
  expectExit(result, 0);
  const described = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'seed', services: SERVICES }),
  );
  const running = Object.fromEntries(
    described.services!.map((service) => [service.serviceName, service.taskDefinition!.split('/')[1]]),
  );
  // web and web-writer run .aws/web.json (web-writer on a revision of its own), the worker .aws/worker.json.
  expect(running).toEqual({ web: 'seed-web:2', 'web-writer': 'seed-web:3', worker: 'seed-worker:2' });
  const containers = async (revision: string) =>
    (await harness!.ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition: revision }))).taskDefinition!
      .containerDefinitions!;
  const images = (list: Awaited<ReturnType<typeof containers>>) =>
    Object.fromEntries(list.map((container) => [container.name, container.image]));
  const built = { proxy: seedImageByDigest('seed/haproxy', 'v2'), app: seedImageByDigest('seed/node', 'v2') };
  expect(images(await containers('seed-web:2'))).toEqual(built);
  // The worker's own `containers: { worker: app }`: the app image in its worker container, no proxy.
  expect(images(await containers('seed-worker:2'))).toEqual({ worker: built.app });
  const env = (list: Awaited<ReturnType<typeof containers>>) =>
    Object.fromEntries(list[0].environment!.map((pair) => [pair.name, pair.value]));
  const web = await containers('seed-web:2');
  expect(env(await containers('seed-web:3'))).toEqual({ ...env(web), WRITE_HEAVY: 'true' });
}, 60_000);
