/**
 * The CI `actions` job (ci.yml) run locally: each `uses: ./actions/<name>` step of that job, in order and
 * with its `with:` inputs, as the bundled action against the simulator seeded with the same world. So the
 * job that proves each action runs from its path is itself known to pass.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, runAction } from '../helpers/action.js';
import { useSimulator } from '../helpers/simulator.js';
import { readWorkflow, type Job } from './checks/model.js';
import { ciTaskDefinition, ciWorld } from './fixtures/ci-world.js';

const job = readWorkflow(ROOT, '.github/workflows/ci.yml').workflow.jobs?.actions as Job;
const actionSteps = (job.steps ?? []).filter((step) => step.uses?.startsWith('./actions/'));
const timeScale = Number((job as { env?: Record<string, string> }).env?.ECS_KIT_TIME_SCALE ?? '1');

const simulator = useSimulator({ timeScale, world: ciWorld(), seed: 3 });
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-ci-actions-'));
  mkdirSync(join(workspace, '.tmp', 'ci'), { recursive: true });
  writeFileSync(join(workspace, '.tmp', 'ci', 'task-definition.json'), JSON.stringify(ciTaskDefinition()));
});

test('the job runs the four actions from their paths', () => {
  expect(actionSteps.map((step) => step.uses).sort()).toEqual(
    [
      './actions/build-push',
      './actions/cleanup-ecr',
      './actions/ecs-deploy',
      './actions/wait-healthy',
    ].sort(),
  );
});

test('every action step succeeds, in order', async () => {
  const outputs: Record<string, Record<string, string>> = {};
  for (const step of actionSteps) {
    const inputs: Record<string, string> = {};
    for (const [name, value] of Object.entries(step.with ?? {})) {
      inputs[name] = String(value).replace(
        /\$\{\{\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*\}\}/g,
        (_match, id: string, output: string) => outputs[id]?.[output] ?? '',
      );
    }
    expect(Object.values(inputs).join(' ')).not.toMatch(/\$\{\{/);
    const result = await runAction(step.uses!.slice('./actions/'.length), {
      inputs,
      endpoint: simulator().sim.endpoint,
      workspace,
      env: { ECS_KIT_TIME_SCALE: String(timeScale) },
    });
    if (result.code !== 0) {
      throw new Error(
        `${step.name}: exit ${result.code}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-1500)}`,
      );
    }
    if (step.id) outputs[step.id] = result.outputs;
  }
  expect(outputs.deploy.outcome).toBe('deployed');
});
