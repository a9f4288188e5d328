/**
 * The rollback button on the seed shape (issue 15): after two releases through deploy.yml, one dispatch of
 * rollback.yml with only the environment returns every staging service to the revision it ran before the
 * second release. web and web-writer run family seed-web on revisions of their own, worker runs
 * seed-worker, so each service needs its own target: web-writer must go back to its own previous revision,
 * never to web's, although both are tagged healthy in the same family and environment.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { ROOT } from '../helpers/action.js';
import { healthySeedImages, seedDigest, seedWorld } from '../helpers/seed-world.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { explainRun, runWorkflow, type WorkflowResult } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const TIME_SCALE = 200;
const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const SERVICES = ['web', 'web-writer', 'worker'];
const simulators = useSimulatorPerTest();
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-seed-rollback-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** The caller's repository: the example config as .github/ecs-kit.yml and its task definitions. */
function repository(): string {
  const workspace = join(scratch, 'repo');
  const example = join(ROOT, 'examples', 'seed-shape');
  mkdirSync(join(workspace, '.aws'), { recursive: true });
  mkdirSync(dirname(join(workspace, '.github', 'ecs-kit.yml')), { recursive: true });
  writeFileSync(
    join(workspace, '.github', 'ecs-kit.yml'),
    readFileSync(join(example, 'ecs-kit.yml'), 'utf8'),
  );
  for (const file of ['web.json', 'worker.json'])
    copyFileSync(join(example, '.aws', file), join(workspace, '.aws', file));
  callerRepository(workspace);
  return workspace;
}

const start = (): Promise<SimulatorHarness> =>
  simulators.start({
    timeScale: TIME_SCALE,
    region: 'eu-west-1',
    world: seedWorld(healthySeedImages()),
    seed: 15,
  });

/** The images map of one release: both images by the digest the repositories hold for `tag`. */
const release = (tag: string) =>
  `proxy=${REGISTRY}/seed/haproxy@${seedDigest('seed/haproxy', tag)}\napp=${REGISTRY}/seed/node@${seedDigest('seed/node', tag)}`;

const indent = (text: string) =>
  text
    .split('\n')
    .map((line) => `        ${line}`)
    .join('\n');

/** A caller of deploy.yml for staging with one release's images. */
const deployCaller = (images: string) => `
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
${indent(images)}
`;

/** A caller of rollback.yml for staging: the one-click rollback, with optional extra inputs. */
const rollbackCaller = (extra = '') => `
name: rollback
on: workflow_dispatch
permissions:
  contents: read
jobs:
  staging:
    uses: <owner>/ecs-kit/.github/workflows/rollback.yml@0000000000000000000000000000000000000000 # v1.2.3
    permissions:
      contents: read
      id-token: write
    with:
      environment: staging
      role-to-assume: arn:aws:iam::123456789012:role/seed-deploy
      aws-region: eu-west-1
${extra}`;

async function run(harness: SimulatorHarness, workspace: string, text: string): Promise<WorkflowResult> {
  const result = await runWorkflow(text, {
    endpoint: harness.sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
  });
  return result;
}

async function expectSuccess(harness: SimulatorHarness, workspace: string, text: string) {
  const result = await run(harness, workspace, text);
  if (result.jobs.staging.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** service → its revision (family:revision) in staging. */
async function revisions(harness: SimulatorHarness): Promise<Record<string, string>> {
  const described = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'seed', services: SERVICES }),
  );
  return Object.fromEntries(
    described.services!.map((service) => [service.serviceName!, service.taskDefinition!.split('/')[1]]),
  );
}

const mutating = (harness: SimulatorHarness) =>
  harness.sim.world.log.list().filter((call) => call.mutating).length;

test('one dispatch returns every service to the revision it ran before the release, each in its own family', async () => {
  const harness = await start();
  const workspace = repository();
  await expectSuccess(harness, workspace, deployCaller(release('v2')));
  const beforeRelease = await revisions(harness);
  await expectSuccess(harness, workspace, deployCaller(release('broken')));
  const released = await revisions(harness);
  // web and web-writer run one family on revisions of their own; the release moved every service.
  expect(beforeRelease['web']).not.toBe(beforeRelease['web-writer']);
  for (const service of SERVICES) expect(released[service]).not.toBe(beforeRelease[service]);

  // A dry run first: each service's target, nothing changed.
  const calls = mutating(harness);
  const planned = await expectSuccess(harness, workspace, rollbackCaller('      dry-run: true\n'));
  expect(planned.jobs.staging.outputs.outcome).toBe('planned');
  const plan = JSON.parse(planned.jobs.staging.outputs.services) as {
    service: string;
    taskDefinitionArn: string;
    previousTaskDefinitionArn: string;
  }[];
  expect(plan.map((entry) => [entry.service, entry.previousTaskDefinitionArn.split('/')[1]])).toEqual(
    SERVICES.map((service) => [service, released[service]]),
  );
  expect(plan.map((entry) => [entry.service, entry.taskDefinitionArn.split('/')[1]])).toEqual(
    SERVICES.map((service) => [service, beforeRelease[service]]),
  );
  expect(mutating(harness)).toBe(calls);

  const result = await expectSuccess(harness, workspace, rollbackCaller());
  const outputs = result.jobs.staging.outputs;
  expect(outputs.outcome).toBe('rolled-back');
  expect(await revisions(harness)).toEqual(beforeRelease);
  const byService = JSON.parse(outputs['task-definition-arns']) as Record<string, string>;
  expect(
    Object.fromEntries(Object.entries(byService).map(([name, arn]) => [name, arn.split('/')[1]])),
  ).toEqual(beforeRelease);
  // The step's summary gives each service's from → to.
  const step = result.steps.find((entry) => entry.uses?.endsWith('ecs-deploy'))!;
  expect(step.inputs!.mode).toBe('rollback');
  for (const service of SERVICES)
    expect(step.result!.summary).toContain(
      `| \`${service}\` | \`${released[service]}\` | \`${beforeRelease[service]}\` |`,
    );
  // One UpdateService per service, all three in the one step.
  const updates = harness.sim.world.log
    .list()
    .filter((call) => call.mutating)
    .slice(calls)
    .filter((call) => call.operation === 'UpdateService')
    .map((call) => String(call.params.service));
  expect(updates).toEqual(SERVICES);
}, 300_000);

test('revision names one revision per family; a family it leaves out fails naming the service, changing nothing', async () => {
  const harness = await start();
  const workspace = repository();
  await expectSuccess(harness, workspace, deployCaller(release('v2')));
  const calls = mutating(harness);
  const missing = await run(harness, workspace, rollbackCaller("      revision: 'seed-web:1'\n"));
  expect(missing.jobs.staging.result).toBe('failure');
  const step = missing.steps.find((entry) => entry.uses?.endsWith('ecs-deploy'))!;
  expect(step.result!.annotations.map((entry) => entry.message).join('\n')).toContain(
    'worker (family seed-worker)',
  );
  expect(mutating(harness)).toBe(calls);

  await expectSuccess(harness, workspace, rollbackCaller("      revision: 'seed-web:1, seed-worker:1'\n"));
  expect(await revisions(harness)).toEqual({
    web: 'seed-web:1',
    'web-writer': 'seed-web:1',
    worker: 'seed-worker:1',
  });
}, 300_000);
