/**
 * The simulated AWS account: one region, one account, three services sharing a clock,
 * a seeded PRNG, image behaviours and a timeline of notable state changes.
 */
import { BehaviourRegistry, type ImageBehaviour } from './behaviour.js';
import { CallLog } from './calllog.js';
import { SimClock } from './clock.js';
import { DataPlane, type DataPlaneOptions } from './dataplane/index.js';
import { EcrModel, type EcrSeed } from './ecr/model.js';
import { EcsModel, type EcsSeed } from './ecs/model.js';
import { ElbModel, type ElbSeed } from './elbv2/model.js';
import { FaultInjector } from './faults.js';
import { Prng } from './prng.js';

/** Everything a world can be seeded with (`POST /_sim/seed`). Sections are documented in sim/README.md. */
export interface WorldSeed extends EcsSeed, ElbSeed, EcrSeed {
  behaviours?: Record<string, ImageBehaviour>;
}

/** A notable state change, for tests and benchmarks (e.g. when a target turned healthy). */
export interface TimelineEvent {
  /** Simulated time, epoch ms. */
  time: number;
  type: string;
  [detail: string]: unknown;
}

/** Context handed to every operation handler. */
export interface CallContext {
  requestId: string;
  /** Simulated time of the request, epoch ms. */
  now: number;
}

/** An operation handler: request parameters in, response object out (Dates allowed), or a thrown SimError. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Handler = (params: any, context: CallContext) => unknown;

/** The options a world is created with. */
export interface WorldOptions {
  timeScale?: number;
  seed?: number;
  region?: string;
  accountId?: string;
  /** Real HTTP for tasks, health checks and listeners (sim/dataplane); off by default. */
  dataPlane?: boolean | DataPlaneOptions;
}

/** The simulated account. */
export class World {
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
  /** Present when the world was created with `dataPlane`. */
  readonly dataPlane?: DataPlane;

  constructor(options: WorldOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = new SimClock({ scale: options.timeScale ?? 1 });
    this.rng = new Prng(options.seed ?? 42);
    this.elb = new ElbModel(this);
    this.ecr = new EcrModel(this);
    this.ecs = new EcsModel(this);
    if (options.dataPlane) {
      const settings = typeof options.dataPlane === 'object' ? options.dataPlane : {};
      this.dataPlane = new DataPlane(this, { seed: options.seed, ...settings });
    }
  }

  /** Adds a timeline event stamped with the current simulated time. */
  record(type: string, detail: Record<string, unknown> = {}): void {
    this.timeline.push({ time: this.clock.now(), type, ...detail });
  }

  /** Seeds load balancing first, then registries, then ECS (whose services register targets). */
  seed(seed: WorldSeed): void {
    if (seed.behaviours) this.behaviours.set(seed.behaviours);
    this.elb.seed(seed);
    this.ecr.seed(seed);
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
