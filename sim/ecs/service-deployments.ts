/** ListServiceDeployments, DescribeServiceDeployments and StopServiceDeployment. */
import { SimError } from '../errors.js';
import type { Handler } from '../protocol/handler.js';
import { isOngoing, setServiceDeploymentStatus } from './deployments.js';
import { paginate } from './paging.js';
import type { ServiceDeploymentRecord, ServiceRecord } from './records.js';
import { startRollback } from './rollback.js';
import { ecsError, type EcsState } from './state.js';
import { tasksOf } from './tasks.js';

function date(value: number | undefined): Date | undefined {
  return value === undefined ? undefined : new Date(value);
}

function revisionSummary(
  service: ServiceRecord,
  deploymentId: string,
  revisionArn: string,
  requested: number,
) {
  const tasks = tasksOf(service).filter(
    (task) => task.deploymentId === deploymentId && task.desiredStatus === 'RUNNING',
  );
  return {
    arn: revisionArn,
    requestedTaskCount: requested,
    runningTaskCount: tasks.filter((task) => task.lastStatus === 'RUNNING').length,
    pendingTaskCount: tasks.filter((task) => task.lastStatus !== 'RUNNING').length,
  };
}

/** Production traffic the target revision is meant to have now (native blue/green). */
function productionWeight(serviceDeployment: ServiceDeploymentRecord): number | undefined {
  const stage = serviceDeployment.lifecycleStage;
  if (!stage) return undefined;
  if (serviceDeployment.rollback) return 0;
  if (serviceDeployment.target.productionPercent !== undefined)
    return serviceDeployment.target.productionPercent;
  const shifted = ['PRODUCTION_TRAFFIC_SHIFT', 'POST_PRODUCTION_TRAFFIC_SHIFT', 'BAKE_TIME', 'CLEAN_UP'];
  return shifted.includes(stage) ? 100 : 0;
}

/** The ServiceDeployment object. */
function describeServiceDeployment(
  service: ServiceRecord,
  record: ServiceDeploymentRecord,
): Record<string, unknown> {
  const target = record.target;
  const targetActive = target.status !== 'INACTIVE';
  return {
    serviceDeploymentArn: record.arn,
    serviceArn: service.arn,
    clusterArn: service.cluster.arn,
    createdAt: date(record.createdAt),
    startedAt: date(record.startedAt),
    finishedAt: date(record.finishedAt),
    stoppedAt: date(record.stoppedAt),
    updatedAt: date(record.updatedAt),
    sourceServiceRevisions: record.sources.map((source) => {
      const deployment = service.deployments.find((candidate) => candidate.id === source.deploymentId);
      return revisionSummary(service, source.deploymentId, source.revisionArn, deployment?.desiredCount ?? 0);
    }),
    targetServiceRevision: {
      ...revisionSummary(service, target.id, target.revisionArn, targetActive ? target.desiredCount : 0),
      requestedProductionTrafficWeight: productionWeight(record),
    },
    status: record.status,
    statusReason: record.statusReason,
    lifecycleStage: record.lifecycleStage,
    deploymentConfiguration: record.deploymentConfiguration,
    rollback: record.rollback
      ? {
          reason: record.rollback.reason,
          startedAt: date(record.rollback.startedAt),
          serviceRevisionArn: record.rollback.serviceRevisionArn,
        }
      : undefined,
    alarms: record.alarms ?? alarmsMonitoring(record),
    deploymentCircuitBreaker: {
      status: record.circuitBreaker.status,
      failureCount: target.failedTasks,
      threshold: record.circuitBreaker.threshold,
    },
  };
}

/** The alarms a service deployment watches, before any fired. */
function alarmsMonitoring(record: ServiceDeploymentRecord) {
  const alarms = record.deploymentConfiguration.alarms as
    { enable?: boolean; alarmNames?: string[] } | undefined;
  if (!alarms?.enable) return undefined;
  return { status: 'MONITORING', alarmNames: alarms.alarmNames ?? [], triggeredAlarmNames: [] };
}

