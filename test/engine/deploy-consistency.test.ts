/**
 * The deploy engine under eventually consistent reads (sim/consistency.ts): for 25 simulated seconds
 * after each write, every Describe/List call the engine repeats answers what it answered before. The
 * engine must neither fail a healthy rollout nor pass a broken one because a read lagged.
 */
import { afterEach, expect, test } from '@jest/globals';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../src/clock.js';
import { deploy } from '../../src/deploy/deploy.js';
import type { DeployOptions, EngineContext, WaitMode } from '../../src/deploy/types.js';
import { silentLogger } from '../../src/logger.js';
import { startSimulator, type ImageBehaviour, type Simulator } from '../../sim/index.js';
import { rollingWorld } from '../helpers/worlds.js';

let sim: Simulator | undefined;
let context: EngineContext | undefined;
afterEach(async () => {
  context?.clients.ecs.destroy();
  context?.clients.ecr.destroy();
  context?.clients.elb.destroy();
  await sim?.stop();
  sim = undefined;
  context = undefined;
});

/** The simulator's clock: the engine's sleeps are simulator events, so nothing waits in real time. */
function simulatorClock(simulator: Simulator): Clock {
  const clock = simulator.world.clock;
  return {
    now: () => clock.now(),
    sleep: (ms) => new Promise<void>((resolve) => clock.after(ms, resolve)),
  };
}

async function start(behaviour: ImageBehaviour): Promise<EngineContext> {
  const world = rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 });
  sim = await startSimulator({
    timeScale: 100,
    seed: 3,
    world: { ...world, behaviours: { 'shop:v2': behaviour }, consistency: { windowMs: 25_000 } },
  });
  const config = {
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
  };
  context = {
    clients: {
      ecs: new ECSClient(config),
      ecr: new ECRClient(config),
      elb: new ElasticLoadBalancingV2Client(config),
      cloudwatch: new CloudWatchClient(config),
    },
    clock: simulatorClock(sim),
    logger: silentLogger,
  };
  return context;
}

function options(waitMode: WaitMode): DeployOptions {
  return {
    cluster: 'prod',
    services: ['web'],
    overrides: { images: new Map([['web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2']]) },
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode,
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    keepRevisions: 2,
    dryRun: false,
    provenance: { commit: 'abc123' },
  };
}

test.each<[WaitMode, ImageBehaviour, string]>([
  ['deployment', { kind: 'healthy' }, 'deployed'],
  ['healthy', { kind: 'healthy' }, 'deployed'],
  ['deployment', { kind: 'crash-loop', crashAfterMs: 3000 }, 'rolled-back'],
  ['healthy', { kind: 'never-healthy' }, 'rolled-back'],
])(
  'wait %s, image %j: %s despite stale reads',
  async (waitMode, behaviour, outcome) => {
    const engine = await start(behaviour);
    const report = await deploy(engine, options(waitMode));
    // The outcome with the reason, so a failure says what the engine believed.
    expect(`${report.outcome}: ${report.failure ?? ''}`).toMatch(new RegExp(`^${outcome}:`));
    expect(sim!.world.log.list().filter((call) => call.stale).length).toBeGreaterThan(0);
    const service = sim!.world.ecs.state.clusters.get('prod')!.services.get('web')!;
    expect(service.taskDefinitionArn).toMatch(outcome === 'deployed' ? /shop-web:2$/ : /shop-web:1$/);
  },
  60_000,
);
