/** Plain options and results of the deploy engine, shared by its phases. */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';

/** Where the engine reports progress; the action passes its step log (src/github/log.ts). */
export interface DeployLogger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
  /** Runs a phase inside a collapsible log group. */
  group<T>(name: string, phase: () => Promise<T>): Promise<T>;
}

/** How the engine waits for a rollout. */
export type WaitMode = 'none' | 'deployment' | 'healthy';

/** The WaitMode values, for the `wait` input and the config file's `deploy.wait`. */
export const WAIT_MODES = ['none', 'deployment', 'healthy'] as const satisfies readonly WaitMode[];

/** The `in-progress` policies (InProgressPolicy in in-progress.ts, which this file cannot import without a cycle). */
export const IN_PROGRESS_POLICIES = ['wait', 'fail', 'replace'] as const;

/** ecs-deploy's modes: deploy a new revision, or roll back to an earlier one. */
export const DEPLOY_MODES = ['deploy', 'rollback'] as const;
/** One of DEPLOY_MODES. */
export type DeployMode = (typeof DEPLOY_MODES)[number];

/** What a deployment achieved, as the `outcome` output reports it. */
export type Outcome = 'deployed' | 'unchanged' | 'rolled-back' | 'planned' | 'failed';

/** Clients and the waiting machinery every phase gets. */
export interface EngineContext {
  ecs: ECSClient;
  /** Only needed by the `healthy` wait mode. */
  elb?: ElasticLoadBalancingV2Client;
  clock: Clock;
  signal?: AbortSignal;
  logger: DeployLogger;
}

/** One moment of a rollout, for the job summary's timeline. */
export interface RolloutEvent {
  /** Clock time, epoch ms. */
  time: number;
  service: string;
  message: string;
}
