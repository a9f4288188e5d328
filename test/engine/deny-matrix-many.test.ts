/**
 * The deny matrix over the paths that gate or roll back several services at once: ecs-deploy with three
 * services behind load balancers (two sharing a target group) and a worker in `wait: healthy` (the batched
 * gate, src/health/services-gate.ts, and the worker's settle window), wait-healthy with several
 * `deployment-ids` (rolling, batched) and with strategy `native`, and rollback mode over four services of
 * four families. For each mode the IAM actions a passing run called are denied one at a time; the settle
 * mode denies each action only from the moment the worker's deployment is COMPLETED (a read lost while
 * settling). Runs are classified by deny-kit.ts's rules; a failure after a change with nothing restored and
 * nothing said is a violation. Engines run in process on the simulator's clock: no real sleeps.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type DescribeServicesCommandOutput,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { deployMany, type DeployManyOptions } from '../../src/deploy/deploy-many.js';
import { rollbackServices } from '../../src/deploy/rollback-mode.js';
import type { EngineContext } from '../../src/deploy/types.js';
import { runRollingServices } from '../../src/health/rolling.js';
import { runStrategy } from '../../src/health/strategy.js';
import { errorMessage } from '../../src/errors.js';
import type { ImageBehaviour, WorldSeed } from '../../sim/index.js';
import { rollTo } from '../integration/wait-healthy-kit.js';
import { manyImage, manyServicesWorld, webName, workerName } from '../helpers/many-services.js';
import { useSimulator, type SimulatorHarness } from '../helpers/simulator.js';
import { nativeBlueGreenWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  classifyRun,
  clientsOf,
  iamActionsOf,
  matrixFigures,
  recordingLogger,
  simulatorClock,
  type Classified,
  type EndState,
  type Verdict,
} from './deny-kit.js';

const harness = useSimulator({ timeScale: 1, maxAttempts: 3 });

/** Three web services on two target groups (web-0 and web-1 share tg-0) and one worker, each its own family. */
const WEB = [0, 1, 2].map(webName);
const WORKER = workerName(0);
const ALL = [...WEB, WORKER];
const estate = (): WorldSeed => manyServicesWorld({ web: 3, workers: 1, webPerTargetGroup: 2 });

/** One mode of one action. */
interface Mode {
  name: string;
  world: () => WorldSeed;
  /** Set-up before the run (deployments to gate or to go back from); not part of the run's log. */
  prepare?: (h: SimulatorHarness) => Promise<Record<string, string>>;
  /** Runs the engine; resolves with the failure message, if the run failed. */
  run: (context: EngineContext, prepared: Record<string, string>) => Promise<string | undefined>;
  /** Read after the world settled, with nothing denied. */
  end: (h: SimulatorHarness) => Promise<EndState>;
  /** When set, the denial starts only once a DescribeServices answer satisfies it (else from the start). */
  armWhen?: (answer: DescribeServicesCommandOutput) => boolean;
  /** The action whose policy a failure names. */
  action: 'ecs-deploy' | 'wait-healthy';
  /** How a run with nothing denied ends (default `pass`; a failing gate that rolls back: `restored`). */
  baseline?: Verdict;
}

/** Each service's revision once settled (one COMPLETED deployment at full count), else undefined. */
async function settledRevisions(h: SimulatorHarness, names: string[]): Promise<(string | undefined)[]> {
  const response = await h.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: names }));
  return names.map((name) => {
    const service = response.services!.find((entry) => entry.serviceName === name)!;
    const deployments = service.deployments ?? [];
    const done =
      deployments.length === 1 &&
      deployments[0].rolloutState === 'COMPLETED' &&
      deployments[0].runningCount === service.desiredCount;
    return done ? service.taskDefinition : undefined;
  });
}

/** `new` when every service settled on revision `next`, `previous` when every one is on `before`. */
function endOf(names: string[], next: RegExp, before: RegExp) {
  return async (h: SimulatorHarness): Promise<EndState> => {
    const revisions = await settledRevisions(h, names);
    if (revisions.every((arn) => arn && next.test(arn))) return 'new';
    if (revisions.every((arn) => arn && before.test(arn))) return 'previous';
    return 'unsettled';
  };
}

/** Registers `<family>` at `tag` and updates the service to it by hand; returns the new deployment's id. */
async function rollByHand(h: SimulatorHarness, service: string, tag: string): Promise<string> {
  const definition = { ...webTaskDefinition(manyImage(tag)), family: service };
  const registered = await h.ecs.send(
    new RegisterTaskDefinitionCommand(definition as unknown as RegisterTaskDefinitionCommandInput),
  );
  const updated = await h.ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service,
      taskDefinition: registered.taskDefinition!.taskDefinitionArn,
    }),
  );
  return updated.service!.deployments!.find((deployment) => deployment.status === 'PRIMARY')!.id!;
}

