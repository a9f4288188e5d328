/** Whether ECS itself already rolled back a service's newest deployment (circuit breaker or a stop with rollback). */
import { ListServiceDeploymentsCommand, type ECSClient } from '@aws-sdk/client-ecs';
import { errorMessage } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * The reason when the newest service deployment of `service` is being or was rolled back by ECS, else
 * undefined. A gate that follows the PRIMARY deployment needs this: after a circuit-breaker rollback the
 * PRIMARY deployment runs the old revision, and its health says nothing about the new one. When the call is
 * not allowed (an older IAM policy), the gate goes on with a warning rather than failing.
 */
export async function ecsRollbackOfNewest(
  ecs: ECSClient,
  options: { cluster: string; service: string; logger?: Logger },
): Promise<string | undefined> {
  try {
    const response = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster: options.cluster, service: options.service }),
    );
    const newest = (response.serviceDeployments ?? []).sort(
      (a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0),
    )[0];
    if (!newest?.status?.startsWith('ROLLBACK_')) return undefined;
    const detail = newest.statusReason ? `: ${newest.statusReason}` : '';
    return `ECS rolled back the newest deployment of '${options.service}' (${newest.status}${detail}); the running deployment is the previous revision`;
  } catch (error) {
    options.logger?.warning(
      `could not check whether ECS rolled back '${options.service}' (ListServiceDeployments: ${errorMessage(error)}); pass deployment-id to gate a specific deployment`,
    );
    return undefined;
  }
}
