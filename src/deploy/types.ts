/** Plain options and results of the deploy engine, shared by its phases. */
import type { AlarmWatcher } from '../health/alarms.js';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Provenance } from '../taskdef/provenance.js';
import type { RenderOverrides } from '../taskdef/render.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';

/** How the engine waits for a rollout. */
export type WaitMode = 'none' | 'deployment' | 'healthy';

/** What a deployment achieved, as the `outcome` output reports it. */
export type Outcome = 'deployed' | 'unchanged' | 'rolled-back' | 'planned' | 'failed';

/** The `in-progress` input: what to do when a service already has a deployment rolling out. */
export type InProgressPolicy = 'wait' | 'fail' | 'replace';

/** Clients and the waiting machinery every phase gets. */
export interface EngineContext {
  /** The action's one client set (ELBv2 is used only by the `healthy` wait mode). */
  clients: AwsClients;
  clock: Clock;
  signal?: AbortSignal;
  logger: Logger;
}

/** Everything a deployment needs, already validated by the action. */
export interface DeployOptions {
  cluster: string;
  services: string[];
  /** The task definition file's content; undefined to start from what the first service runs now. */
  base?: TaskDefinitionInput;
  overrides: RenderOverrides;
  allowFamilyChange: boolean;
  /** `auto`: only when nothing changed but an image uses a moving tag (`latest` or none). */
  forceNewDeployment: 'auto' | boolean;
  desiredCount?: number;
  /** A deployment already in progress on a service: wait for it, fail, or replace it. */
  inProgress: InProgressPolicy;
  waitMode: WaitMode;
  timeoutMs: number;
  rollbackOnFailure: boolean;
  /** CloudWatch alarms (read before any change) that fail a `healthy` wait, and the bake after it. */
  alarms?: { watch: AlarmWatcher; bakeMs: number };
  /** Keep this many newest revisions of the family, deregistering older unused ones (0: keep all). */
  keepRevisions: number;
  dryRun: boolean;
  provenance: Omit<Provenance, 'deployedAt'>;
}

/** One moment of a rollout, for the job summary's timeline. */
export interface RolloutEvent {
  /** Clock time, epoch ms. */
  time: number;
  service: string;
  message: string;
}
