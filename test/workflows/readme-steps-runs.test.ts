/**
 * The step examples of ecs-deploy's and wait-healthy's READMEs, run as written in one job against one
 * simulated service (cluster `prod`, service `web`, family shop-web behind a target group), in the order a
 * team meets them: deploy the image a build step made, plan the next one on a pull request, deploy it and
 * gate it with wait-healthy (one deployment, then every deployment of a step), roll back to the last
 * revision a gate passed, and deploy again with a migration first. The image
 * the examples read from `steps.build.outputs.image` comes from a stand-in build step.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeServicesCommand, DescribeTaskDefinitionCommand } from '@aws-sdk/client-ecs';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { explainRun, runWorkflow, type StepRecord, type WorkflowResult } from './runner/run-workflow.js';
import { stepsAsWorkflow, type StepExampleContext } from './runner/step-examples.js';

const TIME_SCALE = 100;
const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;
const world = rollingWorld();
// The migration example runs a task from the service's network configuration (awsvpc on Fargate).
world.services![0].networkConfiguration = {
  awsvpcConfiguration: { subnets: ['subnet-0aa1'], securityGroups: ['sg-0web'], assignPublicIp: 'DISABLED' },
};
const simulator = useSimulator({ timeScale: TIME_SCALE, world, seed: 21 });
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-readme-steps-'));
  mkdirSync(join(workspace, '.aws'));
  writeFileSync(
    join(workspace, '.aws', 'task-definition.json'),
    JSON.stringify(webTaskDefinition(image('v1'))),
  );
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

async function run(example: string, context: StepExampleContext): Promise<WorkflowResult> {
  const result = await runWorkflow(stepsAsWorkflow(example, context), {
    endpoint: simulator().sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE), AWS_REGION: 'us-east-1' },
  });
  if (result.jobs.example.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** The example's kit step that ran, by action name. */
function kitStep(result: WorkflowResult, action: string): StepRecord {
  return result.steps.find((step) => step.uses?.includes(`/actions/${action}@`) && !step.skipped)!;
}

/** The task definition service web runs, and the image of its container web. */
async function running(): Promise<{ taskDefinition: string; image: string }> {
  const { ecs } = simulator();
  const service = (await ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })))
    .services![0];
  const revision = await ecs.send(
    new DescribeTaskDefinitionCommand({ taskDefinition: service.taskDefinition }),
  );
  return {
    taskDefinition: service.taskDefinition!,
    image: revision.taskDefinition!.containerDefinitions!.find((container) => container.name === 'web')!
      .image!,
  };
}

const mutatingCalls = (from: number) =>
  simulator()
    .sim.world.log.list()
    .slice(from)
    .filter((call) => call.mutating)
    .map((call) => call.operation);

/** A deploy of `tag` that leaves gating to the example that follows (id `deploy`, as the examples read it). */
const deployStep = (tag: string) => `
- id: deploy
  uses: <owner>/ecs-kit/actions/ecs-deploy@${'0'.repeat(40)} # v1.2.3
  with:
    cluster: prod
    service: web
    task-definition: .aws/task-definition.json
    container-name: web
    image: ${image(tag)}
    wait: none
`;

let deployed: string;
let gated: string;

test('ecs-deploy README, one container: the service runs a new revision with the built image', async () => {
  const result = await run(docExample('actions/ecs-deploy/README.md#one-container'), {
    stepOutputs: { build: { image: image('v2') } },
  });
  const deploy = kitStep(result, 'ecs-deploy').result!;
  expect(deploy.outputs.outcome).toBe('deployed');
  deployed = deploy.outputs['task-definition-arn'];
  expect(await running()).toEqual({ taskDefinition: deployed, image: image('v2') });
}, 120_000);

test('ecs-deploy README, plan: shows the change and makes none', async () => {
  const before = simulator().sim.world.log.list().length;
  const result = await run(docExample('actions/ecs-deploy/README.md#plan'), {
    stepOutputs: { build: { image: image('v3') } },
  });
  const plan = kitStep(result, 'ecs-deploy').result!;
  expect(plan.outputs.diff).toContain(image('v3'));
  expect(mutatingCalls(before)).toEqual([]);
  expect(await running()).toEqual({ taskDefinition: deployed, image: image('v2') });
}, 120_000);

test('wait-healthy README, rolling: gates the deployment ecs-deploy started', async () => {
  const result = await run(docExample('actions/wait-healthy/README.md#rolling'), {
    before: deployStep('v3'),
  });
  expect(kitStep(result, 'wait-healthy').result!.outputs.verdict).toBe('healthy');
  const now = await running();
  expect(now.image).toBe(image('v3'));
  // The gate marks the revision it passed healthy: the rollback at the end returns to it.
  gated = now.taskDefinition;
}, 120_000);

test('wait-healthy README, deployment-ids: gates every deployment of the ecs-deploy step', async () => {
  const result = await run(docExample('actions/wait-healthy/README.md#deployment-ids'), {
    before: deployStep('v4'),
  });
  expect(kitStep(result, 'wait-healthy').result!.outputs.verdict).toBe('healthy');
  expect((await running()).image).toBe(image('v4'));
}, 120_000);

test('ecs-deploy README, rollback: the service returns to the newest older revision marked healthy', async () => {
  const result = await run(docExample('actions/ecs-deploy/README.md#rollback'), {});
  const rollback = kitStep(result, 'ecs-deploy').result!;
  expect(rollback.outputs['task-definition-arn']).toBe(gated);
  expect(await running()).toEqual({ taskDefinition: gated, image: image('v3') });
}, 120_000);

test('ecs-deploy README, migration: the migration runs from the new revision before the service is updated', async () => {
  const before = simulator().sim.world.log.list().length;
  const result = await run(docExample('actions/ecs-deploy/README.md#migration'), {
    stepOutputs: { build: { image: image('v5') } },
  });
  const deploy = kitStep(result, 'ecs-deploy').result!;
  expect(mutatingCalls(before).slice(0, 3)).toEqual(['RegisterTaskDefinition', 'RunTask', 'UpdateService']);
  const runTask = simulator()
    .sim.world.log.list()
    .slice(before)
    .find((call) => call.operation === 'RunTask')!;
  expect(runTask.params).toMatchObject({
    taskDefinition: deploy.outputs['task-definition-arn'],
    overrides: { containerOverrides: [{ name: 'web', command: ['npm', 'run', 'migrate'] }] },
  });
  expect(await running()).toEqual({
    taskDefinition: deploy.outputs['task-definition-arn'],
    image: image('v5'),
  });
}, 120_000);
