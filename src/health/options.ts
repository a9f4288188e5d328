/** What every health strategy (rolling, kit blue/green, ECS native) is given, in one shape. */
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { AlarmWatcher } from './alarms.js';
import type { HealthPolicy, HealthSample } from './types.js';

/** The options every strategy shares: clients, time, cancellation, the gate's rules and its reporting. */
export interface HealthGateOptions {
  /** The gate reads ECS and ELBv2; CloudWatch only for alarms and the metric gate. */
  clients: Pick<AwsClients, 'ecs' | 'elb'> & Partial<Pick<AwsClients, 'cloudwatch'>>;
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
  /** CloudWatch alarms read at every poll: one in ALARM fails the gate (started before any change). */
  alarms?: AlarmWatcher;
  /** After the new revision is healthy, keep watching (alarms, targets) this long before passing. */
  bakeMs?: number;
}
