/** Shared set-up for the ECS simulator tests: a fresh simulator, real ECS and ELBv2 SDK clients, polling in simulated time. */
import type { WorldSeed } from '../../sim/index.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';

/** A started simulator with SDK clients pointed at it. */
export type EcsHarness = SimulatorHarness;

/** Starts a fresh simulator (default time scale 1000) and real clients that do not retry. */
export function startEcs(options: { timeScale?: number; world?: WorldSeed } = {}): Promise<EcsHarness> {
  return startSimulatorHarness({
    timeScale: options.timeScale ?? 1000,
    world: options.world,
    maxAttempts: 1,
  });
}

/** Stops what startEcs started. */
export const stopEcs = stopSimulatorHarness;

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
