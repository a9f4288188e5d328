/** The rolling gate: the new ECS deployment's tasks healthy in every target group of the service. */
import { beforeMutation } from '../aws/access-denied.js';
import { gateDeployment } from './deployment-gate.js';
import { ecsRollbackOfNewest } from './ecs-rollback.js';
import type { Service } from '@aws-sdk/client-ecs';
import { endedDeployment, serviceListingDeployment } from './deployment-visible.js';
import { DeploymentObserver, type DeploymentObservation } from './observe.js';
import type { HealthGateOptions } from './options.js';
import { preflightGate, preflightedTargetGroups, type PreflightTargetGroups } from './preflight.js';
import { describeService, findDeployment, serviceLoadBalancers } from './service.js';
import { tagHealthyRevision } from './tag.js';
import { gateServices, type ServicesGateOptions } from './services-gate.js';
import type { HealthPolicy, HealthVerdict, WaitReport } from './types.js';
import { verdictOf } from './verdict.js';

/** Options of the rolling gate. */
export interface RollingOptions extends HealthGateOptions {
  /** Service name or ARN. */
  service: string;
  /** The ECS deployment to gate (`ecs-svc/...`); the service's PRIMARY deployment when omitted. */
  deploymentId?: string;
  /** Tag the task definition with `ecs-kit:healthy-at` when healthy (default true). */
  tagHealthy?: boolean;
  /** Target groups a preflight already read (preflightGate): not read again. */
  targetGroups?: PreflightTargetGroups;
  /** The action whose IAM policy a denied read points at (default `wait-healthy`). */
  action?: string;
}

/** The policy from the options' defaults: 2 confirmations, 60 s of tolerated unhealthiness. */
export function policyOf(options: { consecutive?: number; unhealthyTimeoutMs?: number }): HealthPolicy {
  return { consecutive: options.consecutive ?? 2, unhealthyTimeoutMs: options.unhealthyTimeoutMs ?? 60_000 };
}

/**
 * Gates a rolling deployment. Never throws for an unhealthy deployment: the verdict says so. Throws for bad
 * input (unknown service, a service without load balancers, an unknown deployment id) before waiting.
 */
export async function gateRollingDeployment(options: RollingOptions): Promise<HealthVerdict> {
  const { clients, clock, cluster, logger } = options;
  const startedAt = clock.now();
  const described = await describeService(clients.ecs, cluster, options.service);
  const service = options.deploymentId
    ? await serviceListingDeployment(
        { ecs: clients.ecs, clock, signal: options.signal, cluster, deploymentId: options.deploymentId },
        described,
      )
    : described;
  const loadBalancers = serviceLoadBalancers(service);
  const targetGroupArns = loadBalancers.map((entry) => entry.targetGroupArn);
  // Without a caller's preflight (ecs-deploy makes one), the gate makes its own before waiting.
  const targetGroups =
    preflightedTargetGroups(options.targetGroups, targetGroupArns) ??
    (await preflightGate({
      clients,
      cluster,
      services: [service],
      action: options.action ?? 'wait-healthy',
    }));
  const ended = options.deploymentId ? endedDeployment(service, options.deploymentId) : undefined;
  if (ended) {
    // ECS already failed (and dropped) the deployment, e.g. its tasks could not pull their image.
    const primary = findDeployment(service);
    return {
      status: 'unhealthy',
      reason: ended,
      healthyTargets: 0,
      deploymentId: options.deploymentId,
      taskDefinitionArn: primary?.taskDefinition,
      samples: [],
    };
  }
  if (options.deploymentId && !findDeployment(service, options.deploymentId)) {
    throw new Error(
      `deployment '${options.deploymentId}' is not a current deployment of service '${service.serviceName}'`,
    );
  }
  if (!options.deploymentId) {
    const rollback = await ecsRollbackOfNewest(clients.ecs, {
      cluster,
      service: service.serviceName!,
      logger,
    });
    if (rollback) {
      const primary = findDeployment(service);
      return {
        status: 'unhealthy',
        reason: rollback,
        healthyTargets: 0,
        deploymentId: primary?.id,
        taskDefinitionArn: primary?.taskDefinition,
        samples: [],
      };
    }
  }
  const observer = new DeploymentObserver({
    ecs: clients.ecs,
    elb: clients.elb,
    clock,
    cluster,
    serviceName: service.serviceName!,
    deploymentId: options.deploymentId,
    loadBalancers,
    targetGroups,
  });
  const gate = await gateDeployment(options, {
    observe: followEcsAlarms(service, () => observer.observe()),
    targetGroups,
    startedAt,
    bakeAfterHealthyMs: options.bakeMs,
  });
  const verdict = verdictOf({
    result: gate.result,
    startedAt,
    endedAt: clock.now(),
    timeoutMs: options.timeoutMs,
    samples: gate.samples,
  });
  if (verdict.status === 'healthy' && verdict.taskDefinitionArn && options.tagHealthy !== false) {
    await tagHealthyRevision({
      ecs: clients.ecs,
      taskDefinitionArn: verdict.taskDefinitionArn,
      at: new Date(clock.now()),
      logger,
    });
  }
  return verdict;
}

/**
 * With `deploymentConfiguration.alarms` (enabled, with rollback) ECS itself watches alarms until the rollout
 * COMPLETES, and rolls back when one fires: healthy targets are then not the end, so the gate waits for
 * rolloutState COMPLETED (or sees FAILED, whose reason names the alarm).
 */
function followEcsAlarms(
  service: Service,
  observe: () => Promise<DeploymentObservation>,
): () => Promise<DeploymentObservation> {
  const alarms = service.deploymentConfiguration?.alarms;
  if (!alarms?.enable || !alarms.rollback || (alarms.alarmNames ?? []).length === 0) return observe;
  return async () => {
    const observation = await observe();
    return { ...observation, settled: (observation.rolloutState ?? 'COMPLETED') === 'COMPLETED' };
  };
}

/** The rolling strategy's report: its verdict; nothing shifts traffic or rolls back in a rolling gate. */
export async function runRolling(options: RollingOptions): Promise<WaitReport> {
  // A rolling gate changes nothing (the healthy tag only warns), so any denial is named with nothing changed.
  const verdict = await beforeMutation('wait-healthy', () => gateRollingDeployment(options));
  return { strategy: 'rolling', verdict, rolledBack: false, events: [] };
}

/**
 * The rolling strategy for several services in one step (wait-healthy's `deployment-ids`): one batched gate
 * (services-gate.ts) and one report per service, in the order given.
 */
export async function runRollingServices(options: ServicesGateOptions): Promise<WaitReport[]> {
  const verdicts = await beforeMutation('wait-healthy', () => gateServices(options));
  return verdicts.map((verdict) => ({ strategy: 'rolling', verdict, rolledBack: false, events: [] }));
}
