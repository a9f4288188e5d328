/** The rolling gate: the new ECS deployment's tasks healthy in every target group of the service. */
import type { WaitForHealthyOptions } from './index.js';
import { runGate } from './gate-loop.js';
import { ecsRollbackOfNewest } from './ecs-rollback.js';
import { DeploymentObserver, earliestHealthyAt } from './observe.js';
import { describeService, findDeployment, serviceLoadBalancers } from './service.js';
import { tagHealthyRevision } from './tag.js';
import { describeTargetGroups } from './targets.js';
import type { HealthPolicy, HealthSample, HealthVerdict } from './types.js';
import { sampleOf, verdictOf } from './verdict.js';

/** The policy from the options' defaults: 2 confirmations, 60 s of tolerated unhealthiness. */
export function policyOf(
  options: Pick<WaitForHealthyOptions, 'consecutive' | 'unhealthyTimeoutMs'>,
): HealthPolicy {
  return { consecutive: options.consecutive ?? 2, unhealthyTimeoutMs: options.unhealthyTimeoutMs ?? 60_000 };
}

/** Gates a rolling deployment; see waitForHealthyDeployment. */
export async function gateRollingDeployment(options: WaitForHealthyOptions): Promise<HealthVerdict> {
  const { ecs, elb, clock, cluster, logger } = options;
  const startedAt = clock.now();
  const service = await describeService(ecs, cluster, options.service);
  const loadBalancers = serviceLoadBalancers(service);
  const targetGroups = await describeTargetGroups(
    elb,
    loadBalancers.map((entry) => entry.targetGroupArn),
  );
  if (options.deploymentId && !findDeployment(service, options.deploymentId)) {
    throw new Error(
      `deployment '${options.deploymentId}' is not a current deployment of service '${service.serviceName}'`,
    );
  }
  if (!options.deploymentId) {
    const rollback = await ecsRollbackOfNewest(ecs, { cluster, service: service.serviceName!, logger });
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
    ecs,
    elb,
    clock,
    cluster,
    serviceName: service.serviceName!,
    deploymentId: options.deploymentId,
    loadBalancers,
    targetGroups,
  });
  const samples: HealthSample[] = [];
  const result = await runGate({
    observe: () => observer.observe(),
    policy: policyOf(options),
    clock,
    signal: options.signal,
    deadline: startedAt + options.timeoutMs,
    predictHealthyAt: (observation) => earliestHealthyAt(observation, targetGroups),
    onObservation: (observation, evaluation) => {
      const sample = sampleOf({ startedAt, observation, evaluation });
      samples.push(sample);
      logger?.debug(JSON.stringify({ ...observation, tasks: observation.tasks.length }));
      options.onProgress?.(sample);
    },
    onPollError: (message) => logger?.warning(message),
  });
  const verdict = verdictOf({
    result,
    startedAt,
    endedAt: clock.now(),
    timeoutMs: options.timeoutMs,
    samples,
  });
  if (verdict.status === 'healthy' && verdict.taskDefinitionArn && options.tagHealthy !== false) {
    await tagHealthyRevision({
      ecs,
      taskDefinitionArn: verdict.taskDefinitionArn,
      at: new Date(clock.now()),
      logger,
    });
  }
  return verdict;
}