/**
 * The estate's four services to shop:v2 (`failing`: that one to shop:crash), one deployable each (each
 * starts from what its service runs).
 */
function release(failing?: string): DeployManyOptions {
  return {
    cluster: 'prod',
    deployables: ALL.map((service) => ({
      services: [service],
      overrides: { images: new Map([['web', manyImage(service === failing ? 'crash' : 'v2')]]) },
    })),
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode: 'healthy',
    timeoutMs: 30 * 60_000,
    settleMs: 30_000,
    rollbackOnFailure: true,
    keepRevisions: 0,
    dryRun: false,
    provenance: { commit: 'abc123' },
  };
}

function gateOptions(context: EngineContext) {
  return {
    clients: context.clients,
    clock: context.clock,
    logger: context.logger,
    cluster: 'prod',
    timeoutMs: 30 * 60_000,
    policy: { consecutive: 2, unhealthyTimeoutMs: 60_000 },
  };
}

/** The worker's new revision is COMPLETED at full count: its settle window has opened. */
function workerSettling(answer: DescribeServicesCommandOutput): boolean {
  const worker = answer.services?.find((service) => service.serviceName === WORKER);
  const primary = worker?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  return (
    primary !== undefined &&
    /:2$/.test(primary.taskDefinition ?? '') &&
    primary.rolloutState === 'COMPLETED' &&
    primary.runningCount === primary.desiredCount
  );
}

const deployManyMode: Omit<Mode, 'name'> = {
  action: 'ecs-deploy',
  world: estate,
  run: async (context) => (await deployMany(context, release())).failure,
  end: endOf(ALL, /:2$/, /:1$/),
};

/** The same release with one service on shop:crash (`behaviour`): the release fails and goes back whole. */
function failingRelease(service: string, behaviour: ImageBehaviour): Omit<Mode, 'name'> {
  return {
    ...deployManyMode,
    baseline: 'restored',
    world: () => ({ ...estate(), behaviours: { 'shop:crash': behaviour } }),
    run: async (context) => (await deployMany(context, release(service))).failure,
  };
}

/**
 * wait-healthy `native` following ECS's BLUE_GREEN deployment to shop:v2: a healthy one passes; a
 * never-healthy one fails the gate, which stops it with ROLLBACK (StopServiceDeployment) and is restored.
 */
function nativeMode(behaviour: 'healthy' | 'never-healthy'): Mode {
  return {
    name: `wait-healthy native (${behaviour})`,
    action: 'wait-healthy',
    baseline: behaviour === 'healthy' ? 'pass' : 'restored',
    world: () =>
      nativeBlueGreenWorld({
        bakeTimeInMinutes: 1,
        healthCheckIntervalSeconds: 10,
        circuitBreaker: behaviour === 'healthy',
      }),
    prepare: async (h) => {
      if (behaviour === 'never-healthy') h.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
      await rollTo(h, 'web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2');
      return {};
    },
    run: async (context) => {
      const report = await runStrategy('native', {
        ...gateOptions(context),
        policy: { consecutive: 2, unhealthyTimeoutMs: 30_000 },
        service: 'web',
      });
      return report.verdict.status === 'healthy' ? undefined : report.verdict.reason;
    },
    end: endOf(['web'], /:2$/, /:1$/),
  };
}

/**
 * Rollback mode over the estate's four services (four families), each on revision 2 by hand: back to each
 * family's revision 1. `never-healthy`: shop:v1 no longer turns healthy, so the rollback itself fails and
 * must say, per service, what ECS does now and the command that puts it back.
 */
function rollbackMode(behaviour: 'healthy' | 'never-healthy'): Mode {
  return {
    name: `ecs-deploy mode=rollback 4 services, 4 families (${behaviour})`,
    action: 'ecs-deploy',
    baseline: behaviour === 'healthy' ? 'pass' : 'attended failure',
    world: estate,
    prepare: async (h) => {
      for (const service of ALL) await rollByHand(h, service, 'v2');
      h.sim.world.clock.advance(15 * 60_000);
      if (behaviour === 'never-healthy') h.sim.world.behaviours.set({ 'shop:v1': { kind: 'never-healthy' } });
      return {};
    },
    run: async (context) =>
      (
        await rollbackServices(context, {
          cluster: 'prod',
          services: ALL,
          allowFamilyChange: false,
          waitMode: 'healthy',
          timeoutMs: 30 * 60_000,
          dryRun: false,
        })
      ).failure,
    // The run's target is each family's revision 1; the revision it ran before is 2.
    end: endOf(ALL, /:1$/, /:2$/),
  };
}

