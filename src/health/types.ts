/** Plain data the health gate decides on: observations of a deployment's tasks and targets, and verdicts. */

/** The health a target group reports for one target, or `unregistered` when the task has no target there. */
export type TargetState =
  'initial' | 'healthy' | 'unhealthy' | 'unused' | 'draining' | 'unavailable' | 'unregistered';

/** One new task's target in one target group at one observation. */
export interface TargetObservation {
  targetGroupArn: string;
  taskArn: string;
  /** IP address (target type ip) or instance id (target type instance). */
  targetId: string;
  port?: number;
  state: TargetState;
  /** ELBv2's reason code, e.g. Target.FailedHealthChecks. */
  reason?: string;
}

/** One task of the deployment being gated. */
export interface TaskObservation {
  taskArn: string;
  /** PROVISIONING, PENDING, ACTIVATING, RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED. */
  lastStatus: string;
  stoppedReason?: string;
  /** When the task reached RUNNING (epoch ms); ECS registers its targets around then. */
  startedAt?: number;
}

/** Everything one poll saw of the deployment being gated. */
export interface GateObservation {
  /** Clock time of the observation (epoch ms). */
  time: number;
  /** Tasks the deployment should run. */
  desiredCount: number;
  /** The deployment's tasks (new revision only), including ones that stopped since the gate started. */
  tasks: TaskObservation[];
  /** Every target group the new tasks must be healthy in. */
  targetGroupArns: string[];
  /** The new tasks' targets, one per (task, target group) that ELBv2 or ECS knows about. */
  targets: TargetObservation[];
  /** ECS gave up on the deployment (rolloutState FAILED, or the native deployment was stopped). */
  deploymentFailed?: string;
  /** False while the control plane is still working (a native deployment not yet SUCCESSFUL). */
  settled?: boolean;
  /** The control plane is about to move (a native deployment between lifecycle stages): poll fast. */
  changeExpected?: boolean;
  /** A known future moment worth an observation (e.g. the end of a native bake time), epoch ms. */
  wakeAt?: number;
}

/** The rules a gate applies. */
export interface HealthPolicy {
  /** All-healthy observations in a row before the verdict is healthy (at least 1). */
  consecutive: number;
  /** A new target may stay unhealthy (or unregistered while its task runs) this long before the gate fails. */
  unhealthyTimeoutMs: number;
  /** Fail as soon as a task of the new deployment stops (default true). */
  failOnStoppedTask?: boolean;
}

/** What the gate remembers between observations. */
export interface GateMemory {
  /** All-healthy observations in a row so far. */
  consecutiveHealthy: number;
  /** When each (target group, task) was first seen in its current bad state, keyed `tg|task`. */
  badSince: Record<string, number>;
}

/** The gate's reading of one observation. */
export type GateDecision = 'healthy' | 'pending' | 'failing';

/** evaluateHealth's result: the decision, why, and the memory for the next observation. */
export interface GateEvaluation {
  decision: GateDecision;
  reason: string;
  /** New targets healthy in every target group (tasks counted once). */
  healthyTasks: number;
  /** Healthy (task, target group) pairs. */
  healthyTargets: number;
  memory: GateMemory;
  /** True while something is expected to change soon (tasks starting, targets in `initial`). */
  transitionExpected: boolean;
}

/** The final outcome of waiting. */
export type VerdictStatus = 'healthy' | 'unhealthy' | 'timeout' | 'cancelled';

/** One point of the gate's timeline, for progress logs and the job summary chart. */
export interface HealthSample {
  /** Milliseconds since the wait started (clock time). */
  elapsedMs: number;
  decision: GateDecision;
  healthyTargets: number;
  desiredCount: number;
  runningTasks: number;
  /** Percent of production traffic on the new revision, when the strategy shifts traffic. */
  newWeight?: number;
  reason: string;
}

/** The result of waitForHealthyDeployment. */
export interface HealthVerdict {
  status: VerdictStatus;
  /** Short human explanation, e.g. "2/2 new tasks healthy in web-tg" or the failing target. */
  reason: string;
  /** Milliseconds from the start of the wait to the healthy verdict. */
  timeToHealthyMs?: number;
  /** Healthy new targets at the end. */
  healthyTargets: number;
  /** The ECS deployment that was gated (id from DescribeServices). */
  deploymentId?: string;
  /** The new revision's task definition. */
  taskDefinitionArn?: string;
  samples: HealthSample[];
}

/** One thing the action did or saw, for the job summary's table of steps. */
export interface TrafficEvent {
  elapsedMs: number;
  action:
    | 'deploy'
    | 'healthy'
    | 'shift'
    | 'rollback'
    | 'restore'
    | 'scale-down'
    | 'keep-warm'
    | 'stop-deployment'
    | 'revert-idle';
  /** Percent of production traffic on the new revision after this event. */
  newWeight?: number;
  detail: string;
}

/** The strategies wait-healthy drives (WaitReport's `strategy`). */
export const HEALTH_STRATEGIES = [
  'rolling',
  'blue-green',
  'native',
] as const satisfies readonly WaitReport['strategy'][];
/** One of HEALTH_STRATEGIES. */
export type HealthStrategy = (typeof HEALTH_STRATEGIES)[number];

/** What happens to the previous colour after a successful blue/green shift. */
export const OLD_COLOUR_ACTIONS = [
  'scale-down',
  'keep-warm',
] as const satisfies readonly TrafficEvent['action'][];
/** One of OLD_COLOUR_ACTIONS. */
export type OldColourAction = (typeof OLD_COLOUR_ACTIONS)[number];

/** Everything the action reports: the verdict plus what happened to traffic. */
export interface WaitReport {
  strategy: 'rolling' | 'blue-green' | 'native';
  verdict: HealthVerdict;
  rolledBack: boolean;
  /** Target group name → weight at the end, for strategies that shift traffic. */
  finalWeights?: Record<string, number>;
  events: TrafficEvent[];
  /** One sentence on the state left behind, for failures and cancellations. */
  leftState?: string;
}
