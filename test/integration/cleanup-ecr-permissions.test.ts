/**
 * cleanup-ecr with one permission missing at a time (the deny matrix for this action): every IAM action
 * a passing run calls is denied in turn. A denied read fails the step before any image is deleted,
 * naming the permission and docs/iam/cleanup-ecr.json; a denied BatchDeleteImage deletes nothing and
 * says so. The bundle runs as a process against one simulator, reset between runs.
 */
import { expect, test } from '@jest/globals';
import { IAM_PREFIX, SimControl } from '../../sim/index.js';
import { runAction } from '../helpers/action.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';

const harness = useSimulator({ timeScale: 50 });
const DAY = 86_400_000;

/** The rolling world (service `web` runs shop:v1) plus eight old builds for keep-newest to delete. */
function world() {
  const seed = rollingWorld();
  seed.repositories![0].images!.push(
    ...Array.from({ length: 8 }, (_, i) => ({
      tags: [`build-${i + 1}`],
      pushedAt: Date.now() - (i + 2) * DAY,
      sizeBytes: 1_000_000,
    })),
  );
  return seed;
}

async function runDenied(operations: string[]) {
  const { sim } = harness();
  const control = new SimControl(sim.endpoint);
  await control.reset({ timeScale: 50 });
  await control.seed(world());
  await control.deny(operations);
  const result = await runAction('cleanup-ecr', {
    endpoint: sim.endpoint,
    inputs: { repositories: 'shop', clusters: 'prod', 'keep-newest': 3 },
  });
  const calls = sim.world.log.list();
  const deleted = calls.filter((call) => call.mutating && call.outcome === 'ok');
  return { result, calls, deleted };
}

test('cleanup-ecr: each denied permission fails before any image is deleted, naming it', async () => {
  const passing = await runDenied([]);
  expect(passing.result.code).toBe(0);
  expect(passing.deleted.map((call) => call.operation)).toEqual(['BatchDeleteImage']);
  const actions = [...new Set(passing.calls.map((call) => `${IAM_PREFIX[call.service]}:${call.operation}`))];
  const figures: string[] = [];
  for (const action of actions) {
    const { result, deleted } = await runDenied([action]);
    const error = result.annotations.find((annotation) => annotation.level === 'error')?.message ?? '';
    figures.push(`${action}: exit ${result.code}, ${deleted.length} deletions: ${error.slice(0, 140)}`);
    expect(result.code).toBe(1);
    expect(deleted).toEqual([]);
    expect(error).toContain(action);
    expect(error).toContain('docs/iam/cleanup-ecr.json');
  }
  console.log(`cleanup-ecr deny matrix: ${actions.length} runs\n${figures.join('\n')}`);
}, 120_000);
