/**
 * cleanup-ecr's README examples, run as written in a job against simulated repositories: the scheduled
 * cleanup of every `shop/*` repository (configure-aws-credentials' stand-in sets the region), and the
 * targeted cleanup of a closed pull request's images on a `pull_request` event.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Simulator } from '../../sim/index.js';
import type { ImageSeed } from '../../sim/ecr/model.js';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';
import { explainRun, runWorkflow, type WorkflowRun } from './runner/run-workflow.js';

const DAY = 86_400_000;
const simulators = useSimulatorPerTest();
let workspace: string;

beforeEach(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-cleanup-examples-'));
});
afterEach(() => rmSync(workspace, { recursive: true, force: true }));

/** An image with `tags` (none: untagged) pushed `days` ago. */
const pushed = (days: number, ...tags: string[]): ImageSeed => ({
  tags,
  pushedAt: Date.now() - days * DAY,
  sizeBytes: 1_000_000,
});

/** Tags left in a repository, newest push first, untagged images as '-'. */
function remaining(sim: Simulator, repository: string): string[] {
  return sim.world.ecr
    .listImages(repository)
    .sort((a, b) => b.pushedAt - a.pushedAt)
    .map((image) => image.tags.join('+') || '-');
}

async function run(sim: Simulator, job: Record<string, unknown>, options: Partial<WorkflowRun> = {}) {
  const workflow = stringify({ on: 'push', jobs: { cleanup: { 'runs-on': 'ubuntu-latest', ...job } } });
  const result = await runWorkflow(workflow, { endpoint: sim.endpoint, workspace, ...options });
  if (result.jobs.cleanup.result !== 'success') throw new Error(explainRun(result));
  return result;
}

test('cleanup-ecr README, scheduled: every shop/* repository keeps its newest 20 and its v* and release-* images', async () => {
  const builds = Array.from({ length: 25 }, (_, index) => pushed(index + 1, `build-${index + 1}`));
  const { sim } = await simulators.start({
    region: 'eu-west-1',
    world: {
      repositories: [
        {
          name: 'shop/web',
          images: [...builds, pushed(30), pushed(40), pushed(90, 'release-3'), pushed(100, 'v1.0')],
        },
        { name: 'shop/api', images: [pushed(1, 'build-1'), pushed(50)] },
        { name: 'billing', images: builds },
      ],
    },
  });
  // The example is a job without its runner: permissions and steps.
  await run(sim, parse(docExample('actions/cleanup-ecr/README.md#scheduled')) as Record<string, unknown>);
  expect(remaining(sim, 'shop/web')).toEqual([
    ...Array.from({ length: 20 }, (_, index) => `build-${index + 1}`),
    'release-3',
    'v1.0',
  ]);
  // The untagged image of 50 days is among shop/api's newest 20 (of two).
  expect(remaining(sim, 'shop/api')).toEqual(['build-1', '-']);
  // A repository outside shop/* is not looked at.
  expect(remaining(sim, 'billing')).toHaveLength(25);
}, 60_000);

test("cleanup-ecr README, pull request images: only that pull request's pr-<n>-* images go, whatever their age", async () => {
  const { sim } = await simulators.start({
    region: 'eu-west-1',
    world: {
      repositories: [
        {
          name: 'shop/web',
          images: [
            pushed(1, 'pr-42-abc'),
            pushed(2, 'pr-41-def'),
            pushed(3, 'main-7'),
            pushed(60, 'pr-42-0aa'),
            pushed(90),
          ],
        },
      ],
    },
  });
  const steps = parse(docExample('actions/cleanup-ecr/README.md#pull-request-images')) as unknown[];
  await run(
    sim,
    { steps },
    {
      event: {
        name: 'pull_request',
        payload: { action: 'closed', number: 42, pull_request: { number: 42 } },
      },
      env: { AWS_REGION: 'eu-west-1' },
    },
  );
  expect(remaining(sim, 'shop/web')).toEqual(['pr-41-def', 'main-7', '-']);
}, 60_000);
