/** wait-healthy, strategy rolling: the bundled action against the simulator. */
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld } from '../helpers/worlds.js';
import { rollTo, runWaitHealthy, startHarness, stopHarness, type Harness } from './wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

test('healthy as soon as the new tasks are healthy, long before the old ones drain', async () => {
  harness = await startHarness(rollingWorld());
  const deploymentId = await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { service: 'web', 'deployment-id': deploymentId });
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('healthy');
  expect(result.outputs['healthy-targets']).toBe('2');
});
