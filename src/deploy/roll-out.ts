/**
 * The mutating half of a deployment: update the services, then wait and finish (finish.ts). Whatever
 * throws once a service has changed goes to attendFailure, so the run always ends with the services
 * rolled back or with what ECS is doing and how to restore them; a failure before any service changed
 * names the missing permission, if that was the cause.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { asMissingPermissions } from '../aws/access-denied.js';
import type { PreflightTargetGroups } from '../health/preflight.js';
import { shortArn } from '../arn.js';
import { attendFailure } from './attend.js';
import { finishRollouts, type FinishedRollouts } from './finish.js';
import type { ServiceReport } from './report.js';
import type { DeployOptions, EngineContext, RolloutEvent } from './types.js';
import { updateAll } from './update.js';

/** What rollOut works on. */
export interface RollOutOptions {
  options: DeployOptions;
  /** The plan's entries of the services to update. */
  planned: ServiceReport[];
  taskDefinitionArn: string;
  /** Whether this run registered the revision (the failure says so when nothing else changed). */
  registered: boolean;
  /** The services as described before the update. */
  services: Service[];
  /** Target groups the preflight read, for the healthy gate. */
  targetGroups?: PreflightTargetGroups;
  knownEventIds: Set<string>;
  onEvent: (event: RolloutEvent) => void;
}

/** Updates the planned services and sees the rollouts through; throws only when no service changed. */
export async function rollOut(context: EngineContext, rollOut: RollOutOptions): Promise<FinishedRollouts> {
  const { options, taskDefinitionArn } = rollOut;
  const changed: ServiceReport[] = [];
  try {
    const started = await context.logger.group('Update services', () =>
      updateAll(context, {
        options,
        entries: rollOut.planned,
        targetArn: taskDefinitionArn,
        onEvent: rollOut.onEvent,
        onStarted: (entry) => changed.push(entry),
      }),
    );
    return await finishRollouts(context, {
      options,
      updated: started,
      taskDefinitionArn,
      services: rollOut.services,
      targetGroups: rollOut.targetGroups,
      knownEventIds: rollOut.knownEventIds,
      onEvent: rollOut.onEvent,
    });
  } catch (error) {
    if (changed.length === 0) throw unchangedFailure(error, rollOut);
    return attendFailure(context, {
      action: 'ecs-deploy',
      cluster: options.cluster,
      changed,
      targetArn: taskDefinitionArn,
      error,
      rollbackOnFailure: options.rollbackOnFailure,
      timeoutMs: options.timeoutMs,
      knownEventIds: rollOut.knownEventIds,
      onEvent: rollOut.onEvent,
    });
  }
}

/** The first UpdateService failed: no service changed; a denial names the permission. */
function unchangedFailure(error: unknown, rollOut: RollOutOptions): unknown {
  const registered = rollOut.registered ? `${shortArn(rollOut.taskDefinitionArn)} was registered but ` : '';
  return asMissingPermissions(
    'ecs-deploy',
    error,
    `${registered}no service was changed`,
    'ecs:UpdateService',
  );
}
