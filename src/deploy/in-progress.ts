/**
 * What ecs-deploy does when a service it is about to update already has a deployment in progress (another
 * run, or one started by hand): `wait` for it to settle (the default), `fail` at once, or `replace` it.
 * This happens before anything is registered or updated, so two runs queue instead of interleaving
 * revisions, and a run that gives up has changed nothing.
 */
import type { Deployment, Service } from '@aws-sdk/client-ecs';
import { errorMessage } from '../errors.js';
import { shortArn } from '../arn.js';
import { describeServices } from './services.js';
import type { EngineContext, InProgressPolicy } from './types.js';

/** How often a waiting run looks again (clock milliseconds). */
export const IN_PROGRESS_POLL_MS = 5_000;

/** The service's PRIMARY deployment when ECS is still rolling it out. */
export function inProgressDeployment(service: Service): Deployment | undefined {
  const primary = service.deployments?.find((deployment) => deployment.status === 'PRIMARY');
  return primary?.rolloutState === 'IN_PROGRESS' ? primary : undefined;
}

function describeBusy(busy: [Service, Deployment][]): string {
  return busy
    .map(
      ([service, deployment]) =>
        `${service.serviceName}: deployment ${deployment.id} (${shortArn(deployment.taskDefinition ?? '')}) is in progress`,
    )
    .join('; ');
}

function minutes(ms: number): string {
  return ms >= 60_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

/**
 * Applies `policy` to the services' in-progress deployments and returns the services as they are when the
 * run may go on. Throws (having changed nothing) on `fail`, on a wait that outlasts `timeoutMs`, or when
 * cancelled while waiting. A deployment whose tasks keep failing may never settle (a service without the
 * circuit breaker retries forever), so `wait` replaces it with a warning instead of waiting on it.
 */
export async function settleInProgress(
  context: EngineContext,
  options: { cluster: string; services: string[]; policy: InProgressPolicy; timeoutMs: number },
  described: Service[],
): Promise<Service[]> {
  const { clock, logger, signal } = context;
  const deadline = clock.now() + options.timeoutMs;
  let current = described;
  let lastLogged = '';
  for (;;) {
    const busy = current
      .map((service): [Service, Deployment | undefined] => [service, inProgressDeployment(service)])
      .filter((entry): entry is [Service, Deployment] => entry[1] !== undefined);
    if (busy.length === 0) {
      if (lastLogged) logger.info('the earlier deployment finished; deploying now');
      return current;
    }
    const text = describeBusy(busy);
    if (options.policy === 'replace') {
      logger.warning(`${text}; this run replaces it (in-progress: replace)`);
      return current;
    }
    if (options.policy === 'fail') {
      throw new Error(`${text}; nothing was changed (in-progress: fail)`);
    }
    if (busy.every(([, deployment]) => (deployment.failedTasks ?? 0) > 0)) {
      logger.warning(`${text} and its tasks keep failing; this run replaces it instead of waiting`);
      return current;
    }
    if (clock.now() >= deadline) {
      throw new Error(
        `${text} after waiting ${minutes(options.timeoutMs)}; nothing was changed (set in-progress: replace to deploy over it)`,
      );
    }
    if (text !== lastLogged) {
      logger.info(`${text}; waiting for it to finish first (in-progress: wait)`);
      lastLogged = text;
    }
    try {
      await clock.sleep(Math.min(IN_PROGRESS_POLL_MS, Math.max(0, deadline - clock.now())), signal);
    } catch {
      throw new Error(
        `${errorMessage(signal?.reason ?? 'cancelled')} while waiting for an earlier deployment: ${text}; nothing was changed`,
      );
    }
    current = await describeServices(context.clients.ecs, options.cluster, options.services);
  }
}
