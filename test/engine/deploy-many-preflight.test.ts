/**
 * deployMany (several deployables in one step) has what deploy() has before its updates and after its
 * finish: the preflight (an absent image in any deployable fails before any mutating call; a denied read
 * names the permission with nothing changed), keep-revisions per family, and the deny matrix over the
 * seed shape (examples/seed-shape/ecs-kit.yml: web, web-writer and worker, two families, an EC2 cluster).
 */
import { afterAll, afterEach, describe, expect, test } from '@jest/globals';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { deployMany, type DeployManyOptions } from '../../src/deploy/deploy-many.js';
import type { EngineContext } from '../../src/deploy/types.js';
import { errorMessage } from '../../src/errors.js';
import type { TaskDefinitionInput } from '../../src/taskdef/types.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { engineContext } from '../helpers/engine.js';
import { useSimulator } from '../helpers/simulator.js';
import { healthySeedImages, seedImage, seedTaskDefinition, seedWorld } from '../helpers/seed-world.js';
import {
  classifyRun,
  clientsOf,
  iamActionsOf,
  recordingLogger,
  simulatorClock,
  VERDICTS,
  type EndState,
  type Verdict,
} from './deny-kit.js';

const SERVICES = ['web', 'web-writer', 'worker'];
const taskDefinition = (file: string) => seedTaskDefinition(file, 'v1') as unknown as TaskDefinitionInput;

/** The seed shape's three services at image `tag`, each with `RELEASE=<release>` (a new revision per release). */
function release(tag: string, releaseName: string, keepRevisions = 1): DeployManyOptions {
  const env = (extra: { name: string; value: string }[] = []) =>
    [{ name: 'RELEASE', value: releaseName }, ...extra].map((entry) => ({ container: 'app', ...entry }));
  const images = new Map([
    ['proxy', seedImage('seed/haproxy', tag)],
    ['app', seedImage('seed/node', tag)],
  ]);
  return {
    cluster: 'seed',
    deployables: [
      { services: ['web'], base: taskDefinition('web.json'), overrides: { images, environment: env() } },
      {
        services: ['web-writer'],
        base: taskDefinition('web.json'),
        overrides: { images, environment: env([{ name: 'WRITE_HEAVY', value: 'true' }]) },
      },
      {
        services: ['worker'],
        base: taskDefinition('worker.json'),
        overrides: {
          images: new Map([['worker', seedImage('seed/node', tag)]]),
          environment: [{ container: 'worker', name: 'RELEASE', value: releaseName }],
        },
      },
    ],
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode: 'healthy',
    timeoutMs: 20 * 60_000,
    rollbackOnFailure: true,
    keepRevisions,
    dryRun: false,
    provenance: { commit: 'abc123' },
  };
}

describe('preflight and keep-revisions', () => {
  let sim: Simulator | undefined;
  let destroy: (() => void) | undefined;
  afterEach(async () => {
    destroy?.();
    await sim?.stop();
    sim = undefined;
  });

  async function start(): Promise<EngineContext> {
    sim = await startSimulator({ timeScale: 500, seed: 15, world: seedWorld(healthySeedImages()) });
    const context = engineContext(sim);
    destroy = context.destroy;
    return context;
  }

  test('an absent image in the last deployable fails before any mutating call, naming it and the nearest tags', async () => {
    const context = await start();
    const options = release('v2', 'r1');
    options.deployables[2].overrides.images = new Map([['worker', seedImage('seed/node', 'v3')]]);
    await expect(deployMany(context, options)).rejects.toThrow(
      /image 123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/seed\/node:v3 does not exist: repository seed\/node has no tag v3; nearest tags: v1, v2/,
    );
    expect(sim!.world.log.list().filter((call) => call.mutating)).toEqual([]);
  }, 60_000);

  test('a role without ListTasks fails before any mutating call, naming it', async () => {
    const context = await start();
    sim!.world.access.configure({ operations: ['ecs:ListTasks'] });
    await expect(deployMany(context, release('v2', 'r1'))).rejects.toThrow(
      /^missing permission ecs:ListTasks for \S+: nothing was changed; grant what docs\/iam\/ecs-deploy\.json lists/,
    );
    expect(sim!.world.log.list().filter((call) => call.mutating && call.outcome === 'ok')).toEqual([]);
  }, 60_000);

  test('keep-revisions deregisters old revisions of every family, never what a service ran before', async () => {
    const context = await start();
    const first = await deployMany(context, release('v2', 'r1'));
    expect(first.outcome).toBe('deployed');
    // Revision 1 of each family is what the services ran before this release: protected.
    expect(first.cleanup?.deregistered).toEqual([]);
    const second = await deployMany(context, release('v1', 'r2'));
    expect(second.outcome).toBe('deployed');
    expect(second.cleanup?.deregistered.map((arn) => arn.split('/')[1])).toEqual([
      'seed-web:1',
      'seed-worker:1',
    ]);
    // The revisions of the first release (the rollback targets) and of this one stay ACTIVE.
    expect(second.cleanup?.kept.map((arn) => arn.split('/')[1]).sort()).toEqual([
      'seed-web:2',
      'seed-web:3',
      'seed-web:4',
      'seed-web:5',
      'seed-worker:2',
      'seed-worker:3',
    ]);
    const deregistered = sim!.world.log
      .list()
      .filter((call) => call.operation === 'DeregisterTaskDefinition');
    expect(deregistered).toHaveLength(2);
  }, 60_000);
});

