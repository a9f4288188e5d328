/**
 * The deny matrix for preview (deploy and teardown) and build-push (a build through a fake docker, a
 * promotion and a promotion of an image set): the IAM actions a passing run called are denied one at a time. Every run must fail before
 * any mutating call naming the permission, or pass (with a warning when it called the denied action), or,
 * having changed something, fail naming the permission and saying how to finish (these actions converge on
 * a re-run: a preview is applied or removed step by step, a tag is written or not). A failure after a
 * change that names nothing is a violation. Engines run in process on the simulator's clock.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { DescribeImagesCommand } from '@aws-sdk/client-ecr';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAndPush } from '../../src/build/build-push.js';
import type { DockerRunner } from '../../src/build/docker.js';
import { runPromotion } from '../../src/build/promote-run.js';
import { runPromotionSet } from '../../src/build/promote-set.js';
import type { EngineContext } from '../../src/deploy/types.js';
import { errorMessage } from '../../src/errors.js';
import { deployPreview } from '../../src/preview/deploy.js';
import { teardownPreview } from '../../src/preview/teardown.js';
import { parseEcrImageReference } from '../../src/registry/reference.js';
import { IAM_PREFIX, type WorldSeed } from '../../sim/index.js';
import { prImage, previewWorld } from '../integration/preview-kit.js';
import { listenerArn } from '../integration/wait-healthy-kit.js';
import { useSimulator, type SimulatorHarness } from '../helpers/simulator.js';
import { clientsOf, recordingLogger, simulatorClock } from './deny-kit.js';

const harness = useSimulator({ timeScale: 1, maxAttempts: 3 });
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** One mode of one action. */
interface Mode {
  name: string;
  world: () => WorldSeed;
  /** Set-up before the run (a preview to tear down); not part of the run's log. */
  prepare?: (context: EngineContext, h: SimulatorHarness, listener: string) => Promise<void>;
  /** Runs the engine (`listener`: the shared listener's ARN, when the world has one); rejects with the failure. */
  run: (context: EngineContext, h: SimulatorHarness, listener: string) => Promise<void>;
  /** After a passing run: did it do its job? */
  done: (h: SimulatorHarness) => Promise<boolean>;
}

type Verdict = 'pre-mutation failure' | 'attended failure' | 'degraded pass' | 'pass' | 'violation';

interface RunRecord {
  mode: string;
  denied: string;
  verdict: Verdict;
  detail: string;
  /** The denied action is a mutating one (a read is always made before the first change). */
  deniedChange: boolean;
}

function previewOptions(context: EngineContext, listener: string) {
  return {
    clients: context.clients,
    clock: context.clock,
    logger: context.logger,
    cluster: 'prod',
    templateService: 'web',
    listenerArn: listener,
  };
}

async function deployPr12(context: EngineContext, _h: SimulatorHarness, listener: string): Promise<void> {
  const deployed = await deployPreview({
    ...previewOptions(context, listener),
    pullRequest: 12,
    images: [{ container: '', image: prImage(12, 'aaa'), input: 'image', required: true }],
    routing: { kind: 'path', baseUrl: 'https://previews.example.com' },
    priorities: { base: 40000, size: 5000 },
    desiredCount: 1,
    maxPreviews: 10,
    deregistrationDelaySeconds: 30,
    waitHealthy: true,
    healthTimeoutMs: 10 * 60_000,
  });
  if (deployed.health.status !== 'healthy') throw new Error(`preview is ${deployed.health.status}`);
}

async function previewService(h: SimulatorHarness): Promise<string | undefined> {
  const response = await h.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: ['web-pr-12'] }),
  );
  return response.services?.[0]?.status;
}

/** A docker whose `buildx build --push` stores a manifest in the simulated ECR, as the fake CLI does. */
function fakeDocker(h: SimulatorHarness): DockerRunner {
  return {
    run: async (args) => {
      if (args[0] === 'buildx' && args[1] === 'inspect')
        return { code: 0, stdout: 'Name: ci\nDriver: docker-container', stderr: '' };
      if (args[0] === 'buildx' && args[1] === 'build') {
        const value = (flag: string) => args.flatMap((arg, i) => (args[i - 1] === flag ? [arg] : []));
        const tags = value('--tag');
        const salt = createHash('sha256').update(args.join(' ')).digest('hex');
        const manifest = JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            size: 1000,
            digest: `sha256:${salt}`,
          },
          layers: [],
        });
        const repository = tags[0].replace(/^[^/]+\//, '').split(':')[0];
        h.sim.world.seed({
          repositories: [
            {
              name: repository,
              images: [
                {
                  tags: tags.map((tag) => tag.split(':').pop()!),
                  manifest,
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                },
              ],
            },
          ],
        });
        const digest = `sha256:${createHash('sha256').update(manifest).digest('hex')}`;
        writeFileSync(value('--metadata-file')[0], JSON.stringify({ 'containerimage.digest': digest }));
        return { code: 0, stdout: `pushed ${digest}`, stderr: '' };
      }
      return { code: 0, stdout: 'Login Succeeded', stderr: '' };
    },
  };
}

