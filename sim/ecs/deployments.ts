/**
 * Deployments of a service: the classic PRIMARY/ACTIVE deployments of DescribeServices and the service
 * deployments (ListServiceDeployments) that track them, with their completion and rollback.
 */
import type {
  DeploymentRecord,
  ServiceDeploymentRecord,
  ServiceDeploymentStatus,
  ServiceRecord,
} from './records.js';
import type { EcsState } from './state.js';
import { circuitBreakerThreshold } from './circuit-breaker-threshold.js';
import { tasksOf } from './tasks.js';
import { noteAlarmsAtStart } from './deployment-alarm-settings.js';

/** Options for createDeployment. */
export interface NewDeploymentOptions {
  taskDefinitionArn: string;
  /** Target group per load balancer entry (default: the service's, or the alternate ones for blue/green). */
  targetGroupArns?: string[];
  rolloutStateReason?: string;
  /** Seeded steady state: the deployment starts COMPLETED. */
  completed?: boolean;
}

/** True for service deployments that are still running their course. */
export function isOngoing(serviceDeployment: ServiceDeploymentRecord): boolean {
  return ['PENDING', 'IN_PROGRESS', 'ROLLBACK_REQUESTED', 'ROLLBACK_IN_PROGRESS', 'STOP_REQUESTED'].includes(
    serviceDeployment.status,
  );
}

/** The service's PRIMARY deployment. */
export function primaryOf(service: ServiceRecord): DeploymentRecord {
  return service.deployments.find((deployment) => deployment.status === 'PRIMARY')!;
}

/** True when the service deploys with ECS native blue/green. */
export function isBlueGreen(service: ServiceRecord): boolean {
  return ['BLUE_GREEN', 'LINEAR', 'CANARY'].includes(service.deploymentConfiguration.strategy ?? 'ROLLING');
}

/** The target groups a new blue/green revision registers in: the ones not taking production traffic. */
function alternateTargetGroups(service: ServiceRecord): string[] {
  return service.loadBalancers.map((loadBalancer, index) => {
    const production = service.productionTargetGroupArns[index] ?? loadBalancer.targetGroupArn;
    const alternate = loadBalancer.advancedConfiguration?.alternateTargetGroupArn;
    if (!alternate) return production;
    return production === loadBalancer.targetGroupArn ? alternate : loadBalancer.targetGroupArn;
  });
}

/** Changes a service deployment's status and records it on the timeline. */
export function setServiceDeploymentStatus(
  state: EcsState,
  serviceDeployment: ServiceDeploymentRecord,
  status: ServiceDeploymentStatus,
  statusReason?: string,
): void {
  const now = state.sim.clock.now();
  serviceDeployment.status = status;
  serviceDeployment.statusReason = statusReason ?? serviceDeployment.statusReason;
  serviceDeployment.updatedAt = now;
  if (status === 'IN_PROGRESS') serviceDeployment.startedAt ??= now;
  if (['SUCCESSFUL', 'ROLLBACK_SUCCESSFUL', 'ROLLBACK_FAILED', 'STOPPED'].includes(status)) {
    serviceDeployment.finishedAt = now;
    if (status === 'STOPPED') serviceDeployment.stoppedAt = now;
    if (serviceDeployment.circuitBreaker.status === 'MONITORING') {
      serviceDeployment.circuitBreaker.status = 'MONITORING_COMPLETE';
    }
  }
  state.sim.record('deployment-state', {
    serviceDeploymentArn: serviceDeployment.arn,
    status,
    statusReason: serviceDeployment.statusReason,
  });
}

/** Changes a classic deployment's rolloutState and records it. */
export function setRolloutState(
  state: EcsState,
  service: ServiceRecord,
  deployment: DeploymentRecord,
  rolloutState: DeploymentRecord['rolloutState'],
  reason: string,
): void {
  deployment.rolloutState = rolloutState;
  deployment.rolloutStateReason = reason;
  deployment.updatedAt = state.sim.clock.now();
  state.sim.record('rollout-state', {
    service: service.name,
    deploymentId: deployment.id,
    rolloutState,
    reason,
  });
}

