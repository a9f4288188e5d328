/** The ECS model's shared state and lookups: clusters, task definitions, ids and ARNs. */
import { SimError } from '../errors.js';
import { Prng } from '../prng.js';
import type { ModelContext } from '../model-context.js';
import type { AlarmStates } from './alarm-states.js';
import type { LoadBalancing } from './load-balancing.js';
import type { ClusterRecord, ServiceRecord, TaskDefinitionRecord, TaskRecord } from './records.js';
import type { TaskRuntime } from './task-runtime.js';

/** What the ECS model is built on: the account context, ELBv2 as far as ECS uses it, and the task runtime. */
export interface EcsDependencies {
  sim: ModelContext;
  elb: LoadBalancing;
  runtime: TaskRuntime;
  /** CloudWatch alarms, for deploymentConfiguration.alarms (none: every alarm is unknown). */
  alarms?: AlarmStates;
}

/** Errors as ECS names them. */
export const ecsError = {
  client: (message: string) => new SimError('ClientException', message),
  invalid: (message: string) => new SimError('InvalidParameterException', message),
  clusterNotFound: () => new SimError('ClusterNotFoundException', 'Cluster not found.'),
  serviceNotFound: () => new SimError('ServiceNotFoundException', 'Service not found.'),
  serviceNotActive: () => new SimError('ServiceNotActiveException', 'Service was not ACTIVE.'),
};

/** Everything the ECS handlers and the scheduler share. */
export class EcsState {
  readonly clusters = new Map<string, ClusterRecord>();
  readonly families = new Map<string, TaskDefinitionRecord[]>();
  /** Targets by `targetGroupArn|id|port`, so health changes find their task. */
  readonly tasksByTarget = new Map<string, TaskRecord>();
  /** Called (through the clock) when a service's tasks or targets changed; set by the model. */
  reconcile: (service: ServiceRecord) => void = () => {};
  /**
   * The model's own generator (seeded from the world's), so that ids, zones and flaky health checks do not
   * shift the world's fault-injection sequence.
   */
  readonly rng: Prng;
  private ipCounter = 10;

  readonly sim: ModelContext;
  readonly elb: LoadBalancing;
  readonly runtime: TaskRuntime;
  readonly alarms?: AlarmStates;

  constructor(dependencies: EcsDependencies) {
    this.sim = dependencies.sim;
    this.elb = dependencies.elb;
    this.runtime = dependencies.runtime;
    this.alarms = dependencies.alarms;
    this.rng = new Prng(this.sim.rng.int(2 ** 31));
  }

  /** A `arn:aws:ecs:<region>:<account>:<resource>` ARN. */
  arn(resource: string): string {
    return this.sim.arn('ecs', resource);
  }

  /** A lowercase hex id of `length` characters from the world's PRNG (repeatable per seed). */
  hexId(length = 32): string {
    return this.rng.hex(length);
  }

  /** A numeric id like the ones in `ecs-svc/1234567890123456789`. */
  digits(length = 19): string {
    let out = String(1 + this.rng.int(9));
    while (out.length < length) out += String(this.rng.int(10));
    return out;
  }

  /** The next private IPv4 address in 10.0.0.0/16. */
  nextPrivateIp(): string {
    const n = this.ipCounter++;
    return `10.0.${Math.floor(n / 250) % 250}.${(n % 250) + 2}`;
  }

  /** Creates a cluster (idempotent, like CreateCluster). */
  ensureCluster(name: string): ClusterRecord {
    let cluster = this.clusters.get(name);
    if (!cluster) {
      cluster = {
        name,
        arn: this.arn(`cluster/${name}`),
        tags: [],
        services: new Map(),
        tasks: new Map(),
      };
      this.clusters.set(name, cluster);
    }
    return cluster;
  }

  /** A cluster by name or ARN (default `default`); throws ClusterNotFoundException. */
  cluster(nameOrArn: unknown): ClusterRecord {
    const reference = typeof nameOrArn === 'string' && nameOrArn !== '' ? nameOrArn : 'default';
    const name = reference.startsWith('arn:') ? reference.slice(reference.indexOf('/') + 1) : reference;
    const cluster = this.clusters.get(name);
    if (!cluster) throw ecsError.clusterNotFound();
    return cluster;
  }

  /** A service by name or ARN in a cluster, whatever its status, or undefined. */
  findService(cluster: ClusterRecord, nameOrArn: string): ServiceRecord | undefined {
    const name = nameOrArn.startsWith('arn:') ? nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1) : nameOrArn;
    return cluster.services.get(name);
  }

  /** An ACTIVE service; throws ServiceNotFoundException or ServiceNotActiveException. */
  activeService(cluster: ClusterRecord, nameOrArn: unknown): ServiceRecord {
    if (typeof nameOrArn !== 'string' || nameOrArn === '')
      throw ecsError.invalid('service must be specified.');
    const service = this.findService(cluster, nameOrArn);
    if (!service || service.status === 'INACTIVE') throw ecsError.serviceNotFound();
    if (service.status !== 'ACTIVE') throw ecsError.serviceNotActive();
    return service;
  }

  /**
   * A task definition by family (latest ACTIVE revision), family:revision or ARN, or undefined.
   * Inactive revisions are found only by explicit revision, as in AWS.
   */
  findTaskDefinition(reference: string): TaskDefinitionRecord | undefined {
    const name = reference.startsWith('arn:') ? reference.slice(reference.indexOf('/') + 1) : reference;
    const colon = name.lastIndexOf(':');
    if (colon < 0) {
      const revisions = this.families.get(name) ?? [];
      return [...revisions].reverse().find((revision) => revision.status === 'ACTIVE');
    }
    const revisionNumber = Number(name.slice(colon + 1));
    return (this.families.get(name.slice(0, colon)) ?? []).find(
      (revision) => revision.revision === revisionNumber,
    );
  }

  /** Asks for a reconcile of the service soon (once, however often it is asked). */
  scheduleReconcile(service: ServiceRecord, delayMs = 0): void {
    if (delayMs > 0) {
      this.sim.clock.after(delayMs, () => this.scheduleReconcile(service));
      return;
    }
    if (service.reconcileScheduled) return;
    service.reconcileScheduled = true;
    this.sim.clock.after(0, () => {
      service.reconcileScheduled = false;
      this.reconcile(service);
    });
  }

  /** Adds a service event (newest first, at most 100 kept, like DescribeServices shows them). */
  serviceEvent(service: ServiceRecord, message: string): void {
    service.events.unshift({
      id: `${this.hexId(8)}-${this.hexId(4)}-${this.hexId(4)}-${this.hexId(4)}-${this.hexId(12)}`,
      createdAt: this.sim.clock.now(),
      message: `(service ${service.name}) ${message}`,
    });
    if (service.events.length > 100) service.events.length = 100;
  }
}
