/** What a deploy or rollback run did, per service and overall: input to outputs and the job summary. */
import type { TaskDefinitionDiff } from '../taskdef/diff.js';
import type { RevisionCleanup } from './cleanup.js';
import type { OneOffResult } from './run-one-off.js';
import type { Outcome, RolloutEvent, WaitMode } from './types.js';
import type { RolloutResult } from './wait.js';

/** What happened to one service. */
export interface ServiceReport {
  service: string;
  /** The revision the service ran before. */
  previousTaskDefinitionArn: string;
  /**
   * Where an automatic rollback takes the service when that is not the revision it ran before (that
   * revision was a failed half-deploy: automatic-rollback.ts). Unset: the previous revision.
   */
  rollbackTaskDefinitionArn?: string;
  /** The desired count before this run changed it (set only when the run changes it), for rollback. */
  previousDesiredCount?: number;
  /**
   * `updated`: UpdateService was called; `unchanged`: already on the target; `planned`: dry run; `held`:
   * the run stopped before updating it (a before task failed), so it still runs its previous revision.
   */
  action: 'updated' | 'unchanged' | 'planned' | 'held';
  forceNewDeployment: boolean;
  deploymentId?: string;
  /** The revision this service was pointed at, when a run deploys several (else the report's one). */
  targetTaskDefinitionArn?: string;
  /** Rollback mode: why the service goes to its target (`tagged healthy at …`, `rollback-to`). */
  targetReason?: string;
  wait?: RolloutResult;
  rollback?: RolloutResult;
  /** Why tasks of the new revision stopped (on failure). */
  stoppedReasons: string[];
  /** Stopped tasks of the new revision and their awslogs streams (on failure), linked from the summary. */
  stoppedTasks?: StoppedTaskLogs[];
}

/** One stopped task and where its containers logged (awslogs only). */
export interface StoppedTaskLogs {
  taskId: string;
  logStreams: { container: string; group: string; stream: string }[];
}

/** One revision the run deployed (or would deploy), and the services pointed at it. */
export interface RevisionReport {
  family: string;
  /** Undefined in a dry run that would register it. */
  taskDefinitionArn?: string;
  registered: boolean;
  diff: TaskDefinitionDiff;
  services: string[];
}

/** The result of a run. */
export interface DeployReport {
  mode: 'deploy' | 'rollback';
  outcome: Outcome;
  cluster: string;
  waitMode: WaitMode;
  /** The revision the services were pointed at (undefined in a dry run that would register one). */
  taskDefinitionArn?: string;
  family: string;
  /** A new revision was registered (or, in a dry run, would be). */
  registered: boolean;
  diff: TaskDefinitionDiff;
  services: ServiceReport[];
  timeline: RolloutEvent[];
  startedAt: number;
  finishedAt: number;
  cleanup?: RevisionCleanup;
  /** The one-off tasks run before and after the rollout, in order. */
  oneOffTasks?: OneOffResult[];
  /** Set when the run failed: the message the action fails with. */
  failure?: string;
  /** Every revision of a run that deployed several (its services' own task definitions), in config order. */
  revisions?: RevisionReport[];
}

/**
 * The services of a run that stopped before its updates (a failed migration): the ones it meant to update
 * are held on their previous revision, and the report says so rather than `updated`.
 */
export function heldBack(services: ServiceReport[]): ServiceReport[] {
  return services.map((entry) => (entry.action === 'updated' ? { ...entry, action: 'held' } : entry));
}
