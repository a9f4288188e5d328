/** Plain options and results of the deploy engine, shared by its phases. */
import type { AlarmWatcher } from '../health/alarms.js';
import type { DesiredCount } from './desired-count.js';
import type { AwsClients } from '../aws/clients.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Provenance } from '../taskdef/provenance.js';
import type { OneOffTaskSpec } from './one-off-task.js';
import type { RenderOverrides } from '../taskdef/render.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';

/** How the engine waits for a rollout. */
export type WaitMode = 'none' | 'deployment' | 'healthy';

/** The WaitMode values, for the `wait` input and the config file's `deploy.wait`. */
export const WAIT_MODES = ['none', 'deployment', 'healthy'] as const satisfies readonly WaitMode[];

/** The `in-progress` input: what to do when a service already has a deployment rolling out. */
export const IN_PROGRESS_POLICIES = ['wait', 'fail', 'replace'] as const;
/** One of IN_PROGRESS_POLICIES. */
export type InProgressPolicy = (typeof IN_PROGRESS_POLICIES)[number];

/** ecs-deploy's modes: deploy a new revision, or roll back to an earlier one. */
export const DEPLOY_MODES = ['deploy', 'rollback'] as const;
/** One of DEPLOY_MODES. */
export type DeployMode = (typeof DEPLOY_MODES)[number];

/** The `rollback-scope` values: what goes back when one service of a run fails. */
export const ROLLBACK_SCOPES = ['all', 'service'] as const;
/** One of ROLLBACK_SCOPES. */
export type RollbackScope = (typeof ROLLBACK_SCOPES)[number];

/** What a deployment achieved, as the `outcome` output reports it. */
export type Outcome = 'deployed' | 'unchanged' | 'rolled-back' | 'planned' | 'failed';

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
  /** One count for every service, or one per service; undefined keeps the counts. */
  desiredCount?: DesiredCount;
  /** A deployment already in progress on a service: wait for it, fail, or replace it. */
  inProgress: InProgressPolicy;
  waitMode: WaitMode;
  timeoutMs: number;
  /**
   * Services without a load balancer: after ECS reports the deployment COMPLETED, every task must keep
   * running this long (src/deploy/settle.ts; default 30 s, 0 turns it off).
   */
  settleMs?: number;
  rollbackOnFailure: boolean;
  /** CloudWatch alarms (read before any change) that fail a `healthy` wait, and the bake after it. */
  alarms?: { watch: AlarmWatcher; bakeMs: number };
  /** `all` (default): any failed service rolls back every service the run updated; `service`: only it. */
  rollbackScope?: RollbackScope;
  /** Keep this many newest revisions of the family, deregistering older unused ones (0: keep all). */
  keepRevisions: number;
  dryRun: boolean;
  provenance: Omit<Provenance, 'deployedAt'>;
  /**
   * One-off tasks from the deployed revision: `before` ones run after registering and before any service
   * is updated (a failure updates nothing); `after` ones once every service is healthy.
   */
  oneOffTasks?: OneOffTaskSpec[];
}

/** One moment of a rollout, for the job summary's timeline. */
export interface RolloutEvent {
  /** Clock time, epoch ms. */
  time: number;
  service: string;
  message: string;
}
