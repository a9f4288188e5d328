/**
 * One poll of an ECS deployment behind target groups: DescribeServices, ListTasks and one DescribeTargetHealth
 * per target group in parallel, DescribeTasks only for tasks that changed. Produces a GateObservation.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';
import { placementFailureReason, stuckPlacement } from './placement-failure.js';
import { DEPLOYMENT_VISIBILITY_MS } from './deployment-visible.js';
import { describeService, findDeployment, type ServiceLoadBalancer } from './service.js';
import { describeTargetHealth, type RegisteredTarget, type TargetGroupSettings } from './targets.js';
import { DeploymentTasks, type TrackedTask } from './tasks.js';
import type { GateObservation, TargetObservation } from './types.js';

/** What the observer follows. */
export interface DeploymentObserverOptions {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  clock: Clock;
  cluster: string;
  serviceName: string;
  /** The deployment to follow; fixed at the first observation when omitted (the PRIMARY one then). */
  deploymentId?: string;
  loadBalancers: ServiceLoadBalancer[];
  targetGroups: Map<string, TargetGroupSettings>;
}

/** A GateObservation plus what the shell reports about the deployment. */
export interface DeploymentObservation extends GateObservation {
  deploymentId?: string;
  taskDefinitionArn?: string;
  /** The ECS deployment's rolloutState as last read (IN_PROGRESS, COMPLETED, FAILED). */
  rolloutState?: string;
}

/** The target a task registers in one target group: its id and port there. */
function targetOf(
  task: TrackedTask,
  entry: ServiceLoadBalancer,
  settings: TargetGroupSettings,
): { id?: string; port?: number } {
  if (settings.targetType === 'ip') return { id: task.privateIp, port: entry.containerPort };
  return { id: task.ec2InstanceId, port: task.hostPorts[`${entry.containerName}:${entry.containerPort}`] };
}

function match(
  task: TrackedTask,
  entry: ServiceLoadBalancer,
  settings: TargetGroupSettings,
  registered: RegisteredTarget[],
) {
  const wanted = targetOf(task, entry, settings);
  if (!wanted.id) return undefined;
  return registered.find(
    (target) => target.id === wanted.id && (wanted.port === undefined || target.port === wanted.port),
  );
}

/**
 * The tasks' targets: for each task and load balancer entry of its service, the registered target with the
 * task's IP (ip target groups) or instance id and host port (instance target groups), when there is one.
 */
export function targetsOfTasks(
  tasks: TrackedTask[],
  service: {
    loadBalancers: ServiceLoadBalancer[];
    targetGroups: Map<string, TargetGroupSettings>;
    /** Target group ARN → its registered targets, as DescribeTargetHealth returned them this poll. */
    health: Map<string, RegisteredTarget[]>;
  },
): TargetObservation[] {
  const targets: TargetObservation[] = [];
  for (const task of tasks) {
    for (const entry of service.loadBalancers) {
      const settings = service.targetGroups.get(entry.targetGroupArn)!;
      const registered = match(task, entry, settings, service.health.get(entry.targetGroupArn) ?? []);
      if (!registered) continue;
      targets.push({
        targetGroupArn: entry.targetGroupArn,
        taskArn: task.taskArn,
        targetId: registered.id,
        port: registered.port,
        state: registered.state,
        reason: registered.reason,
      });
    }
  }
  return targets;
}

// The control plane (DescribeServices, ListTasks) is re-read at least this often (clock ms); in between,
// polls that see no change in target health read only DescribeTargetHealth.
const CONTROL_PLANE_MAX_AGE_MS = 10_000;

/**
 * What in target health should trigger a control-plane read: a state change of a new task's target, or a
 * target registering (`initial`) that belongs to no known task. Old targets starting to drain do not.
 */
export function healthFingerprint(
  targets: TargetObservation[],
  health: RegisteredTarget[][],
  targetGroupArns: string[],
): string {
  const known = new Set(
    targets.map((target) => `${target.targetGroupArn}|${target.targetId}:${target.port}`),
  );
  const states = targets.map((target) => `${target.taskArn}@${target.targetGroupArn}=${target.state}`);
  const unknownInitial = health.flatMap((group, index) =>
    group
      .filter((target) => target.state === 'initial')
      .map((target) => `${targetGroupArns[index]}|${target.id}:${target.port}`),
  );
  return JSON.stringify([states.sort(), unknownInitial.filter((key) => !known.has(key)).sort()]);
}

/** What the last control-plane read said about the deployment. */
interface ControlPlane {
  at: number;
  desiredCount: number;
  tasks: TrackedTask[];
  deploymentId?: string;
  taskDefinitionArn?: string;
  rolloutState?: string;
  failed?: string;
}

/** Readings without the deployment tolerated after the visibility window, however late the clock is. */
const MIN_MISSES = 3;

/** Observes one deployment of one service, poll after poll. */
export class DeploymentObserver {
  private readonly tasks: DeploymentTasks;
  private deploymentId: string | undefined;
  private control: ControlPlane | undefined;
  private lastHealth = '';
  private readonly startedAt: number;
  /** Readings after the visibility window that did not list the deployment. */
  private misses = 0;

