/**
 * Day one with several services on different families (the seed shape's EC2 estate), all deployed by hand:
 * no kit tags anywhere, so ECS's record of service deployments is the only history. One rollback step
 * returns each service to its own previous revision from ECS's successful deployments of that service: web
 * and web-writer run family seed-web on revisions of their own, worker runs seed-worker. When one service cannot get back, the step fails saying, per service, where it
 * is and what ECS does with it, with the command that restores it.
 */
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { healthySeedImages, seedImage, seedTaskDefinition, seedWorld } from '../helpers/seed-world.js';
import {
  expectExit,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from './ecs-deploy-kit.js';

const SERVICES = ['web', 'web-writer', 'worker'];

let harness: DeployHarness | undefined;
afterEach(async () => {
  await stopDeployHarness(harness);
  harness = undefined;
});

/** Registers a revision of one of the example's task definitions by hand; returns family:revision. */
async function register(
  file: string,
  tag: string,
  environment: Record<string, string> = {},
): Promise<string> {
  const definition = seedTaskDefinition(file, tag) as { containerDefinitions: Record<string, unknown>[] };
  definition.containerDefinitions[0].environment = Object.entries(environment).map(([name, value]) => ({
    name,
    value,
  }));
  const registered = await harness!.ecs.send(new RegisterTaskDefinitionCommand(definition as never));
  return registered.taskDefinition!.taskDefinitionArn!.split('/')[1];
}

/** A plain UpdateService, as the console or another tool would do it, then simulated time until settled. */
async function updateByHand(service: string, taskDefinition: string): Promise<void> {
  await harness!.ecs.send(new UpdateServiceCommand({ cluster: 'seed', service, taskDefinition }));
  for (let step = 0; step < 200; step++) {
    const described = await harness!.ecs.send(
      new DescribeServicesCommand({ cluster: 'seed', services: [service] }),
    );
    const deployments = described.services![0].deployments ?? [];
    if (deployments.length === 1 && deployments[0].rolloutState === 'COMPLETED') return;
    harness!.sim.world.clock.advance(5_000);
  }
  throw new Error(`${service} did not settle on ${taskDefinition}`);
}

async function revisions(): Promise<Record<string, string>> {
  const described = await harness!.ecs.send(
    new DescribeServicesCommand({ cluster: 'seed', services: SERVICES }),
  );
  return Object.fromEntries(
    described.services!.map((service) => [service.serviceName!, service.taskDefinition!.split('/')[1]]),
  );
}

/**
 * The hand-made history: web 1 → 2 → 4 and web-writer 1 → 3 → 5 (one family, revisions of their own), and
 * worker seed-worker 1 → 2 with `workerTag`. Returns what each service ran before its last update.
 */
async function handDeployedEstate(workerTag: string): Promise<Record<string, string>> {
  harness = await startDeployHarness(seedWorld(healthySeedImages()));
  const web2 = await register('web.json', 'v2');
  const writer3 = await register('web.json', 'v2', { WRITE_HEAVY: 'true' });
  await updateByHand('web', web2);
  await updateByHand('web-writer', writer3);
  const web4 = await register('web.json', 'v1', { RELEASE: '4' });
  const writer5 = await register('web.json', 'v1', { WRITE_HEAVY: 'true', RELEASE: '5' });
  const worker2 = await register('worker.json', workerTag);
  await updateByHand('web', web4);
  await updateByHand('web-writer', writer5);
  await updateByHand('worker', worker2);
  expect(await revisions()).toEqual({
    web: 'seed-web:4',
    'web-writer': 'seed-web:5',
    worker: 'seed-worker:2',
  });
  return { web: web2, 'web-writer': writer3, worker: 'seed-worker:1' };
}

const rollback = () =>
  runDeploy(harness!, { cluster: 'seed', service: SERVICES.join(','), mode: 'rollback', timeout: '5m' });

test('day one, several services and families: one rollback step returns each to its own previous revision', async () => {
  const before = await handDeployedEstate('v2');
  const result = await rollback();
  expectExit(result, 0);
  expect(result.outputs.outcome).toBe('rolled-back');
  expect(await revisions()).toEqual(before);
  expect(before['web']).not.toBe(before['web-writer']);
  // Each service's from → to and its evidence (ECS's successful deployments of that service).
  expect(result.summary).toContain('### Rollback targets');
  expect(result.summary).toMatch(
    /\| `web-writer` \| `seed-web:5` \| `seed-web:3` \| target of a successful ECS service deployment/,
  );
  expect(result.summary).toContain('| `worker` | `seed-worker:2` | `seed-worker:1` |');
  const services = JSON.parse(result.outputs.services) as { service: string; taskDefinitionArn: string }[];
  expect(services.map((entry) => [entry.service, entry.taskDefinitionArn.split('/')[1]])).toEqual(
    SERVICES.map((service) => [service, before[service]]),
  );
}, 180_000);

test('one service that cannot get back fails the step, saying per service where it is and how to restore it', async () => {
  await handDeployedEstate('v2');
  // web's previous revision (seed-web:2) now never passes the load balancer's health check (its proxy
  // image, haproxy v2): its rollback cannot complete. web-writer (no load balancer) and worker get back.
  harness!.sim.world.behaviours.set({ [seedImage('seed/haproxy', 'v2')]: { kind: 'never-healthy' } });
  const result = await rollback();
  expectExit(result, 1);
  expect(result.outputs.outcome).toBe('failed');
  const failure = result.annotations.map((entry) => entry.message).join('\n');
  expect(failure).toContain('rollback did not complete for web:');
  expect(failure).toContain('web-writer: back on seed-web:3');
  expect(failure).toContain('worker: back on seed-worker:1');
  expect(failure).toMatch(/web: the rollback to seed-web:2 (failed|did not complete)/);
  expect(failure).toContain(
    'aws ecs update-service --cluster seed --service web --task-definition seed-web:',
  );
  const now = await revisions();
  expect([now['web-writer'], now.worker]).toEqual(['seed-web:3', 'seed-worker:1']);
}, 180_000);
