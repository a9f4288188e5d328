/** The bounded load generator: loopback only, stops by itself at its request or time bound, counts failures. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, test } from '@jest/globals';
import { startLoad } from '../../sim/load/generator.js';
import { failures, percentile } from '../../sim/load/report.js';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A local server; `answer(n)` decides what request number n gets. */
async function serve(answer: (n: number, response: http.ServerResponse) => void): Promise<string> {
  let count = 0;
  server = http.createServer((request, response) => {
    request.resume();
    answer(++count, response);
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

test('refuses anything but loopback http, and unbounded runs', () => {
  expect(() => startLoad({ url: 'http://example.com/', maxRequests: 1, maxDurationMs: 1 })).toThrow(
    /loopback/,
  );
  expect(() => startLoad({ url: 'https://127.0.0.1/', maxRequests: 1, maxDurationMs: 1 })).toThrow(
    /loopback/,
  );
  expect(() => startLoad({ url: 'http://127.0.0.1:1/', maxRequests: 0, maxDurationMs: 1000 })).toThrow(
    /maxRequests/,
  );
});

test('stops by itself after exactly maxRequests', async () => {
  const url = await serve((_, response) => response.end('ok'));
  const report = await startLoad({ url, maxRequests: 57, maxDurationMs: 60_000, concurrency: 4 }).done;
  expect(report.stoppedBy).toBe('requests');
  expect(report.total).toMatchObject({ requests: 57, ok: 57, non2xx: 0, connectionErrors: 0 });
});

test('stops by itself at the time bound', async () => {
  const url = await serve((_, response) => setTimeout(() => response.end('slow'), 50));
  const started = Date.now();
  const report = await startLoad({ url, maxRequests: 1_000_000, maxDurationMs: 400, concurrency: 2 }).done;
  expect(report.stoppedBy).toBe('time');
  expect(report.total.requests).toBeGreaterThan(0);
  expect(report.total.requests).toBeLessThan(1_000_000);
  // Requests in flight at the bound still finish; nothing new starts after it.
  expect(Date.now() - started).toBeLessThan(30_000);
});

test('counts non-2xx answers and connection errors per phase, with latency percentiles', async () => {
  const url = await serve((n, response) => {
    if (n % 5 === 0) return response.socket?.destroy();
    response.writeHead(n % 3 === 0 ? 503 : 200);
    // A few real milliseconds per answer, so the phase switch lands mid-run.
    setTimeout(() => response.end(), 3);
  });
  let phase = 'before';
  const run = startLoad({ url, maxRequests: 60, maxDurationMs: 60_000, concurrency: 1, phase: () => phase });
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      if (run.completed() >= 30) {
        phase = 'after';
        clearInterval(timer);
        resolve();
      }
    }, 1);
  });
  const report = await run.done;
  expect(report.phases.map((figures) => figures.phase)).toEqual(['before', 'after']);
  expect(report.total.requests).toBe(60);
  expect(report.total.connectionErrors).toBeGreaterThanOrEqual(10);
  expect(report.total.non2xx).toBeGreaterThanOrEqual(10);
  expect(report.total.statuses).toEqual({ '503': report.total.non2xx });
  expect(failures(report.total)).toBe(report.total.non2xx + report.total.connectionErrors);
  expect(report.total.p99Ms).toBeGreaterThanOrEqual(report.total.p50Ms);
});

test('stop() ends a run early', async () => {
  const url = await serve((_, response) => setTimeout(() => response.end(), 5));
  const run = startLoad({ url, maxRequests: 1_000_000, maxDurationMs: 60_000 });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const report = await run.stop();
  expect(report.stoppedBy).toBe('stop');
  expect(report.total.requests).toBeGreaterThan(0);
});

test('percentile is nearest-rank', () => {
  expect(percentile([], 50)).toBe(0);
  expect(percentile([1, 2, 3, 4], 50)).toBe(2);
  expect(percentile([1, 2, 3, 4], 99)).toBe(4);
  expect(percentile([7], 1)).toBe(7);
});
