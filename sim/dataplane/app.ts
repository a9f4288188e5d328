/**
 * The built-in app a RUNNING task serves on 127.0.0.1: one HTTP server per container port. Its answer
 * names the task definition revision and the task, and follows the container image's behaviour
 * (sim/behaviour.ts): `healthy` 200, `slow-start` 503 until warmed up, `never-healthy` 500, `flaky`
 * 500 with the behaviour's probability, `crash-loop` exits after `crashAfterRequests` requests (the
 * simulated clock ends it after `crashAfterMs`), `user-errors` answers `errorStatus` on `errorPercent`
 * of the requests outside its health path, `slow` answers those `latencyMs` real milliseconds late. `?sleep=<ms>` delays the answer by real milliseconds
 * (at most 60 s), so tests and benchmarks can keep requests in flight.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { healthPathOf, type ImageBehaviour } from '../behaviour.js';

/** What the app knows about the task and container it runs in. */
export interface TaskAppOptions {
  taskArn: string;
  taskId: string;
  /** `family:revision`. */
  taskDefinition: string;
  containerName: string;
  containerPort: number;
  privateIp: string;
  behaviour: ImageBehaviour;
  /** Simulated milliseconds since the task turned RUNNING. */
  runningForMs: () => number;
  /** True with probability percent/100 (the data plane's seeded PRNG). */
  chance: (percent: number) => boolean;
  /** The container exits on its own (crash after N requests). */
  onExit: (exitCode: number) => void;
}

const MAX_SLEEP_MS = 60_000;

/** The status the app answers with right now, by behaviour. */
export function behaviourStatus(
  behaviour: ImageBehaviour,
  context: { runningForMs: number; chance: (percent: number) => boolean; path?: string },
): number {
  switch (behaviour.kind) {
    case 'user-errors':
      if (context.path === healthPathOf(behaviour)) return 200;
      return context.chance(behaviour.errorPercent ?? 20) ? (behaviour.errorStatus ?? 500) : 200;
    case 'never-healthy':
      return 500;
    case 'slow-start':
      return context.runningForMs >= (behaviour.healthyAfterMs ?? 120_000) ? 200 : 503;
    case 'flaky':
      return context.chance(behaviour.failPercent ?? 30) ? 500 : 200;
    default:
      return 200;
  }
}

/** One container port of a running task, served over real HTTP. */
export class TaskApp {
  /** Requests received, by path (health checks included). */
  readonly requestsByPath = new Map<string, number>();
  private server: http.Server;
  private sockets = new Set<Socket>();
  private served = 0;
  private exited = false;
  private listening: Promise<number> | undefined;

  constructor(readonly options: TaskAppOptions) {
    this.server = http.createServer((request, response) => this.handle(request, response));
    // Longer than the proxy's idle timeout, so the proxy never reuses a socket the app is closing.
    this.server.keepAliveTimeout = 120_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on an ephemeral 127.0.0.1 port; resolves to the port. */
  listen(): Promise<number> {
    this.listening ??= new Promise<number>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => resolve((this.server.address() as AddressInfo).port));
    });
    return this.listening;
  }

  /** Total requests received. */
  get requests(): number {
    return [...this.requestsByPath.values()].reduce((sum, count) => sum + count, 0);
  }

  /** The container stops: no new connections, open ones are cut (a process that exits does not drain). */
  async close(): Promise<void> {
    this.exited = true;
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://app');
    this.requestsByPath.set(url.pathname, (this.requestsByPath.get(url.pathname) ?? 0) + 1);
    request.resume();
    const { behaviour } = this.options;
    const lag =
      behaviour.kind === 'slow' && url.pathname !== healthPathOf(behaviour)
        ? (behaviour.latencyMs ?? 200)
        : 0;
    const sleepMs = Math.min(
      MAX_SLEEP_MS,
      lag + Math.max(0, Number(url.searchParams.get('sleep') ?? 0) || 0),
    );
    const answer = () => {
      if (this.exited) return;
      const { options } = this;
      const status = behaviourStatus(options.behaviour, {
        runningForMs: options.runningForMs(),
        chance: options.chance,
        path: url.pathname,
      });
      const body = JSON.stringify({
        taskDefinition: options.taskDefinition,
        taskId: options.taskId,
        taskArn: options.taskArn,
        container: options.containerName,
        address: `${options.privateIp}:${options.containerPort}`,
        path: url.pathname,
        status,
      });
      response.writeHead(status, {
        'content-type': 'application/json',
        'x-sim-task-id': options.taskId,
        'x-sim-task-definition': options.taskDefinition,
      });
      response.end(body);
      this.served++;
      const limit =
        options.behaviour.kind === 'crash-loop' ? options.behaviour.crashAfterRequests : undefined;
      if (limit !== undefined && this.served >= limit && !this.exited) {
        this.exited = true;
        // The container exits after its last answer left: closing first would cut that answer off (a 502).
        const exit = () => setImmediate(() => options.onExit(options.behaviour.exitCode ?? 1));
        if (response.writableFinished) exit();
        else response.once('finish', exit);
      }
    };
    if (sleepMs > 0) setTimeout(answer, sleepMs);
    else answer();
  }
}
