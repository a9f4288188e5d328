/**
 * Task lifecycle, as the ECS task lifecycle documentation describes it: PROVISIONING (ENI attached) →
 * PENDING (image pull) → RUNNING (targets registered) → DEACTIVATING (targets draining for the target
 * group's deregistration delay) → STOPPING → DEPROVISIONING → STOPPED, with a stoppedReason.
 */
import { containerExit, passesHealthCheck, startDelayMs } from '../behaviour.js';
import { SimError } from '../errors.js';
import { instanceTarget } from './instance-targets.js';
import type {
  ClusterRecord,
  ContainerInstanceRecord,
  NetworkBindingRecord,
  DeploymentRecord,
  ServiceRecord,
  OneOffRecord,
  TaskDefinitionRecord,
  TaskRecord,
  TaskStatus,
} from './records.js';
import type { EcsState } from './state.js';

/** Provisioning (ENI creation and attachment) takes this long in simulated time. */
const PROVISIONING_MS = 1000;
/** STOPPING and DEPROVISIONING each take this long. */
const STOP_STEP_MS = 1000;

/** What launchTask needs. */
export interface LaunchOptions {
  cluster: ClusterRecord;
  taskDefinition: TaskDefinitionRecord;
  service?: ServiceRecord;
  deployment?: DeploymentRecord;
  launchType?: string;
  /** Seeded steady state: the task is RUNNING at once and its targets start healthy. */
  steady?: boolean;
  /** A task RunTask started (not a service's): its startedBy, group, overrides and network. */
  oneOff?: OneOffRecord;
  /** EC2 tasks on a cluster with container instances: where ec2-placement.ts placed the task. */
  placement?: { instance: ContainerInstanceRecord; networkBindings: NetworkBindingRecord[] };
}

/** Why a task stops. */
export interface StopOptions {
  reason: string;
  stopCode: 'ServiceSchedulerInitiated' | 'EssentialContainerExited' | 'UserInitiated' | 'TaskFailedToStart';
  /** A failed task counts toward the deployment circuit breaker. */
  failed: boolean;
}

function targetKey(targetGroupArn: string, id: string, port: number): string {
  return `${targetGroupArn}|${id}|${port}`;
}

function setStatus(state: EcsState, task: TaskRecord, status: TaskStatus): void {
  task.lastStatus = status;
  state.sim.record('task-state', {
    taskArn: task.arn,
    service: task.service?.name,
    deploymentId: task.deploymentId,
    lastStatus: status,
    stoppedReason: status === 'STOPPED' ? task.stoppedReason : undefined,
  });
  if (task.service) state.scheduleReconcile(task.service);
}

function later(state: EcsState, task: TaskRecord, delayMs: number, run: () => void): void {
  task.timers.push(state.sim.clock.after(delayMs, run));
}

/** Starts a task: it goes through PROVISIONING and PENDING to RUNNING after its images' start delay. */
export function launchTask(state: EcsState, options: LaunchOptions): TaskRecord {
  const id = state.hexId(32);
  const now = state.sim.clock.now();
  const body = options.taskDefinition.body;
  const networkMode = String(body.networkMode);
  const task: TaskRecord = {
    arn: state.arn(`task/${options.cluster.name}/${id}`),
    id,
    cluster: options.cluster,
    service: options.service,
    deploymentId: options.deployment?.id,
    taskDefinition: options.taskDefinition,
    lastStatus: 'PROVISIONING',
    desiredStatus: 'RUNNING',
    launchType: options.launchType ?? 'FARGATE',
    availabilityZone:
      options.placement?.instance.attributes['ecs.availability-zone'] ??
      `${state.sim.region}${'abc'[state.rng.int(3)]}`,
    createdAt: now,
    failed: false,
    oneOff: options.oneOff,
    containers: (body.containerDefinitions as Record<string, unknown>[]).map((container) => ({
      arn: state.arn(`container/${options.cluster.name}/${id}/${state.hexId(8)}-${state.hexId(4)}`),
      name: String(container.name),
      image: String(container.image),
      essential: container.essential !== false,
      lastStatus: 'PENDING',
      behaviour: state.runtime.behaviourOf(String(container.image)),
    })),
    privateIp: networkMode === 'awsvpc' ? state.nextPrivateIp() : undefined,
    eniId: networkMode === 'awsvpc' ? `eni-${state.hexId(17)}` : undefined,
    containerInstance: options.placement?.instance,
    networkBindings: options.placement?.networkBindings,
    targets: [],
    timers: [],
  };
  options.cluster.tasks.set(task.arn, task);
  state.sim.record('task-state', {
    taskArn: task.arn,
    service: task.service?.name,
    deploymentId: task.deploymentId,
    lastStatus: 'PROVISIONING',
  });
  if (options.steady) {
    task.pullStartedAt = now;
    startRunning(state, task, options.deployment, true);
    return task;
  }
  later(state, task, PROVISIONING_MS, () => {
    setStatus(state, task, 'PENDING');
    task.pullStartedAt = state.sim.clock.now();
    if (failPull(state, task)) return;
    const delay = Math.max(...task.containers.map((container) => startDelayMs(container.behaviour)));
    later(state, task, delay, () => startRunning(state, task, options.deployment));
  });
  return task;
}

