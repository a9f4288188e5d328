/** Shared set-up for the ECS simulator tests: a fresh simulator, real ECS and ELBv2 SDK clients, polling in simulated time. */
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSimulator, type Simulator, type WorldSeed } from '../../sim/index.js';

/** A started simulator with SDK clients pointed at it. */
export interface EcsHarness {
  sim: Simulator;
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
}

const credentials = { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' };

/** Starts a fresh simulator (default time scale 1000) and real clients. */
export async function startEcs(options: { timeScale?: number; world?: WorldSeed } = {}): Promise<EcsHarness> {
  const sim = await startSimulator({ timeScale: options.timeScale ?? 1000, world: options.world });
  const config = { region: 'us-east-1', endpoint: sim.endpoint, credentials, maxAttempts: 1 };
  return { sim, ecs: new ECSClient(config), elb: new ElasticLoadBalancingV2Client(config) };
}

/** Stops what startEcs started. */
export async function stopEcs(harness: EcsHarness | undefined): Promise<void> {
  if (!harness) return;
  harness.ecs.destroy();
  harness.elb.destroy();
  await harness.sim.stop();
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { name: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * Polls `read` until `done` holds, pausing `pollMs` of simulated time between reads (real time is
 * pollMs / scale); fails after `timeoutMs` of simulated time with the last value.
 */
export async function waitFor<T>(
  harness: EcsHarness,
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { pollMs?: number; timeoutMs?: number } = {},
): Promise<T> {
  const clock = harness.sim.world.clock;
  const deadline = clock.now() + (options.timeoutMs ?? 30 * 60_000);
  const pollMs = options.pollMs ?? 5000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (clock.now() > deadline) {
      throw new Error(
        `condition not reached in simulated time; last value: ${JSON.stringify(value, null, 1)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, pollMs / clock.getScale())));
  }
}
