/**
 * ecs-deploy's preflight: after the services are read and the revision planned, and before the first
 * mutating call, every read the later phases need is made once. A role that could register and update but
 * not watch the rollout fails here, with nothing changed, naming each missing permission. The results are
 * handed on (the healthy gate reuses the target groups read here).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { preflightGate, type PreflightTargetGroups } from '../health/preflight.js';
import type { ServiceReport } from './report.js';
import type { DeployOptions, EngineContext } from './types.js';

/** What the preflight read, for the phases after the update. */
export interface DeployPreflight {
  /** The target groups of the services the healthy gate will watch (wait `healthy` only). */
  targetGroups?: PreflightTargetGroups;
}

/**
 * The preflight reads for the services this run will update. Throws MissingPermissionsError (from
 * src/aws/access-denied.ts) naming every denied action.
 */
export async function preflightDeploy(
  context: EngineContext,
  options: Pick<DeployOptions, 'cluster' | 'waitMode'>,
  deploy: { services: Service[]; planned: ServiceReport[] },
): Promise<DeployPreflight> {
  const updated = deploy.services.filter((service) =>
    deploy.planned.some((entry) => entry.service === service.serviceName && entry.action !== 'unchanged'),
  );
  // Services without a target group are followed in `deployment` mode, which reads only DescribeServices.
  const gated =
    options.waitMode === 'healthy'
      ? updated.filter((service) => (service.loadBalancers ?? []).some((entry) => entry.targetGroupArn))
      : [];
  const targetGroups =
    gated.length > 0
      ? await preflightGate({
          clients: context.clients,
          cluster: options.cluster,
          services: gated,
          action: 'ecs-deploy',
        })
      : undefined;
  return { targetGroups };
}