  constructor(private readonly options: DeploymentObserverOptions) {
    this.tasks = new DeploymentTasks(options.ecs, options.cluster, options.serviceName);
    this.deploymentId = options.deploymentId;
    this.startedAt = options.clock.now();
  }

  /**
   * Takes one observation: one DescribeTargetHealth per target group, plus DescribeServices / ListTasks /
   * DescribeTasks when target health changed, tasks are still starting, or the last read is 10 s old.
   */
  async observe(): Promise<DeploymentObservation> {
    const { elb, loadBalancers } = this.options;
    const targetGroupArns = [...new Set(loadBalancers.map((entry) => entry.targetGroupArn))];
    const health = await Promise.all(targetGroupArns.map((arn) => describeTargetHealth(elb, arn)));
    const time = this.options.clock.now();
    let targets = this.control ? this.targetsOf(this.control, health, targetGroupArns) : [];
    let fingerprint = healthFingerprint(targets, health, targetGroupArns);
    if (this.controlPlaneStale(time, fingerprint)) {
      this.control = await this.readControlPlane(time);
      targets = this.targetsOf(this.control, health, targetGroupArns);
      fingerprint = healthFingerprint(targets, health, targetGroupArns);
    }
    this.lastHealth = fingerprint;
    const control = this.control!;
    return {
      time,
      desiredCount: control.desiredCount,
      tasks: control.tasks,
      targetGroupArns,
      targets,
      deploymentFailed: control.failed,
      deploymentId: control.deploymentId,
      taskDefinitionArn: control.taskDefinitionArn,
      rolloutState: control.rolloutState,
    };
  }

  private targetsOf(
    control: ControlPlane,
    health: RegisteredTarget[][],
    targetGroupArns: string[],
  ): TargetObservation[] {
    const { loadBalancers, targetGroups } = this.options;
    const byGroup = new Map(targetGroupArns.map((arn, index) => [arn, health[index]]));
    return targetsOfTasks(control.tasks, { loadBalancers, targetGroups, health: byGroup });
  }

  private controlPlaneStale(time: number, healthFingerprint: string): boolean {
    const control = this.control;
    if (!control || time - control.at >= CONTROL_PLANE_MAX_AGE_MS) return true;
    if (healthFingerprint !== this.lastHealth) return true;
    const running = control.tasks.filter((task) => task.lastStatus === 'RUNNING').length;
    return running < control.desiredCount || control.tasks.some((task) => task.lastStatus !== 'RUNNING');
  }

  private async readControlPlane(time: number): Promise<ControlPlane> {
    const { ecs, cluster, serviceName } = this.options;
    // ListTasks does not depend on the deployment, so it runs alongside DescribeServices.
    const [service, running] = await Promise.all([
      describeService(ecs, cluster, serviceName),
      this.tasks.listRunning(),
    ]);
    const deployment = findDeployment(service, this.deploymentId);
    if (
      !deployment &&
      this.deploymentId &&
      (time < this.startedAt + DEPLOYMENT_VISIBILITY_MS || ++this.misses <= MIN_MISSES)
    ) {
      // An eventually consistent read may not list the deployment yet (or again): not evidence it is gone.
      return this.control ? { ...this.control, at: time } : { at: time, desiredCount: 1, tasks: [] };
    }
    if (!deployment) {
      const failed = this.deploymentId
        ? `deployment ${this.deploymentId} is no longer among the service's deployments (replaced by a newer one)`
        : `service '${serviceName}' has no PRIMARY deployment`;
      return { at: time, desiredCount: 0, tasks: [], failed };
    }
    this.deploymentId = deployment.id;
    const tasks = await this.tasks.refresh(
      { id: deployment.id, taskDefinitionArn: deployment.taskDefinition },
      running,
    );
    const unplaced = stuckPlacement(service.events ?? [], deployment);
    const failed =
      deployment.rolloutState === 'FAILED'
        ? `ECS marked deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? 'no reason given'}`
        : unplaced && placementFailureReason(deployment.id, unplaced);
    return {
      at: time,
      desiredCount: deployment.desiredCount ?? 0,
      tasks,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinition,
      rolloutState: deployment.rolloutState,
      failed,
    };
  }
}

/**
 * The earliest moment a target still in `initial` (or not yet registered) could turn healthy: ELBv2 needs
 * HealthyThresholdCount passing checks an interval apart, counted from about when the task started RUNNING.
 * Undefined when no such target exists.
 */
export function earliestHealthyAt(
  observation: GateObservation,
  targetGroups: Map<string, TargetGroupSettings>,
): number | undefined {
  let earliest: number | undefined;
  for (const task of observation.tasks) {
    if (task.lastStatus !== 'RUNNING') continue;
    for (const targetGroupArn of observation.targetGroupArns) {
      const target = observation.targets.find(
        (candidate) => candidate.taskArn === task.taskArn && candidate.targetGroupArn === targetGroupArn,
      );
      if (target && target.state !== 'initial') continue;
      const settings = targetGroups.get(targetGroupArn);
      if (!settings || task.startedAt === undefined) return observation.time;
      const at = task.startedAt + (settings.healthyThresholdCount - 1) * settings.intervalMs;
      earliest = earliest === undefined ? at : Math.min(earliest, at);
    }
  }
  return earliest;
}
