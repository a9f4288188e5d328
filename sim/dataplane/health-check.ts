/**
 * A load balancer health check as a real HTTP request: GET the health-check path on the target's real
 * 127.0.0.1 port, a fresh connection each time (as ALB opens one per check), and compare the status with
 * the target group's matcher.
 */
import http from 'node:http';
import type { HealthCheckFailureReason } from '../elbv2/types.js';

/** The outcome of one check. */
export type HealthCheckResult = { passed: true } | { passed: false; reason: HealthCheckFailureReason };

/** Options for httpHealthCheck. */
export interface HttpHealthCheckOptions {
  /** The real port on 127.0.0.1, or undefined when nothing listens for the target. */
  port: number | undefined;
  path: string;
  /** The matcher's HttpCode: `200`, `200,202` or `200-299`. */
  matcher: string;
  /** The Host header the load balancer sends: the target's address. */
  host: string;
  /** Real milliseconds before the check counts as Target.Timeout. */
  timeoutMs: number;
}

/** True when `status` is one of the matcher's codes (`200`, `200,202`, `200-299`). */
export function matchesHttpCode(matcher: string, status: number): boolean {
  return matcher.split(',').some((part) => {
    const [low, high] = part.trim().split('-').map(Number);
    return high === undefined ? status === low : status >= low && status <= high;
  });
}

/** Runs one health check; never rejects. */
export function httpHealthCheck(options: HttpHealthCheckOptions): Promise<HealthCheckResult> {
  if (options.port === undefined)
    return Promise.resolve({ passed: false, reason: 'Target.FailedHealthChecks' });
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: HealthCheckResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      request.destroy();
      resolve(result);
    };
    const request = http.get(
      {
        host: '127.0.0.1',
        port: options.port,
        path: options.path,
        agent: false,
        headers: { host: options.host, 'user-agent': 'ELB-HealthChecker/2.0', connection: 'close' },
      },
      (response) => {
        response.resume();
        settle(
          matchesHttpCode(options.matcher, response.statusCode ?? 0)
            ? { passed: true }
            : { passed: false, reason: 'Target.ResponseCodeMismatch' },
        );
      },
    );
    request.on('error', () => settle({ passed: false, reason: 'Target.FailedHealthChecks' }));
    const timer = setTimeout(() => settle({ passed: false, reason: 'Target.Timeout' }), options.timeoutMs);
  });
}