/** How long the runtime retries a manifest that is not there before ECS gives up on the task. */
const PULL_RETRIES_MS = 5000;

/**
 * A container whose image cannot be pulled: after the runtime's retries the task stops with
 * CannotPullContainerError (stop code TaskFailedToStart), which counts toward the circuit breaker.
 */
function failPull(state: EcsState, task: TaskRecord): boolean {
  const failures = task.containers.map((container) => ({
    container,
    reason: state.runtime.pullFailure(container.image),
  }));
  const first = failures.find((entry) => entry.reason !== undefined);
  if (!first?.reason) return false;
  const reason = first.reason;
  later(state, task, PULL_RETRIES_MS, () => {
    task.pullStoppedAt = state.sim.clock.now();
    for (const { container, reason: containerReason } of failures)
      if (containerReason) container.reason = containerReason;
    stopTask(state, task, { reason, stopCode: 'TaskFailedToStart', failed: true });
  });
  return true;
}

function startRunning(
  state: EcsState,
  task: TaskRecord,
  deployment: DeploymentRecord | undefined,
  steady = false,
): void {
  const now = state.sim.clock.now();
  task.pullStoppedAt = now;
  task.startedAt = now;
  for (const container of task.containers) container.lastStatus = 'RUNNING';
  setStatus(state, task, 'RUNNING');
  // Data plane (opt-in): the task's app starts serving real HTTP before its targets register.
  state.runtime.startTask(task, { exit: (name, code) => exitContainer(state, task, name, code) });
  if (task.service && deployment) registerTargets(state, task, { service: task.service, deployment, steady });
  for (const container of task.containers) {
    const exit = containerExit(container.behaviour, {
      oneOff: task.oneOff !== undefined,
      commandGiven: task.oneOff?.commands[container.name] !== undefined,
    });
    if (exit === undefined) continue;
    later(state, task, exit.afterMs, () => exitContainer(state, task, container.name, exit.exitCode));
  }
  const graceMs = (task.service?.healthCheckGracePeriodSeconds ?? 0) * 1000;
  if (task.targets.length > 0 && graceMs > 0) {
    later(state, task, graceMs, () => checkTargetsAfterGrace(state, task));
  }
}

function registerTargets(
  state: EcsState,
  task: TaskRecord,
  { service, deployment, steady }: { service: ServiceRecord; deployment: DeploymentRecord; steady: boolean },
): void {
  service.loadBalancers.forEach((loadBalancer, index) => {
    const targetGroupArn = deployment.targetGroupArns[index] ?? loadBalancer.targetGroupArn;
    const { id, port } = instanceTarget(task, loadBalancer) ?? {
      id: task.privateIp ?? `i-${state.hexId(17)}`,
      port: loadBalancer.containerPort,
    };
    try {
      state.elb.registerTaskTarget(targetGroupArn, {
        id,
        port,
        availabilityZone: task.availabilityZone,
        startHealthy: steady,
        probe: () =>
          task.lastStatus === 'RUNNING' &&
          task.containers.every((container) =>
            passesHealthCheck(container.behaviour, {
              runningForMs: state.sim.clock.now() - (task.startedAt ?? 0),
              chance: (percent) => state.rng.chance(percent),
            }),
          ),
      });
    } catch (error) {
      if (!(error instanceof SimError)) throw error;
      state.serviceEvent(
        service,
        `failed to register targets in (target-group ${targetGroupArn}): ${error.message}`,
      );
      return;
    }
    task.targets.push({ targetGroupArn, id, port });
    state.tasksByTarget.set(targetKey(targetGroupArn, id, port), task);
    if (!steady) state.serviceEvent(service, `registered 1 targets in (target-group ${targetGroupArn})`);
  });
}

/** After the health-check grace period, a task whose target is unhealthy is replaced (ECS ignores failures before). */
function checkTargetsAfterGrace(state: EcsState, task: TaskRecord): void {
  for (const target of task.targets) {
    if (state.elb.targetState(target.targetGroupArn, target.id, target.port) === 'unhealthy') {
      failElbHealthCheck(state, task, target.targetGroupArn);
      return;
    }
  }
}

/** True while the health-check grace period of a RUNNING task lasts. */
export function inGracePeriod(state: EcsState, task: TaskRecord): boolean {
  const graceMs = (task.service?.healthCheckGracePeriodSeconds ?? 0) * 1000;
  return task.startedAt === undefined || state.sim.clock.now() < task.startedAt + graceMs;
}

/** The task whose target this is, if any. */
export function taskOfTarget(
  state: EcsState,
  targetGroupArn: string,
  id: string,
  port: number,
): TaskRecord | undefined {
  return state.tasksByTarget.get(targetKey(targetGroupArn, id, port));
}

