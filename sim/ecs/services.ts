/** CreateService, UpdateService, DeleteService, DescribeServices, ListServices. */
import type { Handler } from '../protocol/handler.js';
import { isBlueGreen, primaryOf, startDeployment } from './deployments.js';
import { paginate } from './paging.js';
import type { ClusterRecord, ServiceRecord } from './records.js';
import {
  checkNetworkConfiguration,
  deploymentConfiguration,
  loadBalancers,
  serviceTaskDefinition,
} from './service-config.js';
import { describeService } from './service-view.js';
import { ecsError, type EcsState } from './state.js';
import { readTags } from './tags.js';
import { launchTask } from './tasks.js';
import { checkPlacementParameters } from './placement-expression.js';
import { placeServiceTask } from './ec2-placement.js';

/** CreateService members the simulator keeps as given and echoes back. */
const ECHOED = [
  'enableECSManagedTags',
  'propagateTags',
  'enableExecuteCommand',
  'availabilityZoneRebalancing',
  'roleArn',
  'platformVersion',
  'placementStrategy',
  'placementConstraints',
] as const;

/** Options for createService. */
export interface CreateServiceOptions {
  /** Seeded: start steady (tasks RUNNING, targets healthy, one COMPLETED deployment), skip request-only checks. */
  steady?: boolean;
}

/** Creates a service; a new service's first deployment starts its tasks like any deployment. */
export function createService(
  state: EcsState,
  params: Record<string, unknown>,
  options: CreateServiceOptions = {},
): ServiceRecord {
  const cluster = state.cluster(params.cluster);
  const name = params.serviceName;
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,255}$/.test(name)) {
    throw ecsError.invalid('serviceName must be 1-255 letters, numbers, hyphens and underscores.');
  }
  const existing = cluster.services.get(name);
  if (existing && existing.status !== 'INACTIVE')
    throw ecsError.invalid('Creation of service was not idempotent.');
  if (params.desiredCount === undefined && !options.steady) {
    throw ecsError.invalid('desiredCount is required for services using the REPLICA scheduling strategy.');
  }
  const desiredCount = Number(params.desiredCount ?? 2);
  if (!Number.isInteger(desiredCount) || desiredCount < 0)
    throw ecsError.invalid('desiredCount must be 0 or more.');
  if (params.launchType !== undefined && params.capacityProviderStrategy !== undefined) {
    throw ecsError.invalid('Specifying both a launch type and capacity provider strategy is not supported.');
  }
  const taskDefinition = serviceTaskDefinition(state, params.taskDefinition, params.launchType);
  if (!options.steady) checkNetworkConfiguration(taskDefinition, params.networkConfiguration);
  const configuration = deploymentConfiguration(params.deploymentConfiguration);
  checkPlacementParameters(params.placementStrategy, params.placementConstraints);
  const balancers = loadBalancers(state, params.loadBalancers, {
    taskDefinition,
    blueGreen: configuration.strategy !== undefined && configuration.strategy !== 'ROLLING',
  });
  const service: ServiceRecord = {
    name,
    arn: state.arn(`service/${cluster.name}/${name}`),
    cluster,
    status: 'ACTIVE',
    desiredCount,
    taskDefinitionArn: taskDefinition.arn,
    launchType: typeof params.launchType === 'string' ? params.launchType : undefined,
    capacityProviderStrategy: params.capacityProviderStrategy as Record<string, unknown>[] | undefined,
    loadBalancers: balancers,
    productionTargetGroupArns: balancers.map((balancer) => balancer.targetGroupArn),
    deploymentConfiguration: configuration,
    networkConfiguration: params.networkConfiguration as Record<string, unknown> | undefined,
    healthCheckGracePeriodSeconds:
      params.healthCheckGracePeriodSeconds === undefined
        ? undefined
        : Number(params.healthCheckGracePeriodSeconds),
    createdAt: state.sim.clock.now(),
    tags: readTags(params.tags),
    extra: Object.fromEntries(
      ECHOED.filter((key) => params[key] !== undefined).map((key) => [key, params[key]]),
    ),
    events: [],
    deployments: [],
    serviceDeployments: [],
    revisionCounter: 0,
    steady: false,
    reconcileScheduled: false,
  };
  cluster.services.set(name, service);
  const deployment = startDeployment(state, service, {
    taskDefinitionArn: taskDefinition.arn,
    completed: options.steady,
  });
  if (options.steady) {
    for (let index = 0; index < desiredCount; index++) {
      const placement = placeServiceTask(state, service, taskDefinition);
      if (placement && !placement.placed)
        throw ecsError.invalid(`seeded service ${name}: ${placement.reason}`);
      launchTask(state, {
        cluster,
        taskDefinition,
        service,
        deployment,
        launchType: service.launchType,
        steady: true,
        placement: placement && { instance: placement.instance, networkBindings: placement.networkBindings },
      });
    }
    service.steady = true;
  } else if (isBlueGreen(service)) {
    // A new service has nothing to shift traffic from: it starts like a rolling deployment would, in the
    // production target groups.
    deployment.stage = undefined;
    deployment.stageStartedAt = undefined;
    deployment.targetGroupArns = service.productionTargetGroupArns.slice();
    state.scheduleReconcile(service);
  } else {
    state.scheduleReconcile(service);
  }
  return service;
}