/** The digest of `repository:tag`, or undefined. */
async function imageTagged(
  h: SimulatorHarness,
  repository: string,
  tag: string,
): Promise<string | undefined> {
  const response = await h.ecr
    .send(new DescribeImagesCommand({ repositoryName: repository, imageIds: [{ imageTag: tag }] }))
    .catch(() => undefined);
  return response?.imageDetails?.[0]?.imageDigest;
}

const scratch = mkdtempSync(join(tmpdir(), 'deny-build-'));
mkdirSync(join(scratch, 'app'), { recursive: true });
writeFileSync(join(scratch, 'app', 'Dockerfile'), 'FROM scratch\nCOPY server.js /\n');
writeFileSync(join(scratch, 'app', 'server.js'), 'console.log("hi")\n');

const repositorySettings = (name: string, create = true) => ({
  repositoryName: name,
  create,
  scanOnPush: true,
  imageTagMutability: 'MUTABLE' as const,
  encryptionType: 'AES256' as const,
});

const MODES: Mode[] = [
  {
    name: 'preview deploy',
    world: () => previewWorld(),
    run: deployPr12,
    done: async (h) => (await previewService(h)) === 'ACTIVE',
  },
  {
    name: 'preview teardown',
    world: () => previewWorld(),
    prepare: deployPr12,
    run: async (context, _h, listener) => {
      await teardownPreview({
        ...previewOptions(context, listener),
        pullRequest: 12,
        repositories: ['shop'],
        imageTagPattern: 'pr-{number}-*',
        drainTimeoutMs: 10 * 60_000,
      });
    },
    done: async (h) => (await previewService(h)) !== 'ACTIVE',
  },
  {
    name: 'build-push build (new repository)',
    world: () => ({}),
    run: async (context, h) => {
      await buildAndPush({
        clients: context.clients,
        workspace: scratch,
        repository: repositorySettings('api'),
        build: {
          context: 'app',
          file: 'app/Dockerfile',
          platforms: ['linux/amd64'],
          buildArgs: new Map(),
          secrets: new Map(),
          secretFiles: new Map(),
          labels: new Map(),
          tags: ['v1'],
          cache: 'none',
          noCache: false,
          skipIfBuilt: true,
        },
        git: { sha: 'abc123' },
        onGitHubActions: false,
        docker: fakeDocker(h),
        logger: context.logger,
        tempDir: scratch,
      });
    },
    done: async (h) => (await imageTagged(h, 'api', 'v1')) !== undefined,
  },
  {
    name: 'build-push promotion',
    world: () => ({
      repositories: [
        { name: 'shop-staging', images: [{ tags: ['v7'], sizeBytes: 1_000_000 }] },
        { name: 'shop-production', images: [] },
      ],
    }),
    run: async (context, h) => {
      await runPromotion({
        clients: context.clients,
        source: parseEcrImageReference(`${REGISTRY}/shop-staging:v7`),
        repository: repositorySettings('shop-production', false),
        tags: ['v7', 'production'],
        docker: fakeDocker(h),
        logger: context.logger,
      });
    },
    done: async (h) => (await imageTagged(h, 'shop-production', 'production')) !== undefined,
  },
  {
    name: 'build-push promotion of an image set',
    world: () => ({
      repositories: ['shop', 'worker'].flatMap((name) => [
        { name: `${name}-staging`, images: [{ tags: ['v7'], sizeBytes: 1_000_000 }] },
        { name: `${name}-production`, images: [] },
      ]),
    }),
    run: async (context, h) => {
      await runPromotionSet({
        clients: context.clients,
        images: ['shop', 'worker'].map((name) => ({
          name,
          source: parseEcrImageReference(`${REGISTRY}/${name}-staging:v7`),
          repository: repositorySettings(`${name}-production`, false),
        })),
        tags: ['v7', 'production'],
        docker: fakeDocker(h),
        logger: context.logger,
      });
    },
    done: async (h) =>
      (await imageTagged(h, 'shop-production', 'production')) !== undefined &&
      (await imageTagged(h, 'worker-production', 'production')) !== undefined,
  },
];

