/**
 * A bounded HTTP load generator for the data plane: loopback only, a fixed number of concurrent workers
 * over keep-alive connections, and two hard bounds (request count and real time) after which it stops
 * by itself. Each request is labelled with the phase current when it started (before, during, after ...).
 */
import http from 'node:http';
import { summarise, type LoadReport, type LoadSample } from './report.js';

/** Options for startLoad. */
export interface LoadOptions {
  /** `http://127.0.0.1:<port>/path`; other hosts are refused. */
  url: string;
  /** Requests in flight at once (default 8). */
  concurrency?: number;
  /** Hard bound: never more requests than this. */
  maxRequests: number;
  /** Hard bound: stops after this many real milliseconds. */
  maxDurationMs: number;
  /** The phase a request belongs to, read when it starts (default `load`). */
  phase?: () => string;
  /** A request with no answer after this many real ms counts as a connection error (default 10000). */
  requestTimeoutMs?: number;
  headers?: Record<string, string>;
}

/** A running load. */
export interface LoadRun {
  /** Resolves when a bound is reached or stop() was called and every request has finished. */
  readonly done: Promise<LoadReport>;
  /** Stops starting requests; resolves with the report once the ones in flight finish. */
  stop(): Promise<LoadReport>;
  /** Requests finished so far. */
  completed(): number;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Starts load against a loopback URL; throws on any other host or on missing bounds. */
export function startLoad(options: LoadOptions): LoadRun {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' || !LOOPBACK.has(url.hostname)) {
    throw new Error(`load generator targets loopback http only, got ${options.url}`);
  }
  if (!(options.maxRequests > 0) || !(options.maxDurationMs > 0)) {
    throw new Error('load generator needs positive maxRequests and maxDurationMs');
  }
  const concurrency = Math.max(1, Math.min(options.concurrency ?? 8, options.maxRequests));
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const samples: LoadSample[] = [];
  const startedAt = Date.now();
  let started = 0;
  let stopReason: LoadReport['stoppedBy'] | undefined;
  const deadline = setTimeout(() => (stopReason ??= 'time'), options.maxDurationMs);

  const nextAllowed = (): boolean => {
    if (stopReason) return false;
    if (started >= options.maxRequests) {
      stopReason = 'requests';
      return false;
    }
    return true;
  };

  const one = () =>
    new Promise<LoadSample>((resolve) => {
      const phase = options.phase?.() ?? 'load';
      const begin = performance.now();
      const finish = (sample: Omit<LoadSample, 'phase' | 'latencyMs'>) =>
        resolve({ phase, latencyMs: performance.now() - begin, ...sample });
      const request = http.get(url, { agent, headers: options.headers }, (response) => {
        const status = response.statusCode ?? 0;
        const servedBy = response.headers['x-sim-task-definition'];
        response.resume();
        response.on('end', () =>
          finish({
            outcome: status >= 200 && status < 300 ? 'ok' : 'non-2xx',
            status,
            servedBy: typeof servedBy === 'string' ? servedBy : undefined,
          }),
        );
        response.on('error', () => finish({ outcome: 'connection-error', status }));
        response.on('aborted', () => finish({ outcome: 'connection-error', status }));
      });
      request.setTimeout(options.requestTimeoutMs ?? 10_000, () => request.destroy(new Error('timeout')));
      request.on('error', () => finish({ outcome: 'connection-error' }));
    });

  const worker = async () => {
    while (nextAllowed()) {
      started++;
      samples.push(await one());
    }
  };

  const done = Promise.all(Array.from({ length: concurrency }, worker)).then(() => {
    clearTimeout(deadline);
    agent.destroy();
    return summarise(samples, {
      stoppedBy: stopReason ?? 'requests',
      durationMs: Date.now() - startedAt,
    });
  });
  return {
    done,
    stop() {
      stopReason ??= 'stop';
      return done;
    },
    completed: () => samples.length,
  };
}