/** Finds a service deployment by ARN in any cluster. */
function findServiceDeployment(
  state: EcsState,
  arn: string,
): { service: ServiceRecord; record: ServiceDeploymentRecord } | undefined {
  for (const cluster of state.clusters.values()) {
    for (const service of cluster.services.values()) {
      const record = service.serviceDeployments.find((candidate) => candidate.arn === arn);
      if (record) return { service, record };
    }
  }
  return undefined;
}

function epochMs(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' ? value * 1000 : Date.parse(String(value));
}

/** The service deployment handlers. */
export function serviceDeploymentHandlers(state: EcsState): Record<string, Handler> {
  return {
    ListServiceDeployments(params: {
      service?: unknown;
      cluster?: unknown;
      status?: unknown;
      createdAt?: { before?: unknown; after?: unknown };
      maxResults?: unknown;
      nextToken?: unknown;
    }) {
      const cluster = state.cluster(params.cluster);
      if (typeof params.service !== 'string') throw ecsError.invalid('service must be specified.');
      const service = state.findService(cluster, params.service);
      if (!service) throw ecsError.serviceNotFound();
      const statuses = Array.isArray(params.status) ? params.status.map(String) : undefined;
      const before = epochMs(params.createdAt?.before);
      const after = epochMs(params.createdAt?.after);
      const records = service.serviceDeployments.filter(
        (record) =>
          (!statuses || statuses.includes(record.status)) &&
          (before === undefined || record.createdAt < before) &&
          (after === undefined || record.createdAt > after),
      );
      const page = paginate(records, params, { defaultSize: 20, maxSize: 100 });
      return {
        serviceDeployments: page.items.map((record) => ({
          serviceDeploymentArn: record.arn,
          serviceArn: service.arn,
          clusterArn: cluster.arn,
          createdAt: date(record.createdAt),
          startedAt: date(record.startedAt),
          finishedAt: date(record.finishedAt),
          targetServiceRevisionArn: record.target.revisionArn,
          status: record.status,
          statusReason: record.statusReason,
        })),
        nextToken: page.nextToken,
      };
    },
    DescribeServiceDeployments(params: { serviceDeploymentArns?: unknown }) {
      const arns = params.serviceDeploymentArns;
      if (!Array.isArray(arns) || arns.length === 0)
        throw ecsError.invalid('serviceDeploymentArns cannot be empty.');
      if (arns.length > 20)
        throw ecsError.invalid('serviceDeploymentArns cannot have more than 20 elements.');
      const serviceDeployments: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const arn of arns.map(String)) {
        const found = findServiceDeployment(state, arn);
        if (found) serviceDeployments.push(describeServiceDeployment(found.service, found.record));
        else failures.push({ arn, reason: 'MISSING' });
      }
      return { serviceDeployments, failures };
    },
    StopServiceDeployment(params: { serviceDeploymentArn?: unknown; stopType?: unknown }) {
      const found =
        typeof params.serviceDeploymentArn === 'string'
          ? findServiceDeployment(state, params.serviceDeploymentArn)
          : undefined;
      if (!found)
        throw new SimError('ServiceDeploymentNotFoundException', 'The service deployment does not exist.');
      const stopType = params.stopType ?? 'ROLLBACK';
      if (stopType !== 'ROLLBACK') {
        throw ecsError.invalid(`The simulator models stopType ROLLBACK only, not ${String(stopType)}.`);
      }
      const { service, record } = found;
      if (!isOngoing(record) || record.status.startsWith('ROLLBACK')) {
        throw new SimError(
          'ConflictException',
          `The service deployment is ${record.status} and cannot be stopped.`,
        );
      }
      setServiceDeploymentStatus(
        state,
        record,
        'ROLLBACK_REQUESTED',
        'Rollback requested by StopServiceDeployment.',
      );
      startRollback(
        state,
        service,
        record,
        'Service deployment rolled back by a StopServiceDeployment request.',
      );
      return { serviceDeploymentArn: record.arn };
    },
  };
}