async function runDenied(mode: Mode, access: { operations?: string[] }): Promise<RunRecord> {
  const h = harness();
  h.sim.reset({ timeScale: 1, seed: 7 });
  const world = h.sim.world;
  world.seed(mode.world());
  const logger = recordingLogger();
  const context: EngineContext = { clients: clientsOf(h), clock: simulatorClock(h.sim), logger };
  // Read by the test, not the run: looked up before anything is denied.
  const listener = await listenerArn(h, 80).catch(() => '');
  await mode.prepare?.(context, h, listener);
  world.log.clear();
  world.access.configure(access);
  let failure: string | undefined;
  try {
    await mode.run(context, h, listener);
  } catch (error) {
    failure = errorMessage(error);
  }
  const calls = world.log.list();
  world.access.configure({});
  const denied = access.operations?.join(',') ?? 'nothing';
  const permissions = [
    ...new Set(
      calls
        .filter((call) => call.fault === 'access-denied')
        .map((call) => `${IAM_PREFIX[call.service]}:${call.operation}`),
    ),
  ];
  const warned = (permission: string) =>
    logger.lines.some((line) => line.startsWith('warning: ') && line.includes(permission));
  const named = permissions.every((permission) => (failure ?? '').includes(permission) || warned(permission));
  const changed = calls.some((call) => call.mutating && call.outcome === 'ok');
  const deniedChange = calls.some((call) => call.fault === 'access-denied' && call.mutating);
  const record = (verdict: Verdict, detail: string): RunRecord => ({
    mode: mode.name,
    denied,
    verdict,
    detail,
    deniedChange,
  });
  if (failure === undefined) {
    if (!(await mode.done(h))) return record('violation', 'passed without doing its job');
    if (permissions.length === 0) return record('pass', 'the denied action was not called');
    return permissions.every(warned)
      ? record(
          'degraded pass',
          logger.lines.find((line) => line.startsWith('warning: '))!,
        )
      : record('violation', 'passed without a warning naming the permission');
  }
  if (!named) return record('violation', `unnamed: ${failure}`);
  if (!changed)
    return /nothing was changed|docs\/iam\//.test(failure)
      ? record('pre-mutation failure', failure)
      : record('violation', `not marked as changing nothing: ${failure}`);
  // After a change: the message must say what to do next (every step converges on a re-run).
  return /re-run/.test(failure)
    ? record('attended failure', failure)
    : record('violation', `failed after a change without saying how to finish: ${failure}`);
}

const records: RunRecord[] = [];
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
  const count = (verdict: Verdict) => records.filter((record) => record.verdict === verdict).length;
  console.log(
    [
      `deny matrix (preview, build-push): ${records.length} runs over ${MODES.length} modes`,
      `  pre-mutation failures: ${count('pre-mutation failure')}`,
      `  failures after a change, attended (named, how to finish): ${count('attended failure')}`,
      `  degraded passes: ${count('degraded pass')}`,
      `  passes (denied action not reached): ${count('pass')}`,
      `  violations: ${count('violation')}`,
      ...records.map(
        (record) =>
          `  ${record.mode} | deny ${record.denied} | ${record.verdict} | ${record.detail.slice(0, 160)}`,
      ),
    ].join('\n'),
  );
});

describe('deny matrix: preview and build-push', () => {
  for (const mode of MODES) {
    test(`${mode.name}: every denied action fails before any change naming it, or degrades, or is attended`, async () => {
      const passing = await runDenied(mode, {});
      expect(passing).toMatchObject({ verdict: 'pass' });
      const actions = [
        ...new Set(
          harness()
            .sim.world.log.list()
            .map((call) => `${IAM_PREFIX[call.service]}:${call.operation}`),
        ),
      ];
      expect(actions.length).toBeGreaterThan(2);
      const violations: RunRecord[] = [];
      for (const action of actions) {
        const record = await runDenied(mode, { operations: [action] });
        records.push(record);
        if (record.verdict === 'violation') violations.push(record);
      }
      expect(violations).toEqual([]);
      // The preflight: a denied read never fails a run after a change, only a denied change does.
      const mine = records.filter((record) => record.mode === mode.name);
      expect(mine.filter((record) => record.verdict === 'attended failure' && !record.deniedChange)).toEqual(
        [],
      );
      // The mutating calls come after the preflight: at least one denial fails before any change.
      expect(
        records.some((record) => record.mode === mode.name && record.verdict === 'pre-mutation failure'),
      ).toBe(true);
    }, 180_000);
  }
});
