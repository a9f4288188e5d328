/**
 * The rolling health gate as other capabilities call it: ecs-deploy's `healthy` wait mode and preview wait
 * for one ECS deployment's targets with waitForHealthyDeployment, and for several services' deployments in
 * one batched loop with waitForHealthyDeployments. Kept apart from the strategy entry so that
 * they bundle the rolling gate only, not kit blue/green or native.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';
import { silentLogger, type Logger } from '../logger.js';
import type { AlarmWatcher } from './alarms.js';
import type { PreflightTargetGroups } from './preflight.js';
import { gateRollingDeployment, policyOf } from './rolling.js';
import { gateServices, type GatedService, type ServicesGateOptions } from './services-gate.js';
import type { HealthSample, HealthVerdict } from './types.js';

/** Options of waitForHealthyDeployment. */
export interface WaitForHealthyOptions {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  /** Cluster name or ARN. */
  cluster: string;
  /** Service name or ARN. */
  service: string;
  /** The ECS deployment to gate (`ecs-svc/...`); the service's PRIMARY deployment when omitted. */
  deploymentId?: string;
  clock: Clock;
  /** Aborting returns a `cancelled` verdict (nothing to restore in a rolling deployment). */
  signal?: AbortSignal;
  /** Give up with a `timeout` verdict after this long (clock milliseconds). */
  timeoutMs: number;
  /** All-healthy observations in a row before the verdict is healthy (default 2). */
  consecutive?: number;
  /** A new target may stay unhealthy this long before the verdict is unhealthy (default 60 s). */
  unhealthyTimeoutMs?: number;
  /** Called after every observation. */
  onProgress?: (sample: HealthSample) => void;
  /** Tag the task definition with `ecs-kit:healthy-at` when healthy (default true). */
  tagHealthy?: boolean;
  /** Progress, warnings (failed polls, tagging) and raw observations (debug). */
  logger?: Logger;
  /** Target groups a preflight already read (preflightGate in ./preflight.ts): not read again. */
  targetGroups?: PreflightTargetGroups;
  /** The action whose IAM policy a denied read points at (default `wait-healthy`). */
  action?: string;
  /** CloudWatch alarms read at every poll (started before the rollout): one in ALARM fails the gate. */
  alarms?: AlarmWatcher;
  /** After the new tasks are healthy, keep watching this long (alarms, targets) before passing. */
  bakeMs?: number;
}

/**
 * Waits until the deployment's tasks are all RUNNING and healthy in every target group of the service,
 * without waiting for old tasks to drain. Never throws for an unhealthy deployment: the verdict says so.
 * Throws for bad input (unknown service, a service without load balancers) before waiting.
 */
export function waitForHealthyDeployment(options: WaitForHealthyOptions): Promise<HealthVerdict> {
  const { ecs, elb, logger, consecutive, unhealthyTimeoutMs, ...rest } = options;
  return gateRollingDeployment({
    ...rest,
    clients: { ecs, elb },
    policy: policyOf({ consecutive, unhealthyTimeoutMs }),
    logger: logger ?? silentLogger,
  });
}

/** Options of waitForHealthyDeployments: one service's options, for several services. */
export interface WaitForHealthyManyOptions extends Omit<
  WaitForHealthyOptions,
  'service' | 'deploymentId' | 'onProgress'
> {
  services: GatedService[];
  /** Called after every observation of a service. */
  onProgress?: (service: string, sample: HealthSample) => void;
  /** Called as each service's gate ends (`failing` is an unhealthy verdict), before the others end. */
  onOutcome?: ServicesGateOptions['onOutcome'];
}

/**
 * Waits for several services' deployments at once, each by waitForHealthyDeployment's rules, with poll
 * rounds whose calls grow with ⌈services/10⌉ and the distinct target groups (services-gate.ts). Returns
 * each service's verdict in the order given.
 */
export function waitForHealthyDeployments(options: WaitForHealthyManyOptions): Promise<HealthVerdict[]> {
  const { ecs, elb, logger, consecutive, unhealthyTimeoutMs, ...rest } = options;
  return gateServices({
    ...rest,
    clients: { ecs, elb },
    policy: policyOf({ consecutive, unhealthyTimeoutMs }),
    logger: logger ?? silentLogger,
  });
}