const MODES: Mode[] = [
  { name: 'ecs-deploy 3 gated services + worker wait=healthy', ...deployManyMode },
  {
    name: 'ecs-deploy 3 gated services + worker, web-2 never healthy (rolled back)',
    ...failingRelease(webName(2), { kind: 'never-healthy' }),
  },
  {
    name: 'ecs-deploy worker settle window (denied from COMPLETED)',
    ...deployManyMode,
    armWhen: workerSettling,
  },
  {
    name: 'ecs-deploy worker settle window, worker crashes 20 s after starting (denied from COMPLETED)',
    ...failingRelease(WORKER, { kind: 'crash-loop', crashAfterMs: 20_000 }),
    armWhen: workerSettling,
  },
  {
    name: 'wait-healthy rolling deployment-ids (3 services)',
    action: 'wait-healthy',
    world: estate,
    prepare: async (h) => {
      const ids: Record<string, string> = {};
      for (const service of WEB) ids[service] = await rollByHand(h, service, 'v2');
      return ids;
    },
    run: async (context, ids) => {
      const reports = await runRollingServices({
        ...gateOptions(context),
        services: WEB.map((service) => ({ service, deploymentId: ids[service] })),
      });
      const failed = reports.filter((report) => report.verdict.status !== 'healthy');
      return failed.length === 0 ? undefined : failed.map((report) => report.verdict.reason).join('; ');
    },
    // wait-healthy changes nothing in a rolling deployment: ECS finishes it either way.
    end: endOf(WEB, /:2$/, /:1$/),
  },
  nativeMode('healthy'),
  nativeMode('never-healthy'),
  rollbackMode('healthy'),
  rollbackMode('never-healthy'),
];

type RunRecord = Classified & { mode: string; denied: string };

/** Runs `mode` on a fresh world with `operations` denied (from the start, or once armed); classifies it. */
async function runDenied(
  mode: Mode,
  operations: string[],
): Promise<{ record: RunRecord; actions: string[] }> {
  const h = harness();
  h.sim.reset({ timeScale: 1, seed: 7 });
  const world = h.sim.world;
  world.seed(mode.world());
  const prepared = (await mode.prepare?.(h)) ?? {};
  world.log.clear();
  let armedAt = mode.armWhen ? Number.POSITIVE_INFINITY : 0;
  if (mode.armWhen) {
    const armWhen = mode.armWhen;
    h.ecs.middlewareStack.add(
      ((next: (args: unknown) => Promise<{ output: unknown }>, context: { commandName?: string }) =>
        async (args: unknown) => {
          const result = await next(args);
          if (
            armedAt === Number.POSITIVE_INFINITY &&
            context.commandName === 'DescribeServicesCommand' &&
            armWhen(result.output as DescribeServicesCommandOutput)
          ) {
            armedAt = world.log.list().length;
            world.access.configure({ operations });
          }
          return result;
        }) as never,
      { step: 'initialize', name: 'arm-denial' },
    );
  } else {
    world.access.configure({ operations });
  }
  const logger = recordingLogger();
  const context: EngineContext = { clients: clientsOf(h), clock: simulatorClock(h.sim), logger };
  let failure: string | undefined;
  try {
    failure = await mode.run(context, prepared);
  } catch (error) {
    failure = errorMessage(error);
  }
  h.ecs.middlewareStack.remove('arm-denial');
  const calls = world.log.list();
  world.access.configure({});
  world.clock.advance(20 * 60_000);
  const end = await mode.end(h);
  const classified = classifyRun({
    failure,
    calls,
    lines: logger.lines,
    end,
    attended: /aws ecs (update-service|stop-service-deployment)/,
    policy: `docs/iam/${mode.action}.json`,
  });
  return {
    record: { ...classified, mode: mode.name, denied: operations.join(',') || 'nothing' },
    actions: iamActionsOf(calls.slice(armedAt)),
  };
}

const records: RunRecord[] = [];
afterAll(() => {
  console.log(matrixFigures('deny matrix (several services, native, rollback, settle)', records));
});

describe('deny matrix: several services at once', () => {
  for (const mode of MODES) {
    test(`${mode.name}: every denied action fails before any change naming it, or degrades, or is restored or attended`, async () => {
      const passing = await runDenied(mode, []);
      expect(passing.record).toMatchObject({ verdict: mode.baseline ?? 'pass' });
      expect(passing.actions.length).toBeGreaterThan(0);
      const violations: RunRecord[] = [];
      for (const action of passing.actions) {
        const { record } = await runDenied(mode, [action]);
        records.push(record);
        if (record.verdict === 'violation') violations.push(record);
        // What ECS carries on doing is each service's own revision (here every family is named after its service).
        for (const [, service, family] of record.detail.matchAll(
          /(\S+): ECS carries on rolling out ([\w-]+):/g,
        ))
          expect(`${service} rolls out ${family}`).toBe(`${service} rolls out ${service}`);
      }
      expect(violations).toEqual([]);
    }, 180_000);
  }
});
