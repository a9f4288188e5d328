/**
 * The simulated AWS account: one region, one account, four services sharing a clock,
 * a seeded PRNG, image behaviours and a timeline of notable state changes.
 */
import { BehaviourRegistry, type ImageBehaviour } from './behaviour.js';
import { CallLog } from './calllog.js';
import { CloudWatchModel } from './cloudwatch/model.js';
import type { CloudWatchSeed, LoadBalancerNames } from './cloudwatch/seed.js';
import { SimClock } from './clock.js';
import { DataPlane, type DataPlaneOptions } from './dataplane/index.js';
import { EcrModel } from './ecr/model.js';
import type { EcrSeed } from './ecr/seed.js';
import { EcsModel } from './ecs/model.js';
import type { EcsSeed } from './ecs/seed.js';
import type { TaskRuntime } from './ecs/task-runtime.js';
import { ElbModel } from './elbv2/model.js';
import type { ElbSeed } from './elbv2/types.js';
import { FaultInjector } from './faults.js';
import type { ModelContext } from './model-context.js';
import { Prng } from './prng.js';
import type { Handlers } from './protocol/handler.js';
import type { ServiceName } from './protocol/wire.js';

/** Everything a world can be seeded with (`POST /_sim/seed`). Sections are documented in sim/README.md. */
export interface WorldSeed extends EcsSeed, ElbSeed, EcrSeed, CloudWatchSeed {
  behaviours?: Record<string, ImageBehaviour>;
}

/** A notable state change, for tests and benchmarks (e.g. when a target turned healthy). */
export interface TimelineEvent {
  /** Simulated time, epoch ms. */
  time: number;
  type: string;
  [detail: string]: unknown;
}

/** The options a world is created with. */
export interface WorldOptions {
  timeScale?: number;
  seed?: number;
  region?: string;
  accountId?: string;
  /** Real HTTP for tasks, health checks and listeners (sim/dataplane); off by default. */
  dataPlane?: boolean | DataPlaneOptions;
}

/**
 * The simulated account. It owns the models and wires them through narrow interfaces: each model gets
 * this world as its ModelContext only; ECS gets ELBv2 as LoadBalancing, a TaskRuntime and CloudWatch as
 * AlarmStates; ELBv2 gets the data plane's real health checks when there is one, and CloudWatch gets the
 * data plane's served requests as a MetricSink.
 */
export class World implements ModelContext {
  readonly region: string;
  readonly accountId: string;
  readonly clock: SimClock;
  readonly rng: Prng;
  readonly behaviours = new BehaviourRegistry();
  readonly faults = new FaultInjector();
  readonly log = new CallLog();
  readonly timeline: TimelineEvent[] = [];
  readonly elb: ElbModel;
  readonly ecr: EcrModel;
  readonly ecs: EcsModel;
  readonly cloudwatch: CloudWatchModel;
  /** Present when the world was created with `dataPlane`. */
  readonly dataPlane?: DataPlane;

  constructor(options: WorldOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = new SimClock({ scale: options.timeScale ?? 1 });
    this.rng = new Prng(options.seed ?? 42);
    this.elb = new ElbModel(this);
    this.ecr = new EcrModel(this);
    this.cloudwatch = new CloudWatchModel(this, this.loadBalancerNames());
    this.ecs = new EcsModel({
      sim: this,
      elb: this.elb,
      runtime: this.taskRuntime(),
      alarms: this.cloudwatch,
    });
    if (options.dataPlane) {
      const settings = typeof options.dataPlane === 'object' ? options.dataPlane : {};
      this.dataPlane = new DataPlane(this, this.elb, { seed: options.seed, ...settings });
      this.elb.useHealthChecks(this.dataPlane);
      this.dataPlane.useMetrics(this.cloudwatch);
    }
  }

  /** The operation handlers of one service, for the server to dispatch to. */
  handlersOf(service: ServiceName): Handlers {
    const models = { ecs: this.ecs, ecr: this.ecr, elbv2: this.elb, cloudwatch: this.cloudwatch };
    return models[service].handlers;
  }

  /** Image behaviours from the registry; real task servers when the data plane is on. */
  private taskRuntime(): TaskRuntime {
    return {
      behaviourOf: (image) => this.behaviours.lookup(image),
      startTask: (task, hooks) => this.dataPlane?.startTask(task, hooks),
      stopTask: (taskArn) => this.dataPlane?.stopTask(taskArn),
    };
  }

  /** ELBv2's load balancers and target groups by name, for CloudWatch seeds. */
  private loadBalancerNames(): LoadBalancerNames {
    return {
      loadBalancerArn: (name) => this.elb.store.loadBalancerNamed(name)?.arn,
      targetGroup: (name) => this.elb.findTargetGroup(name),
    };
  }

  /** Adds a timeline event stamped with the current simulated time. */
  record(type: string, detail: Record<string, unknown> = {}): void {
    this.timeline.push({ time: this.clock.now(), type, ...detail });
  }

  /**
   * Seeds load balancing first, then registries, then alarms (which may name load balancers), then ECS
   * (whose services register targets and may name alarms).
   */
  seed(seed: WorldSeed): void {
    if (seed.behaviours) this.behaviours.set(seed.behaviours);
    this.elb.seed(seed);
    this.ecr.seed(seed);
    this.cloudwatch.seed(seed);
    this.ecs.seed(seed);
    this.dataPlane?.syncListeners();
  }

  /** A plain-data picture of every resource. */
  snapshot(): Record<string, unknown> {
    return {
      region: this.region,
      accountId: this.accountId,
      now: this.clock.now(),
      timeScale: this.clock.getScale(),
      ecs: this.ecs.snapshot(),
      elbv2: this.elb.snapshot(),
      ecr: this.ecr.snapshot(),
      cloudwatch: this.cloudwatch.snapshot(),
      behaviours: this.behaviours.all(),
      dataPlane: this.dataPlane?.snapshot(),
    };
  }

  /** Stops the clock; the world is not used afterwards. */
  stop(): void {
    this.clock.stop();
    this.ecr.stop?.();
    void this.dataPlane?.stop();
  }

  /** The ARN prefix for a service in this account and region. */
  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.accountId}:${resource}`;
  }
}