/** JSON with sorted keys: key order carries no meaning in a request. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, member: unknown) =>
    member && typeof member === 'object' && !Array.isArray(member)
      ? Object.fromEntries(Object.entries(member).sort(([a], [b]) => a.localeCompare(b)))
      : member,
  );
}

function updateService(state: EcsState, params: Record<string, unknown>): ServiceRecord {
  const cluster = state.cluster(params.cluster);
  const service = state.activeService(cluster, params.service);
  if (params.desiredCount !== undefined) {
    const desiredCount = Number(params.desiredCount);
    if (!Number.isInteger(desiredCount) || desiredCount < 0)
      throw ecsError.invalid('desiredCount must be 0 or more.');
    service.desiredCount = desiredCount;
    service.steady = false;
  }
  const previousTaskDefinition = service.taskDefinitionArn;
  const taskDefinition =
    params.taskDefinition === undefined
      ? state.findTaskDefinition(service.taskDefinitionArn)!
      : serviceTaskDefinition(state, params.taskDefinition, service.launchType);
  if (params.deploymentConfiguration !== undefined) {
    service.deploymentConfiguration = deploymentConfiguration(
      params.deploymentConfiguration,
      service.deploymentConfiguration,
    );
  }
  let changedNetwork = false;
  if (params.networkConfiguration !== undefined) {
    changedNetwork = canonical(params.networkConfiguration) !== canonical(service.networkConfiguration);
    service.networkConfiguration = params.networkConfiguration as Record<string, unknown>;
  }
  if (params.loadBalancers !== undefined) {
    service.loadBalancers = loadBalancers(state, params.loadBalancers, {
      taskDefinition,
      blueGreen: isBlueGreen(service),
    });
    service.productionTargetGroupArns = service.loadBalancers.map((balancer) => balancer.targetGroupArn);
    changedNetwork = true;
  } else if (params.taskDefinition !== undefined) {
    // The new revision must still define the containers and ports the load balancers point at.
    loadBalancers(state, service.loadBalancers, { taskDefinition, blueGreen: false });
  }
  if (params.healthCheckGracePeriodSeconds !== undefined) {
    service.healthCheckGracePeriodSeconds = Number(params.healthCheckGracePeriodSeconds);
  }
  checkPlacementParameters(params.placementStrategy, params.placementConstraints);
  for (const key of ECHOED) if (params[key] !== undefined) service.extra[key] = params[key];
  const newDeployment =
    taskDefinition.arn !== previousTaskDefinition || params.forceNewDeployment === true || changedNetwork;
  if (newDeployment) startDeployment(state, service, { taskDefinitionArn: taskDefinition.arn });
  else primaryOf(service).desiredCount = service.desiredCount;
  state.scheduleReconcile(service);
  return service;
}

function listedServices(cluster: ClusterRecord): ServiceRecord[] {
  return [...cluster.services.values()].filter((service) => service.status !== 'INACTIVE');
}

/** The service handlers. */
export function serviceHandlers(state: EcsState): Record<string, Handler> {
  return {
    CreateService(params: Record<string, unknown>) {
      return { service: describeService(createService(state, params), true) };
    },
    UpdateService(params: Record<string, unknown>) {
      return { service: describeService(updateService(state, params), false) };
    },
    DeleteService(params: { cluster?: unknown; service?: unknown; force?: unknown }) {
      const cluster = state.cluster(params.cluster);
      const service = state.activeService(cluster, params.service);
      if (service.desiredCount > 0 && params.force !== true) {
        throw ecsError.invalid('The service cannot be stopped while it is scaled above 0.');
      }
      service.desiredCount = 0;
      service.status = 'DRAINING';
      state.scheduleReconcile(service);
      return { service: describeService(service, false) };
    },
    DescribeServices(params: { cluster?: unknown; services?: unknown; include?: unknown }) {
      const cluster = state.cluster(params.cluster);
      if (!Array.isArray(params.services) || params.services.length === 0) {
        throw ecsError.invalid('Services cannot be empty.');
      }
      if (params.services.length > 10) throw ecsError.invalid('Services cannot have more than 10 elements.');
      const withTags = Array.isArray(params.include) && params.include.includes('TAGS');
      const services: Record<string, unknown>[] = [];
      const failures: { arn: string; reason: string }[] = [];
      for (const reference of params.services.map(String)) {
        const service = state.findService(cluster, reference);
        if (service) services.push(describeService(service, withTags));
        else {
          const name = reference.slice(reference.lastIndexOf('/') + 1);
          failures.push({ arn: state.arn(`service/${cluster.name}/${name}`), reason: 'MISSING' });
        }
      }
      return { services, failures };
    },
    ListServices(params: {
      cluster?: unknown;
      launchType?: unknown;
      schedulingStrategy?: unknown;
      maxResults?: unknown;
      nextToken?: unknown;
    }) {
      const cluster = state.cluster(params.cluster);
      const arns = listedServices(cluster)
        .filter((service) => params.launchType === undefined || service.launchType === params.launchType)
        // Every simulated service uses the REPLICA scheduling strategy.
        .filter(() => params.schedulingStrategy === undefined || params.schedulingStrategy === 'REPLICA')
        .map((service) => service.arn);
      const page = paginate(arns, params, { defaultSize: 10, maxSize: 100 });
      return { serviceArns: page.items, nextToken: page.nextToken };
    },
  };
}
