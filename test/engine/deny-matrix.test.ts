/**
 * The deny matrix: for each mode of ecs-deploy and wait-healthy, the IAM actions a passing run called
 * (from the simulator's call log) are denied one at a time. Every run must fail before any mutating call
 * naming the permission (or, for ecs:UpdateService, with only the new revision registered), or complete
 * with a warning and the service on a healthy revision, or, if it fails after changing a service, end
 * with that service restored. A run that fails after a change with nothing restored is a violation.
 * The engines run in process against one simulator (reset between runs) on its clock: no real sleeps.
 */
import { afterAll, describe, expect, test } from '@jest/globals';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { deploy } from '../../src/deploy/deploy.js';
import { rollbackServices } from '../../src/deploy/rollback-mode.js';
import type { DeployOptions, EngineContext, WaitMode } from '../../src/deploy/types.js';
import { runStrategy } from '../../src/health/strategy.js';
import { parseTrafficPlan } from '../../src/health/traffic-plan.js';
import { errorMessage } from '../../src/errors.js';
import type { WorldSeed } from '../../sim/index.js';
import { forwardWeights, listenerArn, registerRevision, rollTo } from '../integration/wait-healthy-kit.js';
import { useSimulator, type SimulatorHarness } from '../helpers/simulator.js';
import { blueGreenWorld, rollingWorld } from '../helpers/worlds.js';
import {
  classifyRun,
  clientsOf,
  iamActionsOf,
  recordingLogger,
  simulatorClock,
  type EndState,
  type Verdict,
} from './deny-kit.js';

const harness = useSimulator({ timeScale: 1, maxAttempts: 3 });
const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

/** One mode of one action. */
interface Mode {
  name: string;
  world: () => WorldSeed;
  /** Set-up calls before the run (a deployment for wait-healthy to gate); not part of the run's log. */
  prepare?: (h: SimulatorHarness) => Promise<Record<string, string>>;
  /** Runs the engine; resolves with the failure message, if the run failed. */
  run: (
    context: EngineContext,
    h: SimulatorHarness,
    prepared: Record<string, string>,
  ) => Promise<string | undefined>;
  /** Read after the world settled, with nothing denied. */
  end: (h: SimulatorHarness, prepared: Record<string, string>) => Promise<EndState>;
}

/** A rolling service `name` settled on one revision: one COMPLETED deployment at full count. */
async function settledOn(h: SimulatorHarness, name: string): Promise<string | undefined> {
  const service = (await h.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: [name] })))
    .services![0];
  const deployments = service.deployments ?? [];
  const settled =
    deployments.length === 1 &&
    deployments[0].rolloutState === 'COMPLETED' &&
    deployments[0].runningCount === service.desiredCount;
  return settled ? service.taskDefinition : undefined;
}

function revisionEnd(revision: string | undefined, next: RegExp, previous: RegExp): EndState {
  if (revision && next.test(revision)) return 'new';
  if (revision && previous.test(revision)) return 'previous';
  return 'unsettled';
}

function deployOptions(waitMode: WaitMode, rollbackOnFailure = true): DeployOptions {
  return {
    cluster: 'prod',
    services: ['web'],
    overrides: { images: new Map([['web', image('v2')]]) },
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode,
    timeoutMs: 30 * 60_000,
    rollbackOnFailure,
    keepRevisions: 3,
    dryRun: false,
    provenance: { commit: 'abc123' },
  };
}

const rolling = () => rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
const deployEnd = async (h: SimulatorHarness) => revisionEnd(await settledOn(h, 'web'), /:2$/, /:1$/);

function deployMode(waitMode: WaitMode, rollbackOnFailure = true): Mode {
  return {
    name: `ecs-deploy wait=${waitMode}${rollbackOnFailure ? '' : ' rollback-on-failure=false'}`,
    world: rolling,
    run: async (context) => (await deploy(context, deployOptions(waitMode, rollbackOnFailure))).failure,
    end: deployEnd,
  };
}

function rollbackMode(waitMode: WaitMode): Mode {
  return {
    name: `ecs-deploy mode=rollback wait=${waitMode}`,
    world: rolling,
    prepare: async (h) => {
      await rollTo(h, 'web', image('v2'));
      h.sim.world.clock.advance(15 * 60_000);
      return {};
    },
    run: async (context) =>
      (
        await rollbackServices(context, {
          cluster: 'prod',
          services: ['web'],
          rollbackTo: '1',
          allowFamilyChange: false,
          waitMode,
          timeoutMs: 30 * 60_000,
          dryRun: false,
        })
      ).failure,
    // The run's target is revision 1; the revision it ran before is 2.
    end: async (h) => revisionEnd(await settledOn(h, 'web'), /:1$/, /:2$/),
  };
}

const MODES: Mode[] = [
  deployMode('healthy'),
  deployMode('deployment'),
  deployMode('healthy', false),
  rollbackMode('healthy'),
  {
    name: 'wait-healthy rolling',
    world: rolling,
    prepare: async (h) => ({ deploymentId: await rollTo(h, 'web', image('v2')) }),
    run: async (context, _h, prepared) => {
      const report = await runStrategy('rolling', {
        ...gateOptions(context),
        service: 'web',
        deploymentId: prepared.deploymentId,
      });
      return report.verdict.status === 'healthy' ? undefined : report.verdict.reason;
    },
    // wait-healthy changes nothing in a rolling deployment: ECS finishes it either way.
    end: async (h) => revisionEnd(await settledOn(h, 'web'), /:2$/, /:1$/),
  },
  {
    name: 'wait-healthy blue-green',
    world: () => blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }),
    prepare: async (h) => ({
      taskDefinition: await registerRevision(h, image('v2')),
      listener: await listenerArn(h, 80),
    }),
    run: async (context, _h, prepared) => {
      const report = await runStrategy('blue-green', {
        ...gateOptions(context),
        blueService: 'web-blue',
        greenService: 'web-green',
        owner: { kind: 'listener', arn: prepared.listener },
        taskDefinition: prepared.taskDefinition,
        plan: parseTrafficPlan('50%:1m,100%'),
        oldColour: 'scale-down',
      });
      return report.verdict.status === 'healthy' ? undefined : report.verdict.reason;
    },
    end: async (h, prepared) => {
      const weights = await forwardWeights(h, prepared.listener);
      const green = await settledOn(h, 'web-green');
      if (weights['green-tg'] === 100 && green === prepared.taskDefinition) return 'new';
      const blue = await settledOn(h, 'web-blue');
      return weights['blue-tg'] === 100 && blue?.endsWith(':1') ? 'previous' : 'unsettled';
    },
  },
];

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