describe('deny matrix: several deployables in one step (the seed shape)', () => {
  const harness = useSimulator({ timeScale: 1, maxAttempts: 3 });

  interface RunRecord {
    denied: string;
    verdict: Verdict;
    detail: string;
  }

  /** Each service's revision once settled (one COMPLETED deployment at full count), else undefined. */
  async function settled(): Promise<(string | undefined)[]> {
    const h = harness();
    const response = await h.ecs.send(new DescribeServicesCommand({ cluster: 'seed', services: SERVICES }));
    return SERVICES.map((name) => {
      const service = response.services!.find((entry) => entry.serviceName === name)!;
      const deployments = service.deployments ?? [];
      const done =
        deployments.length === 1 &&
        deployments[0].rolloutState === 'COMPLETED' &&
        deployments[0].runningCount === service.desiredCount;
      return done ? service.taskDefinition : undefined;
    });
  }

  async function runDenied(operations: string[]): Promise<RunRecord> {
    const h = harness();
    h.sim.reset({ timeScale: 1, seed: 15 });
    h.sim.world.seed(seedWorld(healthySeedImages()));
    h.sim.world.log.clear();
    h.sim.world.access.configure({ operations });
    const logger = recordingLogger();
    const context: EngineContext = { clients: clientsOf(h), clock: simulatorClock(h.sim), logger };
    let failure: string | undefined;
    try {
      failure = (await deployMany(context, release('v2', 'r1'))).failure;
    } catch (error) {
      failure = errorMessage(error);
    }
    const calls = h.sim.world.log.list();
    h.sim.world.access.configure({});
    h.sim.world.clock.advance(20 * 60_000);
    const revisions = await settled();
    const previous = revisions.every((arn) => arn !== undefined && /:1$/.test(arn));
    const fresh = revisions.every((arn) => arn !== undefined && !/:1$/.test(arn));
    const end: EndState = fresh ? 'new' : previous ? 'previous' : 'unsettled';
    const { verdict, detail } = classifyRun({
      failure,
      calls,
      lines: logger.lines,
      end,
      policy: 'docs/iam/ecs-deploy.json',
    });
    return { denied: operations.join(',') || 'nothing', verdict, detail };
  }

  const records: RunRecord[] = [];
  afterAll(() => {
    const count = (verdict: Verdict) => records.filter((record) => record.verdict === verdict).length;
    console.log(
      [
        `deny matrix (seed shape, several deployables): ${records.length} runs`,
        ...VERDICTS.map((verdict) => `  ${verdict}: ${count(verdict)}`),
        ...records.map(
          (record) => `  deny ${record.denied} | ${record.verdict} | ${record.detail.slice(0, 160)}`,
        ),
      ].join('\n'),
    );
  });

  test('every denied action fails before any change naming it, or degrades, or is restored', async () => {
    const passing = await runDenied([]);
    expect(passing.verdict).toBe('pass');
    const actions = iamActionsOf(harness().sim.world.log.list());
    expect(actions).toEqual(
      expect.arrayContaining(['ecs:UpdateService', 'ecr:DescribeImages', 'ecs:ListTasks']),
    );
    for (const action of actions) records.push(await runDenied([action]));
    expect(records.filter((record) => record.verdict === 'violation')).toEqual([]);
    expect(records.filter((record) => record.verdict === 'pre-mutation failure').length).toBeGreaterThan(0);
  }, 300_000);
});
