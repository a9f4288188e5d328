/** What every health strategy (rolling, kit blue/green, ECS native) is given, in one shape. */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { HealthPolicy, HealthSample } from './types.js';

/** The options every strategy shares: clients, time, cancellation, the gate's rules and its reporting. */
export interface HealthGateOptions {
  /** The gate reads ECS and ELBv2 only, so any client set that has those two will do. */
  clients: Pick<AwsClients, 'ecs' | 'elb'>;
  clock: Clock;
  /** Aborting ends the gate with a `cancelled` verdict; each strategy then leaves traffic safe. */
  signal?: AbortSignal;
  /** Progress, warnings (failed polls, tagging) and raw observations (debug). */
  logger?: Logger;
  /** Cluster name or ARN. */
  cluster: string;
  /** Give up with a `timeout` verdict after this long (clock milliseconds). */
  timeoutMs: number;
  policy: HealthPolicy;
  /** Called after every observation. */
  onProgress?: (sample: HealthSample) => void;
}