interface RunRecord {
  mode: string;
  denied: string;
  verdict: Verdict;
  detail: string;
}

/** Runs `mode` on a fresh world with `denied` actions (or an allow-only role); classifies the result. */
async function runDenied(
  mode: Mode,
  access: { operations?: string[]; allow?: string[] },
): Promise<RunRecord & { permissions: string[] }> {
  const h = harness();
  h.sim.reset({ timeScale: 1, seed: 7 });
  const world = h.sim.world;
  world.seed(mode.world());
  const prepared = (await mode.prepare?.(h)) ?? {};
  world.log.clear();
  world.access.configure(access);
  const logger = recordingLogger();
  const context: EngineContext = { clients: clientsOf(h), clock: simulatorClock(h.sim), logger };
  let failure: string | undefined;
  try {
    failure = await mode.run(context, h, prepared);
  } catch (error) {
    failure = errorMessage(error);
  }
  const calls = world.log.list();
  world.access.configure({});
  world.clock.advance(20 * 60_000);
  const end = await mode.end(h, prepared);
  const policy = `docs/iam/${mode.name.split(' ')[0]}.json`;
  const classified = classifyRun({ failure, calls, lines: logger.lines, end, policy });
  return { ...classified, mode: mode.name, denied: access.operations?.join(',') ?? 'allow-only role' };
}

/** The IAM actions a passing run of `mode` calls. */
async function actionsOf(mode: Mode): Promise<string[]> {
  const result = await runDenied(mode, {});
  expect(result).toMatchObject({ verdict: 'pass' });
  const calls = harness().sim.world.log.list();
  return iamActionsOf(calls);
}

const records: RunRecord[] = [];
afterAll(() => {
  const count = (verdict: Verdict) => records.filter((record) => record.verdict === verdict).length;
  console.log(
    [
      `deny matrix: ${records.length} runs over ${MODES.length} modes`,
      `  pre-mutation failures: ${count('pre-mutation failure')}`,
      `  untouched failures (revision registered, no service changed): ${count('untouched failure')}`,
      `  degraded passes: ${count('degraded pass')}`,
      `  passes (denied action not reached): ${count('pass')}`,
      `  failures after a change, restored: ${count('restored')}`,
      `  violations: ${count('violation')}`,
      ...records.map(
        (record) =>
          `  ${record.mode} | deny ${record.denied} | ${record.verdict} | ${record.detail.slice(0, 160)}`,
      ),
    ].join('\n'),
  );
});

/** What users of the official amazon-ecs-deploy-task-definition action grant their deploy role. */
const OFFICIAL_ACTION_ROLE = [
  'ecs:RegisterTaskDefinition',
  'ecs:DescribeServices',
  'ecs:UpdateService',
  'ecs:DescribeTaskDefinition',
  'iam:PassRole',
];

describe("a role limited to the official action's permissions", () => {
  const modes = [
    deployMode('healthy'),
    deployMode('deployment'),
    deployMode('none'),
    deployMode('healthy', false),
    rollbackMode('healthy'),
    rollbackMode('deployment'),
  ];
  test('every mode of ecs-deploy deploys with warnings or fails before any mutating call naming the permission', async () => {
    const outcomes: string[] = [];
    for (const mode of modes) {
      const record = await runDenied(mode, { allow: OFFICIAL_ACTION_ROLE });
      records.push(record);
      outcomes.push(`${mode.name}: ${record.verdict}`);
      expect(['pre-mutation failure', 'degraded pass', 'pass']).toContain(record.verdict);
      if (record.verdict === 'pre-mutation failure') {
        expect(record.detail).toMatch(/^missing permissions? .*docs\/iam\/ecs-deploy\.json/);
        expect(record.permissions.length).toBeGreaterThan(0);
      }
    }
    // Watching target health needs more than the official action grants; following ECS's rollout does not.
    expect(outcomes).toEqual([
      'ecs-deploy wait=healthy: pre-mutation failure',
      'ecs-deploy wait=deployment: degraded pass',
      'ecs-deploy wait=none: degraded pass',
      'ecs-deploy wait=healthy rollback-on-failure=false: pre-mutation failure',
      'ecs-deploy mode=rollback wait=healthy: pre-mutation failure',
      'ecs-deploy mode=rollback wait=deployment: degraded pass',
    ]);
  }, 60_000);
});

describe('deny matrix', () => {
  for (const mode of MODES) {
    test(`${mode.name}: every denied action fails before any change naming it, or degrades, or is restored`, async () => {
      const actions = await actionsOf(mode);
      const violations: RunRecord[] = [];
      for (const action of actions) {
        const record = await runDenied(mode, { operations: [action] });
        records.push(record);
        if (record.verdict === 'violation') violations.push(record);
      }
      expect(violations).toEqual([]);
    }, 120_000);
  }
});
