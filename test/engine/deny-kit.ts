/**
 * In-process runs of the kit's engines against one simulator for the deny matrix: the simulator's clock
 * drives the engine's waits (no real sleeps), every line the engine logs is kept, and the world is reset
 * and reseeded between runs.
 */
import type { AwsClients } from '../../src/aws/clients.js';
import type { Clock } from '../../src/clock.js';
import type { Simulator } from '../../sim/index.js';

/** The simulator's clock: sleeping advances it, firing every simulated event that falls due. */
export function simulatorClock(sim: Simulator): Clock {
  return {
    now: () => sim.world.clock.now(),
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw signal.reason;
      sim.world.clock.advance(ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export { recordingLogger } from '../helpers/engine.js';

/** The clients of a harness as the engines take them. */
export function clientsOf(harness: AwsClients): AwsClients {
  return { ecs: harness.ecs, ecr: harness.ecr, elb: harness.elb, cloudwatch: harness.cloudwatch };
}
