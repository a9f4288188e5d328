/**
 * The simulator's data plane (opt-in: `startSimulator({dataPlane: true})`): every RUNNING task serves
 * real HTTP on 127.0.0.1 (app.ts), health checks are real HTTP requests (health-check.ts), and every
 * HTTP/HTTPS listener is a real reverse proxy on an ephemeral 127.0.0.1 port (proxy.ts, router.ts).
 * Targets are addressed by their simulated private IP in the ELBv2 model; the data plane maps
 * `ip:port` to the real port. See sim/dataplane/README.md.
 */
import http from 'node:http';
import type { TaskRecord } from '../ecs/records.js';
import type { TaskHooks } from '../ecs/task-runtime.js';
import type { ElbModel } from '../elbv2/model.js';
import type { HealthCheckFailureReason, TargetHealthChecks, TaskTarget } from '../elbv2/types.js';
import type { ModelContext } from '../model-context.js';
import { Prng } from '../prng.js';
import { TaskApp } from './app.js';
import { httpHealthCheck } from './health-check.js';
import { InflightRequests, targetKey } from './inflight.js';
import type { MetricSink } from './metric-sink.js';
import { ListenerProxy, type ProxyAnswer, type ProxyBackend } from './proxy.js';
import { Router } from './router.js';
import type { RoutedRequest } from './rules.js';

/** Data plane settings; durations are real milliseconds. */
export interface DataPlaneOptions {
  /** Seed of the data plane's own PRNG (weighted routing, flaky answers); default the world's seed. */
  seed?: number;
  /**
   * A health check waits at least this long (default 3000) before it counts as Target.Timeout: real
   * requests need real time, even when simulated time runs 200 times faster.
   */
  healthCheckTimeoutFloorMs?: number;
  /** A target silent this long gets a 504 (ALB's idle timeout, default 60000). */
  idleTimeoutMs?: number;
}

export type { TaskHooks } from '../ecs/task-runtime.js';

interface AppEntry {
  app: TaskApp;
  taskArn: string;
  ready: Promise<number | undefined>;
  agent: http.Agent;
}

/** A listener's proxy as the snapshot shows it. */
export interface ListenerEndpoint {
  listenerArn: string;
  loadBalancer: string;
  /** The listener's port in the ELBv2 model (e.g. 80). */
  port: number;
  protocol: string;
  /** `http://127.0.0.1:<real port>`, once listening. */
  url?: string;
  requests: number;
  /** Answers the load balancer generated itself (502, 503, 504). */
  errors: number;
}

/** Real HTTP servers for tasks and listeners of one world. */
export class DataPlane implements ProxyBackend, TargetHealthChecks {
  private readonly apps = new Map<string, AppEntry>();
  private readonly proxies = new Map<string, ListenerProxy>();
  private readonly inflight = new InflightRequests();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly lastFailure = new Map<string, HealthCheckFailureReason>();
  private readonly rng: Prng;
  private readonly router: Router;
  private stopping: Promise<void> | undefined;
  private metrics: MetricSink | undefined;

  constructor(
    private readonly sim: ModelContext,
    private readonly elb: ElbModel,
    private readonly options: DataPlaneOptions = {},
  ) {
    this.rng = new Prng(((options.seed ?? 42) ^ 0x5eed) >>> 0);
    this.router = new Router({ elb, rng: this.rng });
    elb.onHealthChange((change) => {
      // ALB closes the connections of a target once its deregistration delay is over.
      if (change.to !== 'removed') return;
      const cut = this.inflight.cutAll(targetKey(change.targetGroupArn, change.id, change.port));
      if (cut > 0) {
        const { targetGroupArn, id, port } = change;
        sim.record('dataplane-cut', { targetGroupArn, id, port, requests: cut });
      }
    });
  }

  /** Where served requests are reported (the load balancer's CloudWatch metrics). */
  useMetrics(sink: MetricSink): void {
    this.metrics = sink;
  }

  // ---- hooks for the ECS model ----