/** Creates a classic deployment (PRIMARY; the previous primary becomes ACTIVE). */
export function createClassicDeployment(
  state: EcsState,
  service: ServiceRecord,
  options: NewDeploymentOptions,
): DeploymentRecord {
  const now = state.sim.clock.now();
  for (const deployment of service.deployments) {
    if (deployment.status === 'PRIMARY') {
      deployment.status = 'ACTIVE';
      deployment.updatedAt = now;
    }
  }
  const blueGreen = isBlueGreen(service) && !options.completed;
  const deployment: DeploymentRecord = {
    id: `ecs-svc/${state.digits(19)}`,
    status: 'PRIMARY',
    taskDefinitionArn: options.taskDefinitionArn,
    revisionArn: state.arn(`service-revision/${service.cluster.name}/${service.name}/${state.digits(19)}`),
    desiredCount: service.desiredCount,
    failedTasks: 0,
    createdAt: now,
    updatedAt: now,
    rolloutState: options.completed ? 'COMPLETED' : 'IN_PROGRESS',
    rolloutStateReason:
      options.rolloutStateReason ??
      (options.completed ? 'ECS deployment completed.' : 'ECS deployment in progress.'),
    targetGroupArns:
      options.targetGroupArns ??
      (blueGreen ? alternateTargetGroups(service) : service.productionTargetGroupArns.slice()),
    stage: blueGreen ? 'RECONCILE_SERVICE' : undefined,
    stageStartedAt: blueGreen ? now : undefined,
  };
  service.deployments.unshift(deployment);
  service.taskDefinitionArn = options.taskDefinitionArn;
  service.steady = false;
  state.sim.record('rollout-state', {
    service: service.name,
    deploymentId: deployment.id,
    rolloutState: deployment.rolloutState,
    reason: deployment.rolloutStateReason,
  });
  if (options.completed) {
    service.lastCompleted = {
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinitionArn,
      revisionArn: deployment.revisionArn,
    };
  }
  return deployment;
}

/**
 * Starts a deployment the way UpdateService does: a new PRIMARY deployment and a service deployment that
 * supersedes any still in progress.
 */
export function startDeployment(
  state: EcsState,
  service: ServiceRecord,
  options: NewDeploymentOptions,
): DeploymentRecord {
  const now = state.sim.clock.now();
  for (const previous of service.serviceDeployments) {
    if (isOngoing(previous)) {
      setServiceDeploymentStatus(
        state,
        previous,
        'STOPPED',
        'Service deployment was stopped because a new deployment started.',
      );
    }
  }
  const sources = service.deployments
    .filter((deployment) => tasksOf(service).some((task) => task.deploymentId === deployment.id))
    .map((deployment) => ({ deploymentId: deployment.id, revisionArn: deployment.revisionArn }));
  const deployment = createClassicDeployment(state, service, options);
  if (!options.completed) noteAlarmsAtStart(state, service, deployment);
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const serviceDeployment: ServiceDeploymentRecord = {
    arn: state.arn(`service-deployment/${service.cluster.name}/${service.name}/${state.hexId(22)}`),
    createdAt: now,
    updatedAt: now,
    status: options.completed ? 'SUCCESSFUL' : 'PENDING',
    targetDeploymentId: deployment.id,
    target: deployment,
    lifecycleStage: deployment.stage,
    sources,
    deploymentConfiguration: structuredClone(service.deploymentConfiguration),
    circuitBreaker: {
      status: breaker?.enable ? (options.completed ? 'MONITORING_COMPLETE' : 'MONITORING') : 'DISABLED',
      threshold: circuitBreakerThreshold(service),
    },
  };
  if (options.completed) {
    serviceDeployment.startedAt = now;
    serviceDeployment.finishedAt = now;
  }
  service.serviceDeployments.unshift(serviceDeployment);
  if (!options.completed) setServiceDeploymentStatus(state, serviceDeployment, 'IN_PROGRESS');
  return deployment;
}

/** The service deployment that rolls out (or rolls back to) a classic deployment. */
export function serviceDeploymentOf(
  service: ServiceRecord,
  deploymentId: string,
): ServiceDeploymentRecord | undefined {
  return service.serviceDeployments.find(
    (candidate) =>
      candidate.targetDeploymentId === deploymentId || candidate.rollback?.deploymentId === deploymentId,
  );
}
