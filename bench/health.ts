/**
 * Health gate benchmark: ecs-kit's target-health gate versus the anchors' fixed 15 s "services stable" poll,
 * side by side on identical simulated rolling deployments with realistic settings (30 s health-check interval,
 * healthy threshold 3, 300 s deregistration delay), time-scaled.
 *
 *   detection latency  = verdict time − the moment the simulator marked the last new target healthy
 *   time to live traffic = verdict time − UpdateService
 *   API calls          = requests the waiter made per deployment (from the simulator's call log)
 *
 * All times are simulated, i.e. what they would be against AWS. Run: npx tsx bench/health.ts
 * (BENCH_TRIALS, BENCH_TIME_SCALE to change the number of deployments and the speed-up).
 */
import { ECSClient, RegisterTaskDefinitionCommand, UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../src/clock.js';
import { waitForHealthyDeployment } from '../src/health/index.js';
import { startSimulator, type Simulator } from '../sim/index.js';
import { rollingWorld, webTaskDefinition } from '../test/helpers/worlds.js';
import { waitForServicesStable } from './health-baseline.lib.js';

const TRIALS = Number(process.env.BENCH_TRIALS ?? 5);
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 5);
const TIMEOUT_MS = 30 * 60_000;

type Waiter = 'ecs-kit gate' | 'services stable (15 s)';

/** One waiter's result on one deployment, in simulated milliseconds. */
interface Trial {
  latencyMs: number;
  timeToLiveMs: number;
  apiCalls: number;
}

/** A clock that reads the simulator's time and sleeps scaled real time, so both sides share one timeline. */
function simClock(sim: Simulator): Clock {
  return {
    now: () => sim.world.clock.now(),
    sleep: (ms, signal) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, ms / sim.world.clock.getScale());
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(signal.reason);
        });
      }),
  };
}

function clients(sim: Simulator) {
  const config = {
    endpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    retryMode: 'adaptive',
    maxAttempts: 8,
  };
  return { ecs: new ECSClient(config), elb: new ElasticLoadBalancingV2Client(config) };
}

/** Runs one deployment on a fresh simulator and measures one waiter on it. */
async function trial(waiter: Waiter, seed: number): Promise<Trial> {
  const world = rollingWorld({
    healthCheckIntervalSeconds: 30,
    healthyThresholdCount: 3,
    deregistrationDelaySeconds: 300,
  });
  const sim = await startSimulator({ timeScale: TIME_SCALE, seed, world });
  const { ecs, elb } = clients(sim);
  try {
    const registered = await ecs.send(
      new RegisterTaskDefinitionCommand(
        webTaskDefinition('123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2') as never,
      ),
    );
    const startedAt = sim.world.clock.now();
    await ecs.send(
      new UpdateServiceCommand({
        cluster: 'prod',
        service: 'web',
        taskDefinition: registered.taskDefinition!.taskDefinitionArn,
      }),
    );
    const firstCall = sim.world.log.list().at(-1)!.seq;
    const clock = simClock(sim);
    let verdictAt: number;
    if (waiter === 'ecs-kit gate') {
      const verdict = await waitForHealthyDeployment({
        ecs,
        elb,
        clock,
        cluster: 'prod',
        service: 'web',
        timeoutMs: TIMEOUT_MS,
      });
      if (verdict.status !== 'healthy') throw new Error(`gate verdict ${verdict.status}: ${verdict.reason}`);
      verdictAt = clock.now();
    } else {
      verdictAt = await waitForServicesStable({
        ecs,
        clock,
        cluster: 'prod',
        service: 'web',
        timeoutMs: TIMEOUT_MS,
      });
    }
    const healthyEvents = sim.world.timeline.filter(
      (event) => event.type === 'target-health' && event.to === 'healthy' && event.time >= startedAt,
    );
    const lastHealthyAt = Math.max(...healthyEvents.map((event) => event.time));
    const calls = sim.world.log.list(firstCall).filter((call) => call.operation !== 'TagResource');
    return {
      latencyMs: verdictAt - lastHealthyAt,
      timeToLiveMs: verdictAt - startedAt,
      apiCalls: calls.length,
    };
  } finally {
    ecs.destroy();
    elb.destroy();
    await sim.stop();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

const s = (ms: number, digits = 1) => `${(ms / 1000).toFixed(digits)} s`;

async function main(): Promise<void> {
  const results: Record<Waiter, Trial[]> = { 'ecs-kit gate': [], 'services stable (15 s)': [] };
  for (let index = 0; index < TRIALS; index++) {
    // Both waiters watch identical deployments (same seed) at the same time, on separate simulators.
    const [kit, baseline] = await Promise.all([
      trial('ecs-kit gate', 100 + index),
      trial('services stable (15 s)', 100 + index),
    ]);
    results['ecs-kit gate'].push(kit);
    results['services stable (15 s)'].push(baseline);
    process.stderr.write(
      `trial ${index + 1}/${TRIALS}: kit ${s(kit.timeToLiveMs)}, baseline ${s(baseline.timeToLiveMs)}\n`,
    );
  }
  const rows = (Object.keys(results) as Waiter[]).map((waiter) => {
    const trials = results[waiter];
    const latencies = trials.map((entry) => entry.latencyMs);
    return [
      waiter,
      s(median(latencies), 2),
      s(Math.max(...latencies), 2),
      s(median(trials.map((entry) => entry.timeToLiveMs))),
      String(median(trials.map((entry) => entry.apiCalls))),
    ];
  });
  const kitLive = median(results['ecs-kit gate'].map((entry) => entry.timeToLiveMs));
  const baseLive = median(results['services stable (15 s)'].map((entry) => entry.timeToLiveMs));
  const header = [
    'waiter',
    'detection latency (median)',
    'detection latency (max)',
    'time to live traffic (median)',
    'API calls / deployment (median)',
  ];
  const lines = [header, header.map(() => '---'), ...rows].map((row) => `| ${row.join(' | ')} |`);
  console.log(
    `Rolling deployment, 2 tasks, health check 30 s × 3, deregistration delay 300 s; ${TRIALS} deployments each, time scale ${TIME_SCALE}.`,
  );
  console.log(lines.join('\n'));
  console.log(
    `time to live traffic: ecs-kit is ${(baseLive / kitLive).toFixed(1)}× faster than the services-stable baseline`,
  );
}

await main();
