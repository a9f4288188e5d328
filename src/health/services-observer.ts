/**
 * One poll round of many services' deployments behind target groups, with calls that grow with
 * ⌈services/10⌉ plus the distinct target groups, not with services or tasks: DescribeServices ten services a
 * call and one DescribeTargetHealth per target group (services sharing a group share the call), in
 * parallel; task reads (cluster-tasks.ts) only for services whose deployment counts or target health moved,
 * batched across them. Each service's result is the same GateObservation the one-service observer makes,
 * so evaluateHealth decides on it by the same rules.
 */
import type { ECSClient, Service } from '@aws-sdk/client-ecs';
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { Clock } from '../clock.js';
import { chunk } from '../chunk.js';
import { ClusterTasks } from './cluster-tasks.js';
import { DEPLOYMENT_VISIBILITY_MS, endedDeployment } from './deployment-visible.js';
import { healthFingerprint, targetsOfTasks, type DeploymentObservation } from './observe.js';
import { placementFailureReason, stuckPlacement } from './placement-failure.js';
import { describeServices, findDeployment, type ServiceLoadBalancer } from './service.js';
import { describeTargetHealth, type RegisteredTarget, type TargetGroupSettings } from './targets.js';
import type { DeploymentRef, TrackedTask } from './tasks.js';

/** DescribeServices takes at most ten services per call. */
export const SERVICES_PER_CALL = 10;

/** Readings without the deployment tolerated after the visibility window, however late the clock is. */
const MIN_MISSES = 3;

/** One service to follow. */
export interface FollowedService {
  /** The service's name (as DescribeServices reports it). */
  service: string;
  /** The deployment to follow; the PRIMARY one at the first observation when omitted. */
  deploymentId?: string;
  loadBalancers: ServiceLoadBalancer[];
}

/** What the observer follows. */
export interface ServicesObserverOptions {
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
  clock: Clock;
  cluster: string;
  services: FollowedService[];
  targetGroups: Map<string, TargetGroupSettings>;
}

/** What the last DescribeServices said about one service's deployment. */
interface ControlPlane {
  desiredCount: number;
  deploymentId?: string;
  taskDefinitionArn?: string;
  rolloutState?: string;
  failed?: string;
  /** The deployment's task counts: when they move, its tasks are read again. */
  counts: string;
}

/** One service's state across rounds. */
interface Followed extends FollowedService {
  targetGroupArns: string[];
  control?: ControlPlane;
  tasks: TrackedTask[];
  /** The counts when the tasks were last read. */
  tasksReadAt?: string;
  lastHealth: string;
  misses: number;
}

/** Observes the deployments of several services, round after round. */
export class ServicesObserver {
  private readonly followed: Map<string, Followed>;
  private readonly tasks: ClusterTasks;
  private readonly startedAt: number;

  constructor(private readonly options: ServicesObserverOptions) {
    this.followed = new Map(
      options.services.map((entry) => [
        entry.service,
        {
          ...entry,
          targetGroupArns: [...new Set(entry.loadBalancers.map((lb) => lb.targetGroupArn))],
          tasks: [],
          lastHealth: '',
          misses: 0,
        },
      ]),
    );
    this.tasks = new ClusterTasks(options.ecs, options.cluster, new Set(this.followed.keys()));
    this.startedAt = options.clock.now();
  }

  /** One round for the `pending` services: an observation of each, by service name. */
  async observe(pending: string[]): Promise<Map<string, DeploymentObservation>> {
    const { ecs, elb, cluster, clock } = this.options;
    const followed = pending.map((name) => this.followed.get(name)!);
    const groups = [...new Set(followed.flatMap((entry) => entry.targetGroupArns))];
    const [described, registered] = await Promise.all([
      Promise.all(chunk(pending, SERVICES_PER_CALL).map((batch) => describeServices(ecs, cluster, batch))),
      Promise.all(groups.map((arn) => describeTargetHealth(elb, arn))),
    ]);
    const time = clock.now();
    const health = new Map(groups.map((arn, index) => [arn, registered[index]]));
    const services = described.flat();
    for (const [index, entry] of followed.entries())
      entry.control = this.controlOf(entry, services[index], time);

    const refresh = new Set(followed.filter((entry) => this.tasksStale(entry, health)).map((e) => e.service));
    if (refresh.size > 0) {
      const read = await this.tasks.refresh(this.deployments(), refresh);
      for (const entry of followed.filter((candidate) => refresh.has(candidate.service))) {
        entry.tasks = read.get(entry.service) ?? [];
        entry.tasksReadAt = entry.control!.counts;
      }
    }
    return new Map(followed.map((entry) => [entry.service, this.observation(entry, health, time)]));
  }

