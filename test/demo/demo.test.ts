/**
 * `npm run demo` end to end: the real bundles deploy, shift traffic, roll back and plan a cleanup on the
 * simulator with its data plane, and not one request through the listener fails.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';

test('the demo runs every step as scripted with zero failed requests', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'demo.ts')], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 150_000,
  });
  const output = `${run.stdout}\n${run.stderr}`;
  expect([run.status, output]).toEqual([0, expect.stringContaining('7/7 steps as scripted')]);
  // Zero failed requests everywhere but the user-red canary step, which the metric gate cuts short.
  expect(output).toMatch(/failed requests outside step 6: 0 ok/);
  expect(output).toMatch(/failed during step 6 \(the user-red canary\): \d+, 0\.\d+% of all ok/);
  // Step 1 runs the migration, then rolls the live colour and the worker out together.
  expect(output).toMatch(
    /1\. ecs-deploy v1 from ecs-kit\.yml[\s\S]*deploy\.before\[0\] +succeeded +npm run migrate/,
  );
  expect(output).toMatch(/1\. ecs-deploy v1[\s\S]*\[worker\]\([^)]*\)[^\n]* completed [\s\S]*2\. ecs-deploy/);
  expect(output).toMatch(/3\. wait-healthy blue\/green[\s\S]*verdict=healthy, rolled-back=false/);
  expect(output).toMatch(/4\. ecs-deploy v3[\s\S]*exit 1, outcome=rolled-back/);
  // Traffic that reached v3 would show as a revision serving requests in step 4.
  const step4 = /step 4 +\d+ +\d+ +\d+ +\d+ +[\d.]+ +[\d.]+ +(.*)/.exec(output);
  expect(step4?.[1].trim()).toMatch(/^shop-web:3:\d+$/);
}, 160_000);