/** ECS stops a task whose target failed the load balancer's health checks, and the scheduler replaces it. */
export function failElbHealthCheck(state: EcsState, task: TaskRecord, targetGroupArn: string): void {
  if (task.desiredStatus !== 'RUNNING' || !task.service) return;
  const target = task.targets.find((candidate) => candidate.targetGroupArn === targetGroupArn);
  state.serviceEvent(
    task.service,
    `(port ${target?.port ?? 0}) is unhealthy in (target-group ${targetGroupArn}) due to (reason Health checks failed).`,
  );
  stopTask(state, task, {
    reason: `Task failed ELB health checks in (target-group ${targetGroupArn})`,
    stopCode: 'ServiceSchedulerInitiated',
    failed: true,
  });
}

/** True when the task runs and every one of its targets is healthy (no targets: running is enough). */
export function isTaskHealthy(state: EcsState, task: TaskRecord): boolean {
  if (task.desiredStatus !== 'RUNNING' || task.lastStatus !== 'RUNNING') return false;
  if (!task.service || task.service.loadBalancers.length === 0) return true;
  if (task.targets.length < task.service.loadBalancers.length) return false;
  return task.targets.every(
    (target) => state.elb.targetState(target.targetGroupArn, target.id, target.port) === 'healthy',
  );
}

/**
 * Stops a task. A RUNNING task with targets first deregisters them and stays DEACTIVATING for the
 * longest deregistration delay (connection draining), then goes STOPPING → DEPROVISIONING → STOPPED.
 */
export function stopTask(state: EcsState, task: TaskRecord, options: StopOptions): void {
  if (task.desiredStatus === 'STOPPED') return;
  const now = state.sim.clock.now();
  for (const timer of task.timers) state.sim.clock.cancel(timer);
  task.timers = [];
  task.desiredStatus = 'STOPPED';
  task.stoppingAt = now;
  task.stoppedReason = options.reason;
  task.stopCode = options.stopCode;
  task.failed = options.failed;
  if (options.failed && task.service) {
    const deployment = task.service.deployments.find((candidate) => candidate.id === task.deploymentId);
    if (deployment) {
      deployment.failedTasks++;
      deployment.updatedAt = now;
    }
  }
  const exited = options.stopCode === 'EssentialContainerExited';
  let drainMs = 0;
  for (const target of task.targets) {
    state.elb.deregisterTaskTarget(target.targetGroupArn, target.id, target.port);
    drainMs = Math.max(drainMs, state.elb.findTargetGroup(target.targetGroupArn)?.deregistrationDelayMs ?? 0);
  }
  if (task.lastStatus === 'RUNNING' && !exited && drainMs > 0) {
    setStatus(state, task, 'DEACTIVATING');
    later(state, task, drainMs, () => finishStopping(state, task));
  } else {
    finishStopping(state, task);
  }
}

/** A container exits on its own (the data plane's crash after N requests); an essential one stops the task. */
export function exitContainer(
  state: EcsState,
  task: TaskRecord,
  containerName: string,
  exitCode: number,
): void {
  const container = task.containers.find((candidate) => candidate.name === containerName);
  if (!container || container.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED') return;
  container.lastStatus = 'STOPPED';
  container.exitCode = exitCode;
  container.reason = `exited with code ${exitCode}`;
  if (!container.essential) return;
  stopTask(state, task, {
    reason: 'Essential container in task exited',
    stopCode: 'EssentialContainerExited',
    failed: true,
  });
}

function finishStopping(state: EcsState, task: TaskRecord): void {
  for (const target of task.targets) {
    state.tasksByTarget.delete(targetKey(target.targetGroupArn, target.id, target.port));
  }
  task.executionStoppedAt = state.sim.clock.now();
  setStatus(state, task, 'STOPPING');
  state.runtime.stopTask(task.arn);
  for (const container of task.containers) {
    if (container.lastStatus !== 'STOPPED') {
      container.lastStatus = 'STOPPED';
      // A container that never started has no exit code; a service's container exits cleanly on SIGTERM,
      // while StopTask's SIGTERM is modelled as ignored until the stop timeout's SIGKILL (128 + 9).
      if (task.startedAt !== undefined)
        container.exitCode = container.exitCode ?? (task.stopCode === 'UserInitiated' ? 137 : 0);
    }
  }
  later(state, task, STOP_STEP_MS, () => {
    setStatus(state, task, 'DEPROVISIONING');
    later(state, task, STOP_STEP_MS, () => {
      task.stoppedAt = state.sim.clock.now();
      setStatus(state, task, 'STOPPED');
    });
  });
}

/** True for tasks the service still counts (not stopped, not being stopped). */
export function isLive(task: TaskRecord): boolean {
  return task.desiredStatus === 'RUNNING';
}

/** The services's tasks that have not reached STOPPED. */
export function tasksOf(service: ServiceRecord): TaskRecord[] {
  return [...service.cluster.tasks.values()].filter(
    (task) => task.service === service && task.lastStatus !== 'STOPPED',
  );
}
