/**
 * Engines in process on a simulator: an EngineContext whose clock is the simulator's own (sleeps are
 * simulator events, so polling and timeouts pass in simulated time) and a logger that keeps its lines.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../../src/clock.js';
import type { EngineContext } from '../../src/deploy/types.js';
import type { Logger } from '../../src/logger.js';
import type { Simulator } from '../../sim/index.js';

/** The simulator's clock as the kit's Clock. */
export function simulatorClock(sim: Simulator): Clock {
  const clock = sim.world.clock;
  return {
    now: () => clock.now(),
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const onAbort = () => {
          clock.cancel(id);
          reject(signal?.reason);
        };
        const id = clock.after(ms, () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}

/** A logger that keeps every line (warnings prefixed, groups named) for assertions. */
export function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    debug: () => undefined,
    warning: (message) => lines.push(`warning: ${message}`),
    group: (name, fn) => {
      lines.push(`group: ${name}`);
      return fn();
    },
    secret: () => undefined,
  };
}

/** An engine context on `sim` with a logger that records its lines; destroy() closes the clients. */
export function engineContext(sim: Simulator): EngineContext & { lines: string[]; destroy(): void } {
  const config = {
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
  };
  const logger = recordingLogger();
  const clients = {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    cloudwatch: new CloudWatchClient(config),
  };
  return {
    clients,
    clock: simulatorClock(sim),
    logger,
    lines: logger.lines,
    destroy: () => Object.values(clients).forEach((client) => client.destroy()),
  };
}
