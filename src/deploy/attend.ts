/**
 * After UpdateService the kit never leaves a deployment unattended. When anything throws once a service
 * has been changed (a denied permission, a 5xx that outlived the retries, a bug), the services this run
 * changed are rolled back as rollback-on-failure says; when that is off or impossible (UpdateService
 * itself now denied), the failure says what ECS is doing now and the one command that restores each
 * service's previous revision.
 */
import { denialOf, policyPath } from '../aws/access-denied.js';
import { errorMessage } from '../errors.js';
import { shortArn } from '../arn.js';
import type { FinishedRollouts } from './finish.js';
import type { ServiceReport } from './report.js';
import { restoreCommand } from './restore.js';
import { rollBack, rollbackRequestsFor, rollbackTargetOf } from './rollback.js';
import type { EngineContext, RolloutEvent } from './types.js';
import { failedRollouts } from './wait-mode.js';

/**
 * What ECS is doing with each changed service now and how to restore it: `web: ECS carries on rolling
 * out shop-web:3 (deployment ecs-svc/1) without the kit; restore shop-web:2 with: aws ecs update-service ...`.
 */
export function unattendedState(cluster: string, targetArn: string, changed: ServiceReport[]): string {
  return changed
    .map((entry) => {
      const deployment = entry.rollback?.deploymentId ?? entry.deploymentId;
      // Several deployables: each service rolls out its own family's revision, not the first one's.
      const doing = entry.rollback
        ? `rolling back to ${shortArn(rollbackTargetOf(entry))}`
        : `rolling out ${shortArn(entry.targetTaskDefinitionArn ?? targetArn)}`;
      return (
        `${entry.service}: ECS carries on ${doing}${deployment ? ` (deployment ${deployment})` : ''} ` +
        `without the kit watching; restore ${shortArn(rollbackTargetOf(entry))} with: ` +
        restoreCommand(cluster, entry.service, rollbackTargetOf(entry))
      );
    })
    .join('; ');
}

/** A thrown error in words, naming the permission and the policy when IAM denied it. */
export function describeFailure(action: string, error: unknown): string {
  const denial = denialOf(error);
  if (!denial) return errorMessage(error);
  const who = denial.principal ? ` for ${denial.principal}` : '';
  return `missing permission ${denial.permission}${who} (grant what ${policyPath(action)} lists)`;
}

/** What attendFailure works on. */
export interface AttendOptions {
  /** The action whose policy a missing permission points at. */
  action: string;
  cluster: string;
  /** The services this run changed, with the deployment each got. */
  changed: ServiceReport[];
  /** The revision they were pointed at. */
  targetArn: string;
  /** What threw after the change. */
  error: unknown;
  rollbackOnFailure: boolean;
  timeoutMs: number;
  knownEventIds?: Set<string>;
  onEvent?: (event: RolloutEvent) => void;
}

/**
 * Handles an error thrown after services were changed: rolls them back (rollback-on-failure) and reports
 * `rolled-back`, or reports `failed` with what ECS is doing and the restore commands. Never throws.
 */
export async function attendFailure(
  context: EngineContext,
  attend: AttendOptions,
): Promise<FinishedRollouts> {
  const { logger } = context;
  const cause = describeFailure(attend.action, attend.error);
  logger.warning(`after updating ${attend.changed.map((entry) => entry.service).join(', ')}: ${cause}`);
  let rollbackProblem = 'not rolled back (rollback-on-failure is false)';
  let changed = attend.changed;
  if (attend.rollbackOnFailure) {
    try {
      const rollbacks = await logger.group('Roll back', () =>
        rollBack(context, {
          cluster: attend.cluster,
          requests: rollbackRequestsFor(attend.changed),
          timeoutMs: attend.timeoutMs,
          wait: true,
          knownEventIds: attend.knownEventIds,
          onEvent: attend.onEvent,
        }),
      );
      const updated = attend.changed.map((entry, index) => ({ ...entry, rollback: rollbacks[index] }));
      const stuck = failedRollouts(rollbacks);
      if (stuck.length === 0) {
        const restored = attend.changed
          .map((entry) => `${entry.service} is back on ${shortArn(rollbackTargetOf(entry))}`)
          .join(', ');
        return { outcome: 'rolled-back', failure: `${cause}; rolled back: ${restored}`, updated };
      }
      changed = updated;
      rollbackProblem = `the rollback did not complete (${stuck.map((result) => `${result.service}: ${result.reason}`).join('; ')})`;
    } catch (rollbackError) {
      rollbackProblem = `the rollback failed: ${describeFailure(attend.action, rollbackError)}`;
    }
  }
  return {
    outcome: 'failed',
    failure: `${cause}; ${rollbackProblem}: ${unattendedState(attend.cluster, attend.targetArn, changed)}`,
    updated: changed,
  };
}
