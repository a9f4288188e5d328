/**
 * One poll of an ECS deployment behind target groups: DescribeServices, ListTasks and one DescribeTargetHealth
 * per target group in parallel, DescribeTasks only for tasks that changed. Produces a GateObservation.
 */
import type { ECSClient } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';
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

/** Observes one deployment of one service, poll after poll. */
export class DeploymentObserver {
  private readonly tasks: DeploymentTasks;
  private deploymentId: string | undefined;

  constructor(private readonly options: DeploymentObserverOptions) {
    this.tasks = new DeploymentTasks(options.ecs, options.cluster, options.serviceName);
    this.deploymentId = options.deploymentId;
  }

  /** Takes one observation. */
  async observe(): Promise<DeploymentObservation> {
    const { ecs, elb, cluster, serviceName, loadBalancers, targetGroups } = this.options;
    const targetGroupArns = [...new Set(loadBalancers.map((entry) => entry.targetGroupArn))];
    const [service, health] = await Promise.all([
      describeService(ecs, cluster, serviceName),
      Promise.all(targetGroupArns.map((arn) => describeTargetHealth(elb, arn))),
    ]);
    const time = this.options.clock.now();
    const deployment = findDeployment(service, this.deploymentId);
    if (!deployment) {
      const replaced = this.deploymentId
        ? `deployment ${this.deploymentId} is no longer among the service's deployments (replaced by a newer one)`
        : `service '${serviceName}' has no PRIMARY deployment`;
      return { time, desiredCount: 0, tasks: [], targetGroupArns, targets: [], deploymentFailed: replaced };
    }
    this.deploymentId = deployment.id;
    const tasks = await this.tasks.refresh({
      id: deployment.id,
      taskDefinitionArn: deployment.taskDefinition,
    });
    const targets: TargetObservation[] = [];
    for (const task of tasks) {
      for (const entry of loadBalancers) {
        const settings = targetGroups.get(entry.targetGroupArn)!;
        const registered = match(
          task,
          entry,
          settings,
          health[targetGroupArns.indexOf(entry.targetGroupArn)],
        );
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
    const failed =
      deployment.rolloutState === 'FAILED'
        ? `ECS marked deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? 'no reason given'}`
        : undefined;
    return {
      time,
      desiredCount: deployment.desiredCount ?? 0,
      tasks,
      targetGroupArns,
      targets,
      deploymentFailed: failed,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinition,
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