  /** A task turned RUNNING: one app per container port (awsvpc tasks only: they have a private IP). */
  startTask(task: TaskRecord, hooks: TaskHooks): void {
    if (this.stopping || !task.privateIp) return;
    const privateIp = task.privateIp;
    const definitions = (task.taskDefinition.body.containerDefinitions ?? []) as {
      name?: string;
      portMappings?: { containerPort?: number }[];
    }[];
    for (const container of task.containers) {
      const definition = definitions.find((candidate) => candidate.name === container.name);
      for (const mapping of definition?.portMappings ?? []) {
        if (mapping.containerPort === undefined) continue;
        const address = `${privateIp}:${mapping.containerPort}`;
        if (this.apps.has(address)) continue;
        const app = new TaskApp({
          taskArn: task.arn,
          taskId: task.id,
          taskDefinition: `${task.taskDefinition.family}:${task.taskDefinition.revision}`,
          containerName: container.name,
          containerPort: mapping.containerPort,
          privateIp,
          behaviour: container.behaviour,
          runningForMs: () => this.sim.clock.now() - (task.startedAt ?? this.sim.clock.now()),
          chance: (percent) => this.rng.chance(percent),
          onExit: (exitCode) => this.sim.clock.after(0, () => hooks.exit(container.name, exitCode)),
        });
        const ready = this.watch(app.listen().catch(() => undefined));
        this.apps.set(address, { app, taskArn: task.arn, ready, agent: new http.Agent({ keepAlive: true }) });
      }
    }
  }

  /** A task is stopping (SIGTERM after draining, or its container exited): its apps close at once. */
  stopTask(taskArn: string): void {
    for (const [address, entry] of this.apps) {
      if (entry.taskArn !== taskArn) continue;
      this.apps.delete(address);
      this.watch(entry.app.close().finally(() => entry.agent.destroy()));
    }
  }

  // ---- hooks for the ELBv2 model ----

  /**
   * A task's target whose health checks are real HTTP GETs of the target group's path and port; targets
   * that no app serves (tasks without a private IP) keep the model's probe.
   */
  healthCheckedTarget(targetGroupArn: string, target: TaskTarget): TaskTarget {
    if (![...this.apps.keys()].some((address) => address.startsWith(`${target.id}:`))) return target;
    const key = targetKey(targetGroupArn, target.id, target.port);
    return {
      ...target,
      probe: async () => {
        const group = this.elb.store.targetGroups.get(targetGroupArn);
        if (!group) return false;
        const check = group.healthCheck;
        const port = check.port === 'traffic-port' ? target.port : Number(check.port);
        const result = await httpHealthCheck({
          port: await this.realPort(target.id, port),
          path: check.path ?? '/',
          matcher: check.matcher?.HttpCode ?? '200',
          host: `${target.id}:${port}`,
          timeoutMs: Math.max(
            (check.timeoutSeconds * 1000) / this.sim.clock.getScale(),
            this.timeoutFloorMs(),
          ),
        });
        if (result.passed) this.lastFailure.delete(key);
        else this.lastFailure.set(key, result.reason);
        return result.passed;
      },
      failureReason: () => this.lastFailure.get(key) ?? 'Target.FailedHealthChecks',
    };
  }

  /** Simulated milliseconds the health tracker waits at least for an HTTP check (the real floor, scaled). */
  probeTimeoutFloorMs(): number {
    return this.timeoutFloorMs() * this.sim.clock.getScale();
  }

  // ---- listeners ----

  /** Starts a proxy for every HTTP/HTTPS listener that has none (listeners come from seeds). */
  syncListeners(): void {
    if (this.stopping) return;
    for (const listener of this.elb.store.listeners.values()) {
      if (this.proxies.has(listener.arn) || !['HTTP', 'HTTPS'].includes(listener.protocol)) continue;
      const proxy = new ListenerProxy({
        listenerArn: listener.arn,
        listenerPort: () => this.elb.store.listeners.get(listener.arn)?.port ?? listener.port,
        backend: this,
        idleTimeoutMs: this.options.idleTimeoutMs ?? 60_000,
      });
      this.proxies.set(listener.arn, proxy);
      this.watch(proxy.listen());
    }
  }

