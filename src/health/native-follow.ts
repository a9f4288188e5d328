/**
 * Following an ECS native service deployment poll by poll: the new revision's targets (narrowed to the
 * target group of each production/alternate pair that the new tasks registered in) together with the
 * service deployment's status and lifecycle stage, which decide whether the picture is settled.
 */
import type { ECSClient, ServiceDeployment } from '@aws-sdk/client-ecs';
import { describeServiceDeployment, type NativeLoadBalancer } from './native-deployment.js';
import type { DeploymentObservation, DeploymentObserver } from './observe.js';
import { trafficEvent, type EventContext } from './traffic-event.js';
import type { TrafficEvent } from './types.js';

/** Service deployment statuses that mean the deployment will not complete. */
export const FAILED_STATUSES = [
  'STOP_REQUESTED',
  'STOPPED',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'ROLLBACK_SUCCESSFUL',
  'ROLLBACK_FAILED',
];

/** A gate observation plus the service deployment as read at the same poll. */
export interface NativeObservation extends DeploymentObservation {
  serviceDeployment: ServiceDeployment;
}

/** What a follower reads. */
export interface NativeFollowerOptions {
  ecs: ECSClient;
  serviceDeploymentArn: string;
  observer: DeploymentObserver;
  pairs: NativeLoadBalancer[];
  /** Stage changes become `shift` events timed and logged through this. */
  events: EventContext;
}

/** Percent of production traffic ECS has requested on the new revision. */
export function newWeightOf(deployment: ServiceDeployment): number | undefined {
  return deployment.targetServiceRevision?.requestedProductionTrafficWeight;
}

/** Keeps, per production/alternate pair, the target group the new revision's tasks registered in. */
function narrow(observation: DeploymentObservation, pairs: NativeLoadBalancer[]): string[] {
  return pairs.map((pair) => {
    const count = (arn: string) =>
      observation.targets.filter((target) => target.targetGroupArn === arn).length;
    return count(pair.targetGroupArn) > count(pair.alternateTargetGroupArn)
      ? pair.targetGroupArn
      : pair.alternateTargetGroupArn;
  });
}

/** The gate's reading of a service deployment: failed, settled, and when to look again. */
function readServiceDeployment(
  deployment: ServiceDeployment,
): Pick<NativeObservation, 'deploymentFailed' | 'settled' | 'changeExpected' | 'wakeAt'> {
  const status = deployment.status ?? 'PENDING';
  const failed = FAILED_STATUSES.includes(status)
    ? `ECS service deployment is ${status}${deployment.statusReason ? `: ${deployment.statusReason}` : ''}`
    : undefined;
  const baking = deployment.lifecycleStage === 'BAKE_TIME';
  const bakeMs = (deployment.deploymentConfiguration?.bakeTimeInMinutes ?? 0) * 60_000;
  return {
    deploymentFailed: failed,
    settled: status === 'SUCCESSFUL',
    // Stages other than the bake pass in seconds; the bake's end is known in advance.
    changeExpected: !baking && (status === 'IN_PROGRESS' || status === 'PENDING'),
    wakeAt: baking && deployment.updatedAt ? deployment.updatedAt.getTime() + bakeMs : undefined,
  };
}

/** Observes one native service deployment and remembers each change of its status / lifecycle stage. */
export class NativeDeploymentFollower {
  private stage: string | undefined;
  private readonly stageEvents: TrafficEvent[] = [];

  constructor(private readonly options: NativeFollowerOptions) {}

  /** One observation: the targets and the service deployment, read in parallel. */
  async observe(): Promise<NativeObservation> {
    const { ecs, serviceDeploymentArn, observer, pairs } = this.options;
    const [observation, deployment] = await Promise.all([
      observer.observe(),
      describeServiceDeployment(ecs, serviceDeploymentArn),
    ]);
    this.noteStage(deployment);
    const reading = readServiceDeployment(deployment);
    return {
      ...observation,
      ...reading,
      targetGroupArns: narrow(observation, pairs),
      deploymentFailed: reading.deploymentFailed ?? observation.deploymentFailed,
      serviceDeployment: deployment,
    };
  }

  /** A `shift` event per status / lifecycle stage seen, in order. */
  events(): TrafficEvent[] {
    return [...this.stageEvents];
  }

  private noteStage(deployment: ServiceDeployment): void {
    const progress = `${deployment.status} / ${deployment.lifecycleStage ?? 'no stage'}`;
    if (progress === this.stage) return;
    this.stage = progress;
    this.stageEvents.push(trafficEvent(this.options.events, 'shift', progress, newWeightOf(deployment)));
  }
}
