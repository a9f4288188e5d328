/** Data plane: a rolling update under real load loses no request, and the load report shows the shift. */
import {
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { measurePhases } from '../../sim/load/phases.js';
import { failures } from '../../sim/load/report.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { startDataPlane, stopDataPlane, waitFor, type DataPlaneHarness } from './dataplane-fixtures.js';

let harness: DataPlaneHarness | undefined;
afterEach(async () => {
  await stopDataPlane(harness);
  harness = undefined;
});

/** Rolls `web` to shop:v2 under load and returns the load report once the old tasks have stopped. */
async function rollUnderLoad(h: DataPlaneHarness) {
  const { report } = await measurePhases({
    url: `${h.url()}/?sleep=20`,
    concurrency: 4,
    maxRequests: 50_000,
    maxDurationMs: 50_000,
    beforeMs: 500,
    afterMs: 500,
    during: async () => {
      const input = webTaskDefinition(
        '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2',
      ) as unknown as RegisterTaskDefinitionCommandInput;
      const registered = await h.ecs.send(new RegisterTaskDefinitionCommand(input));
      const taskDefinition = registered.taskDefinition!.taskDefinitionArn!;
      await h.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition }));
      await waitFor(
        'old tasks stopped',
        () => {
          h.sim.world.clock.fireDue();
          const tasks = [...h.sim.world.ecs.state.clusters.get('prod')!.tasks.values()];
          return tasks
            .filter((task) => task.taskDefinition.arn !== taskDefinition)
            .every((task) => task.lastStatus === 'STOPPED');
        },
        40_000,
      );
    },
  });
  return report;
}

test('rolling update with draining: every request answered 200, v1 before, v2 after', async () => {
  harness = await startDataPlane(rollingWorld(), 100);
  const report = await rollUnderLoad(harness);
  expect(report.phases.map((figures) => figures.phase)).toEqual(['before', 'during', 'after']);
  expect(failures(report.total)).toBe(0);
  const [before, during, after] = report.phases;
  expect(Object.keys(before.servedBy)).toEqual(['shop-web:1']);
  expect(Object.keys(during.servedBy).sort()).toEqual(['shop-web:1', 'shop-web:2']);
  expect(Object.keys(after.servedBy)).toEqual(['shop-web:2']);
  expect(report.total.p99Ms).toBeGreaterThanOrEqual(report.total.p50Ms);
});

test('slow-start image: tasks answering 503 while they warm up get no traffic until healthy', async () => {
  const world = rollingWorld();
  // Warm after 45 s: the check at 30 s gets a 503, those at 60 s and 90 s pass (healthy after 2).
  world.behaviours = { 'shop:v2': { kind: 'slow-start', healthyAfterMs: 45_000 } };
  harness = await startDataPlane(world, 100);
  const report = await rollUnderLoad(harness);
  expect(failures(report.total)).toBe(0);
  expect(Object.keys(report.phases[2].servedBy)).toEqual(['shop-web:2']);
  const warmedUp = harness.sim.world.timeline.filter(
    (event) => event.type === 'target-health' && event.from === 'initial' && event.to === 'healthy',
  );
  expect(warmedUp).toHaveLength(2);
});
