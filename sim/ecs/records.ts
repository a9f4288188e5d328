/** The ECS model's state records: plain data, mutated by the handlers and the scheduler. */
import type { ImageBehaviour } from '../behaviour.js';

/** A resource tag as the ECS API spells it. */
export interface Tag {
  key: string;
  value: string;
}

/** One registered task definition revision. */
export interface TaskDefinitionRecord {
  arn: string;
  family: string;
  revision: number;
  status: 'ACTIVE' | 'INACTIVE';
  /** The RegisterTaskDefinition request with AWS's defaults filled in (tags removed). */
  body: Record<string, unknown>;
  compatibilities: string[];
  registeredAt: number;
  deregisteredAt?: number;
  tags: Tag[];
}

/** A cluster and everything placed in it. */
export interface ClusterRecord {
  name: string;
  arn: string;
  tags: Tag[];
  services: Map<string, ServiceRecord>;
  tasks: Map<string, TaskRecord>;
}

/** A service's load balancer entry as given to CreateService (target group resolved to an ARN). */
export interface LoadBalancerRecord {
  targetGroupArn: string;
  containerName: string;
  containerPort: number;
  loadBalancerName?: string;
  advancedConfiguration?: {
    alternateTargetGroupArn?: string;
    productionListenerRule?: string;
    testListenerRule?: string;
    roleArn?: string;
  };
}

/** The deploymentConfiguration fields the scheduler reads. */
export interface DeploymentConfigurationRecord {
  minimumHealthyPercent: number;
  maximumPercent: number;
  deploymentCircuitBreaker?: {
    enable: boolean;
    rollback: boolean;
    thresholdConfiguration?: { type: string; value: number };
  };
  strategy?: 'ROLLING' | 'BLUE_GREEN' | 'LINEAR' | 'CANARY';
  bakeTimeInMinutes?: number;
  [other: string]: unknown;
}

/** Native blue/green lifecycle stages, in order. */
export const LIFECYCLE_STAGES = [
  'RECONCILE_SERVICE',
  'PRE_SCALE_UP',
  'SCALE_UP',
  'POST_SCALE_UP',
  'TEST_TRAFFIC_SHIFT',
  'POST_TEST_TRAFFIC_SHIFT',
  'PRODUCTION_TRAFFIC_SHIFT',
  'POST_PRODUCTION_TRAFFIC_SHIFT',
  'BAKE_TIME',
  'CLEAN_UP',
] as const;

/** One native blue/green lifecycle stage. */
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** A service deployment status as ListServiceDeployments reports it. */
export type ServiceDeploymentStatus =
  | 'PENDING'
  | 'IN_PROGRESS'
  | 'SUCCESSFUL'
  | 'STOPPED'
  | 'STOP_REQUESTED'
  | 'ROLLBACK_REQUESTED'
  | 'ROLLBACK_IN_PROGRESS'
  | 'ROLLBACK_SUCCESSFUL'
  | 'ROLLBACK_FAILED';

/** A service deployment (the newer API): one per UpdateService that started a deployment. */
export interface ServiceDeploymentRecord {
  arn: string;
  createdAt: number;
  startedAt?: number;
  finishedAt?: number;
  stoppedAt?: number;
  updatedAt: number;
  status: ServiceDeploymentStatus;
  statusReason?: string;
  /** The classic deployment this service deployment rolls out (kept after it left the service). */
  targetDeploymentId: string;
  target: DeploymentRecord;
  /** Native blue/green: the stage reached last. */
  lifecycleStage?: LifecycleStage;
  /** Classic deployments that had tasks when it started, with their revisions. */
  sources: { deploymentId: string; revisionArn: string }[];
  deploymentConfiguration: DeploymentConfigurationRecord;
  /** The classic deployment created (or restored) to roll back, once a rollback started. */
  rollback?: { reason: string; startedAt: number; serviceRevisionArn: string; deploymentId: string };
  /** deploymentConfiguration.alarms, once an alarm failed the deployment. */
  alarms?: { status: 'TRIGGERED'; alarmNames: string[]; triggeredAlarmNames: string[] };
  circuitBreaker: {
    status: 'MONITORING' | 'TRIGGERED' | 'MONITORING_COMPLETE' | 'DISABLED';
    threshold: number;
  };
}

