/**
 * DescribeServiceRevisions: the service revision behind each classic deployment, found through the service's
 * deployments and the service deployments that outlive them. The task definition is the deployment's; the
 * other fields echo the service as it is now (the simulator keeps no per-revision snapshot of them).
 */
import type { Handler } from '../protocol/handler.js';
import type { DeploymentRecord, ServiceRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';

const MAX_ARNS = 20;

/** The deployment (kept on the service, or by a service deployment) that carries a service revision. */
function findRevision(
  state: EcsState,
  arn: string,
): { service: ServiceRecord; deployment: DeploymentRecord } | undefined {
  for (const cluster of state.clusters.values()) {
    for (const service of cluster.services.values()) {
      const deployments = [
        ...service.deployments,
        ...service.serviceDeployments.map((record) => record.target),
      ];
      const deployment = deployments.find((candidate) => candidate.revisionArn === arn);
      if (deployment) return { service, deployment };
    }
  }
  return undefined;
}

/** The service revision handlers. */
export function serviceRevisionHandlers(state: EcsState): Record<string, Handler> {
  return {
    DescribeServiceRevisions(params: { serviceRevisionArns?: unknown }) {
      const arns = params.serviceRevisionArns;
      if (!Array.isArray(arns) || arns.length === 0)
        throw ecsError.invalid('serviceRevisionArns cannot be empty.');
      if (arns.length > MAX_ARNS)
        throw ecsError.invalid(`serviceRevisionArns cannot have more than ${MAX_ARNS} elements.`);
      const serviceRevisions: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const arn of arns.map(String)) {
        const found = findRevision(state, arn);
        if (!found) {
          failures.push({ arn, reason: 'MISSING' });
          continue;
        }
        const { service, deployment } = found;
        serviceRevisions.push({
          serviceRevisionArn: arn,
          serviceArn: service.arn,
          clusterArn: service.cluster.arn,
          taskDefinition: deployment.taskDefinitionArn,
          launchType: service.launchType,
          capacityProviderStrategy: service.capacityProviderStrategy,
          platformVersion: service.platformVersion,
          networkConfiguration: service.networkConfiguration,
          createdAt: new Date(deployment.createdAt),
        });
      }
      return { serviceRevisions, failures };
    },
  };
}