  /** The gated deployment of every service whose deployment is known, for matching described tasks. */
  private deployments(): Map<string, DeploymentRef> {
    const refs = new Map<string, DeploymentRef>();
    for (const entry of this.followed.values()) {
      const control = entry.control;
      if (control?.deploymentId)
        refs.set(entry.service, { id: control.deploymentId, taskDefinitionArn: control.taskDefinitionArn });
    }
    return refs;
  }

  private targets(entry: Followed, health: Map<string, RegisteredTarget[]>) {
    return targetsOfTasks(entry.tasks, {
      loadBalancers: entry.loadBalancers,
      targetGroups: this.options.targetGroups,
      health,
    });
  }

  private fingerprint(entry: Followed, health: Map<string, RegisteredTarget[]>): string {
    const groups = entry.targetGroupArns.map((arn) => health.get(arn) ?? []);
    return healthFingerprint(this.targets(entry, health), groups, entry.targetGroupArns);
  }

  /**
   * Whether a service's tasks must be read this round: never read yet, its deployment's counts moved
   * (a task placed, running, failed or stopped), its target health moved, or tasks are still starting.
   */
  private tasksStale(entry: Followed, health: Map<string, RegisteredTarget[]>): boolean {
    const control = entry.control!;
    if (control.failed || !control.deploymentId) return false;
    if (entry.tasksReadAt !== control.counts) return true;
    if (this.fingerprint(entry, health) !== entry.lastHealth) return true;
    const running = entry.tasks.filter((task) => task.lastStatus === 'RUNNING').length;
    return (
      running < control.desiredCount ||
      entry.tasks.some((task) => task.lastStatus !== 'RUNNING' && task.lastStatus !== 'STOPPED')
    );
  }

  private observation(
    entry: Followed,
    health: Map<string, RegisteredTarget[]>,
    time: number,
  ): DeploymentObservation {
    const control = entry.control!;
    entry.lastHealth = this.fingerprint(entry, health);
    return {
      time,
      desiredCount: control.desiredCount,
      tasks: entry.tasks,
      targetGroupArns: entry.targetGroupArns,
      targets: this.targets(entry, health),
      deploymentFailed: control.failed,
      deploymentId: control.deploymentId,
      taskDefinitionArn: control.taskDefinitionArn,
      rolloutState: control.rolloutState,
    };
  }

  /** The deployment as this round's DescribeServices shows it (the one-service observer's rules). */
  private controlOf(entry: Followed, service: Service, time: number): ControlPlane {
    const deployment = findDeployment(service, entry.deploymentId);
    if (!deployment && entry.deploymentId) {
      // ECS already failed (and dropped) the deployment, e.g. its tasks could not pull their image.
      const ended = endedDeployment(service, entry.deploymentId);
      if (ended) return { desiredCount: 0, failed: ended, counts: 'ended' };
      if (time < this.startedAt + DEPLOYMENT_VISIBILITY_MS || ++entry.misses <= MIN_MISSES) {
        // An eventually consistent read may not list the deployment yet (or again): not evidence it is gone.
        return entry.control ?? { desiredCount: 1, counts: 'not listed' };
      }
    }
    if (!deployment) {
      const failed = entry.deploymentId
        ? `deployment ${entry.deploymentId} is no longer among the service's deployments (replaced by a newer one)`
        : `service '${entry.service}' has no PRIMARY deployment`;
      return { desiredCount: 0, failed, counts: 'gone' };
    }
    entry.deploymentId = deployment.id;
    const unplaced = stuckPlacement(service.events ?? [], deployment);
    const failed =
      deployment.rolloutState === 'FAILED'
        ? `ECS marked deployment ${deployment.id} FAILED: ${deployment.rolloutStateReason ?? 'no reason given'}`
        : unplaced && placementFailureReason(deployment.id, unplaced);
    const counts = [
      deployment.desiredCount,
      deployment.runningCount,
      deployment.pendingCount,
      deployment.failedTasks,
    ].join('/');
    return {
      desiredCount: deployment.desiredCount ?? 0,
      deploymentId: deployment.id,
      taskDefinitionArn: deployment.taskDefinition,
      rolloutState: deployment.rolloutState,
      failed: failed || undefined,
      counts,
    };
  }
}
