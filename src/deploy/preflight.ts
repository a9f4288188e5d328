/**
 * ecs-deploy's preflight: after the services are read and the revision planned, and before the first
 * mutating call, every read the later phases need is made once. A role that could register and update but
 * not watch the rollout fails here, with nothing changed, naming each missing permission. The results are
 * handed on (the healthy gate reuses the target groups read here; a failed rollout goes back to the
 * rollback targets decided here).
 */
import type { Service } from '@aws-sdk/client-ecs';
import { phasesTogether } from '../aws/access-denied.js';
import { preflightGate, type PreflightTargetGroups } from '../health/preflight.js';
import { readAutomaticRollbackTargets, type AutomaticRollbackTarget } from './automatic-rollback.js';
import type { ServiceReport } from './report.js';
import type { DeployOptions, EngineContext } from './types.js';

/** What the preflight read, for the phases after the update. */
export interface DeployPreflight {
  /** The target groups of the services the healthy gate will watch (wait `healthy` only). */
  targetGroups?: PreflightTargetGroups;
  /** Where a failed rollout takes a service, when not to the revision it runs (automatic-rollback.ts). */
  rollbackTargets?: Map<string, AutomaticRollbackTarget>;
}

/**
 * The preflight reads for the services this run will update. Throws MissingPermissionsError (from
 * src/aws/access-denied.ts) naming every denied action.
 */
export async function preflightDeploy(
  context: EngineContext,
  options: Pick<DeployOptions, 'cluster' | 'waitMode'> & { rollbackOnFailure?: boolean },
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
  const [targetGroups, rollbackTargets] = await phasesTogether<
    [PreflightTargetGroups | undefined, Map<string, AutomaticRollbackTarget> | undefined]
  >('ecs-deploy', [
    () =>
      gated.length > 0
        ? preflightGate({
            clients: context.clients,
            cluster: options.cluster,
            services: gated,
            action: 'ecs-deploy',
            // Two or more gated services share one batched gate, which lists the cluster's tasks at once.
            tasks: gated.length > 1 ? 'cluster' : 'service',
          })
        : Promise.resolve(undefined),
    () =>
      options.rollbackOnFailure
        ? readAutomaticRollbackTargets(context, { cluster: options.cluster, services: updated })
        : Promise.resolve(undefined),
  ]);
  return { targetGroups, rollbackTargets };
}
