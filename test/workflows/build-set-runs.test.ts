/**
 * build.yml with an image set, run by the workflow runner against the simulator with the fake docker: the
 * caller's `pre-build` command runs in the checkout after checkout and before the AWS credentials, and what
 * it generates is in the build context; with `attest`, one attestation's subjects are exactly the images
 * this run built (`<hex>  <repository URI>`, the sha256sum form actions/attest-build-provenance reads from
 * `subject-checksums`), so an image skipped as unchanged is not attested again.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installFakeDocker, type FakeDocker } from '../helpers/fake-docker.js';
import { useSimulatorPerTest, type SimulatorHarness } from '../helpers/simulator.js';
import { explainRun, runWorkflow, type WorkflowResult } from './runner/run-workflow.js';
import { callerRepository } from './fixtures/caller-repository.js';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const simulators = useSimulatorPerTest();
let scratch: string;
let workspace: string;
let docker: FakeDocker;

const CONFIG = `version: 1
region: us-east-1
cluster: shop
containers:
  proxy: proxy
  app: app
services:
  - name: web
build:
  images:
    proxy:
      repository: shop/proxy
      context: proxy
    app:
      repository: shop/app
      context: app
`;

/**
 * The caller: build.yml with the set, attestation on, and a pre-build command that generates the file
 * app's Dockerfile copies. It writes whether AWS credentials were there when it ran (they must not be).
 */
const caller = (version: string) => `
name: build
on: push
permissions:
  contents: read
jobs:
  build:
    uses: <owner>/ecs-kit/.github/workflows/build.yml@0000000000000000000000000000000000000000 # v1.2.3
    permissions:
      contents: read
      id-token: write
      attestations: write
    with:
      role-to-assume: arn:aws:iam::123456789012:role/shop-build
      aws-region: us-east-1
      pre-build: printf 'version=${version} region=%s\\n' "\${AWS_REGION:-none}" > app/generated.txt
`;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'ecs-kit-build-set-'));
  docker = installFakeDocker(scratch);
  workspace = join(scratch, 'repo');
  const files: Record<string, string> = {
    '.github/ecs-kit.yml': CONFIG,
    'proxy/Dockerfile': 'FROM scratch\nCOPY proxy.cfg /\n',
    'proxy/proxy.cfg': 'listen 80\n',
    'app/Dockerfile': 'FROM scratch\nCOPY generated.txt server.js /\n',
    'app/server.js': 'console.log("hi")\n',
  };
  callerRepository(workspace, files);
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

async function start(): Promise<SimulatorHarness> {
  return simulators.start({ world: { repositories: [{ name: 'shop/proxy' }, { name: 'shop/app' }] } });
}

async function build(harness: SimulatorHarness, version: string): Promise<WorkflowResult> {
  const result = await runWorkflow(caller(version), {
    endpoint: harness.sim.endpoint,
    workspace,
    env: docker.env,
  });
  if (result.jobs.build.result !== 'success') throw new Error(explainRun(result));
  return result;
}

/** The fake docker's builds since `from`: the repository pushed and the context's files (path → sha256). */
function builds(from = 0): { repository: string; context: Record<string, string> }[] {
  return readFileSync(docker.log, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { argv: string[]; context?: Record<string, string> })
    .filter((call) => call.argv[0] === 'buildx' && call.argv[1] === 'build')
    .slice(from)
    .map((call) => ({
      repository: call.argv[call.argv.indexOf('--tag') + 1].split(':')[0].split('/').slice(1).join('/'),
      context: call.context!,
    }));
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The steps of the build job by name, in the order they ran (skipped ones marked). */
function stepNames(result: WorkflowResult): string[] {
  return result.steps.map((step) => `${step.skipped ? 'skipped ' : ''}${step.name}`);
}

/** `built`/`images` output lines as the subjects they must become: `<repository URI>` → hex digest. */
function expectedSubjects(lines: string): { name: string; sha256: string }[] {
  return lines
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => {
      const reference = line.slice(line.indexOf('=') + 1);
      const [name, digest] = reference.split('@sha256:');
      return { name, sha256: digest };
    });
}

test('build.yml: the pre-build command generates what the build needs, and the set attestation names exactly the built images', async () => {
  const harness = await start();
  const first = await build(harness, '1');
  expect(stepNames(first)).toEqual([
    "Check out the caller's repository",
    'Pre-build command',
    'Set up Docker Buildx',
    'AWS credentials (OIDC)',
    'Build and push',
    'skipped Image name for the attestation',
    'skipped Attest build provenance',
    'Attestation subjects of the image set',
    'Attest build provenance of the image set',
  ]);
  // The hook ran before the credentials (no region yet) and its file was in app's build context.
  const generated = readFileSync(join(workspace, 'app', 'generated.txt'), 'utf8');
  expect(generated).toBe('version=1 region=none\n');
  expect(builds().map((entry) => entry.repository)).toEqual(['shop/proxy', 'shop/app']);
  expect(builds()[1].context).toEqual({
    Dockerfile: sha256('FROM scratch\nCOPY generated.txt server.js /\n'),
    'generated.txt': sha256(generated),
    'server.js': sha256('console.log("hi")\n'),
  });

  const step = first.steps.find((entry) => entry.name === 'Build and push')!;
  const { images, built } = step.result!.outputs;
  expect(built).toBe(images);
  const attest = first.steps.find((entry) => entry.name === 'Attest build provenance of the image set')!;
  expect(Object.keys(attest.inputs!)).toEqual(['subject-checksums']);
  const subjects = expectedSubjects(built);
  expect(subjects.map((subject) => subject.name)).toEqual([`${REGISTRY}/shop/proxy`, `${REGISTRY}/shop/app`]);
  expect(attest.subjects).toEqual(subjects);
  // The digests are the ones ECR holds.
  for (const subject of attest.subjects!) {
    const repository = subject.name.slice(REGISTRY.length + 1);
    expect(
      harness.sim.world.ecr.repository(repository).byTag('0123456789abcdef0123456789abcdef01234567')!.digest,
    ).toBe(`sha256:${subject.sha256}`);
  }

  // A new generated file changes app's context only: proxy is skipped, and only app is attested.
  const second = await build(harness, '2');
  expect(builds(2).map((entry) => entry.repository)).toEqual(['shop/app']);
  expect(builds(2)[0].context['generated.txt']).toBe(sha256('version=2 region=none\n'));
  const rebuilt = second.steps.find((entry) => entry.name === 'Build and push')!.result!.outputs;
  expect(rebuilt.built.split('\n')).toHaveLength(1);
  expect(rebuilt.images).toContain(images.split('\n')[0]);
  const again = second.steps.find((entry) => entry.name === 'Attest build provenance of the image set')!;
  expect(again.subjects).toEqual(expectedSubjects(rebuilt.built));
  expect(again.subjects!.map((subject) => subject.name)).toEqual([`${REGISTRY}/shop/app`]);

  // Nothing changed: nothing built, nothing attested.
  const third = await build(harness, '2');
  expect(builds(3)).toEqual([]);
  expect(stepNames(third).slice(-2)).toEqual([
    'skipped Attestation subjects of the image set',
    'skipped Attest build provenance of the image set',
  ]);
}, 120_000);