/** A classic deployment of a service (DescribeServices `deployments`). */
export interface DeploymentRecord {
  id: string;
  status: 'PRIMARY' | 'ACTIVE' | 'INACTIVE';
  taskDefinitionArn: string;
  revisionArn: string;
  desiredCount: number;
  failedTasks: number;
  createdAt: number;
  updatedAt: number;
  rolloutState: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  rolloutStateReason: string;
  /** The target group each load balancer entry registers this deployment's tasks in. */
  targetGroupArns: string[];
  /** Native blue/green: the current lifecycle stage and when it began. */
  stage?: LifecycleStage;
  stageStartedAt?: number;
  /** Native deployments: the production traffic share the new revision has, and when it last changed. */
  productionPercent?: number;
  lastShiftAt?: number;
  /** Set when this deployment exists to roll back (circuit breaker or StopServiceDeployment). */
  rollbackOf?: string;
  /** Rolling deployments with deploymentConfiguration.alarms: when the steady deployment began its bake. */
  alarmBakeStartedAt?: number;
  /** deploymentConfiguration.alarms that were already in ALARM when the deployment started: not watched. */
  alarmsIgnored?: string[];
}

/** A service. */
export interface ServiceRecord {
  name: string;
  arn: string;
  cluster: ClusterRecord;
  status: 'ACTIVE' | 'DRAINING' | 'INACTIVE';
  desiredCount: number;
  taskDefinitionArn: string;
  launchType?: string;
  capacityProviderStrategy?: Record<string, unknown>[];
  platformVersion?: string;
  loadBalancers: LoadBalancerRecord[];
  /** Native blue/green: per load balancer entry, the target group that takes production traffic now. */
  productionTargetGroupArns: string[];
  deploymentConfiguration: DeploymentConfigurationRecord;
  networkConfiguration?: Record<string, unknown>;
  healthCheckGracePeriodSeconds?: number;
  createdAt: number;
  tags: Tag[];
  /** Everything else from CreateService, echoed back by DescribeServices. */
  extra: Record<string, unknown>;
  events: { id: string; createdAt: number; message: string }[];
  deployments: DeploymentRecord[];
  serviceDeployments: ServiceDeploymentRecord[];
  /** The task definition of the last deployment that reached COMPLETED (the rollback target). */
  lastCompleted?: { deploymentId: string; taskDefinitionArn: string; revisionArn: string };
  revisionCounter: number;
  /** True once "has reached a steady state." was reported for the current state. */
  steady: boolean;
  reconcileScheduled: boolean;
}

/** The lifecycle states a task passes through. */
export type TaskStatus =
  | 'PROVISIONING'
  | 'PENDING'
  | 'ACTIVATING'
  | 'RUNNING'
  | 'DEACTIVATING'
  | 'STOPPING'
  | 'DEPROVISIONING'
  | 'STOPPED';

/** A registered load balancer target of a task. */
export interface TaskTargetRecord {
  targetGroupArn: string;
  id: string;
  port: number;
}

/** A task. */
export interface TaskRecord {
  arn: string;
  id: string;
  cluster: ClusterRecord;
  service?: ServiceRecord;
  deploymentId?: string;
  taskDefinition: TaskDefinitionRecord;
  lastStatus: TaskStatus;
  desiredStatus: 'RUNNING' | 'STOPPED';
  launchType: string;
  availabilityZone: string;
  createdAt: number;
  pullStartedAt?: number;
  pullStoppedAt?: number;
  startedAt?: number;
  stoppingAt?: number;
  executionStoppedAt?: number;
  stoppedAt?: number;
  stopCode?: string;
  stoppedReason?: string;
  /** True when the task stopped because it failed (counts toward the circuit breaker). */
  failed: boolean;
  containers: {
    arn: string;
    name: string;
    image: string;
    essential: boolean;
    lastStatus: string;
    exitCode?: number;
    reason?: string;
    behaviour: ImageBehaviour;
  }[];
  privateIp?: string;
  eniId?: string;
  targets: TaskTargetRecord[];
  /** Pending clock events, cancelled when the task stops. */
  timers: number[];
}
