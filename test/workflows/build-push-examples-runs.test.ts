/**
 * build-push's README examples, run as written in a job against the simulated ECR with a fake docker on
 * PATH (test/helpers/fake-docker.ts records every call): a plain build into a repository it creates, a
 * multi-platform build with a registry cache, and the promotion of the built digest to another repository.
 * The promotion reads `needs.build.outputs.digest`, which a stand-in build job gives.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { docExample } from '../helpers/doc-examples.js';
import { installFakeDocker, type FakeDocker } from '../helpers/fake-docker.js';
import { useSimulator } from '../helpers/simulator.js';
import { explainRun, runWorkflow, type WorkflowResult } from './runner/run-workflow.js';
import { stepsAsWorkflow, type StepExampleContext } from './runner/step-examples.js';
import { callerRepository, commitChange } from './fixtures/caller-repository.js';

const REGISTRY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const simulator = useSimulator({
  region: 'eu-west-1',
  world: { repositories: [{ name: 'shop/web-prod', images: [] }] },
  seed: 25,
});
let scratch: string;
let workspace: string;
let docker: FakeDocker;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-build-examples-'));
  workspace = join(scratch, 'repo');
  mkdirSync(workspace);
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\n');
  callerRepository(workspace);
  docker = installFakeDocker(scratch);
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function run(example: string, context: StepExampleContext = {}): Promise<WorkflowResult> {
  const result = await runWorkflow(stepsAsWorkflow(example, context), {
    endpoint: simulator().sim.endpoint,
    workspace,
    secrets: { NPM_TOKEN: 'npm-secret-token' },
    env: { AWS_REGION: 'eu-west-1', ...docker.env },
  });
  if (result.jobs.example.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** The `buildx build` calls the fake docker saw since `from`, as their argv and build-secret environment. */
function builds(from: number): { argv: string[]; env: Record<string, string> }[] {
  return readFileSync(docker.log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .slice(from)
    .map((line) => JSON.parse(line) as { argv: string[]; env: Record<string, string> })
    .filter((call) => call.argv[0] === 'buildx' && call.argv[1] === 'build');
}
const dockerCalls = () =>
  readFileSync(docker.log, 'utf8')
    .split('\n')
    .filter((line) => line !== '').length;

/** A repository's images: digest → tags. */
async function images(repository: string): Promise<Record<string, string[]>> {
  const described = await simulator().ecr.send(new DescribeImagesCommand({ repositoryName: repository }));
  return Object.fromEntries(
    (described.imageDetails ?? []).map((image) => [image.imageDigest!, image.imageTags ?? []]),
  );
}

let digest: string;

test('build-push README, plain build: creates shop/web, passes the build argument and the secret, pushes', async () => {
  const from = dockerCalls();
  const result = await run(docExample('actions/build-push/README.md#plain'));
  const build = result.steps.find((step) => step.uses?.includes('/actions/build-push@'))!.result!;
  digest = build.outputs.digest;
  expect(build.outputs.image).toBe(`${REGISTRY}/shop/web@${digest}`);
  expect(Object.keys(await images('shop/web'))).toEqual([digest]);
  const [call] = builds(from);
  expect(call.argv.join(' ')).toContain('--build-arg NODE_VERSION=22');
  expect(Object.values(call.env)).toContain('npm-secret-token');
  // The step after it reads the image output.
  expect(result.steps.at(-1)!.output).toContain(`deploying ${build.outputs.image}`);
}, 60_000);

test('build-push README, multi-platform: one build for both platforms with a registry cache', async () => {
  writeFileSync(join(workspace, 'Dockerfile'), 'FROM scratch\nLABEL platforms=2\n');
  commitChange(workspace);
  const from = dockerCalls();
  await run(docExample('actions/build-push/README.md#multi-platform'));
  const calls = builds(from);
  expect(calls).toHaveLength(1);
  const argv = calls[0].argv.join(' ');
  expect(argv).toContain('--platform linux/amd64,linux/arm64');
  expect(argv).toMatch(new RegExp(`--cache-from type=registry,ref=${REGISTRY}/shop/web:`));
}, 60_000);

test('build-push README, promotion: the built digest tagged production in shop/web-prod, nothing rebuilt', async () => {
  const from = dockerCalls();
  await run(docExample('actions/build-push/README.md#promotion'), { needOutputs: { build: { digest } } });
  expect(builds(from)).toEqual([]);
  expect(await images('shop/web-prod')).toEqual({ [digest]: ['production'] });
}, 60_000);