  /** Resolves once every server started so far listens. */
  async ready(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** The proxy URL of a load balancer's listener (by load balancer name and listener port). */
  listenerUrl(loadBalancerName: string, port: number): string | undefined {
    return this.listeners().find(
      (listener) => listener.loadBalancer === loadBalancerName && listener.port === port,
    )?.url;
  }

  /** Every proxied listener. */
  listeners(): ListenerEndpoint[] {
    const { store } = this.elb;
    return [...this.proxies].flatMap(([arn, proxy]) => {
      const listener = store.listeners.get(arn);
      if (!listener) return [];
      return [
        {
          listenerArn: arn,
          loadBalancer: store.loadBalancers.get(listener.loadBalancerArn)?.name ?? '',
          port: listener.port,
          protocol: listener.protocol,
          url: proxy.port === undefined ? undefined : `http://127.0.0.1:${proxy.port}`,
          requests: proxy.stats.requests,
          errors: proxy.stats.errors,
        },
      ];
    });
  }

  /** Plain data for /_sim/state and /_sim/dataplane. */
  snapshot(): Record<string, unknown> {
    return {
      listeners: this.listeners(),
      tasks: [...this.apps].map(([address, entry]) => ({
        taskArn: entry.taskArn,
        address,
        requests: entry.app.requests,
        requestsByPath: Object.fromEntries(entry.app.requestsByPath),
      })),
    };
  }

  /** The app serving `ip:port`, if a running task serves it. */
  app(id: string, port: number): TaskApp | undefined {
    return this.apps.get(`${id}:${port}`)?.app;
  }

  /** Closes every proxy and app (idempotent). */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await Promise.allSettled([...this.pending]);
      const closing = [
        ...[...this.proxies.values()].map((proxy) => proxy.close()),
        ...[...this.apps.values()].map((entry) => entry.app.close().finally(() => entry.agent.destroy())),
      ];
      this.proxies.clear();
      this.apps.clear();
      await Promise.allSettled(closing);
    })();
    return this.stopping;
  }

  // ---- ProxyBackend ----

  /** Routing decision for one request (see router.ts). */
  route(listenerArn: string, request: RoutedRequest) {
    return this.router.route(listenerArn, request);
  }

  /** The real port of a target's app, or undefined when no running task serves the address. */
  async realPort(id: string, port: number): Promise<number | undefined> {
    return this.apps.get(`${id}:${port}`)?.ready;
  }

  /** The keep-alive agent for a target's app. */
  agentFor(id: string, port: number): http.Agent {
    return this.apps.get(`${id}:${port}`)?.agent ?? new http.Agent({ keepAlive: false });
  }

  /** Registers an in-flight request to a target; returns its unregister function. */
  track(key: string, cut: () => void): () => void {
    return this.inflight.track(key, cut);
  }

  /** Reports one answer of a listener to the metric sink, stamped with the simulated time. */
  served(listenerArn: string, answer: ProxyAnswer): void {
    const loadBalancerArn = this.elb.store.listeners.get(listenerArn)?.loadBalancerArn;
    if (!loadBalancerArn || !this.metrics) return;
    this.metrics.served({ ...answer, loadBalancerArn, time: this.sim.clock.now() });
  }

  /** Requests in flight to a target right now. */
  inflightCount(targetGroupArn: string, id: string, port: number): number {
    return this.inflight.count(targetKey(targetGroupArn, id, port));
  }

  private timeoutFloorMs(): number {
    return this.options.healthCheckTimeoutFloorMs ?? 3000;
  }

  private watch<T>(promise: Promise<T>): Promise<T> {
    this.pending.add(promise);
    void promise.finally(() => this.pending.delete(promise)).catch(() => undefined);
    return promise;
  }
}
