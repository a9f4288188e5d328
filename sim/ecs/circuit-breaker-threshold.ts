/**
 * The circuit breaker's failed-task threshold, as the ECS documentation gives it. A file of its own because
 * a new service deployment records the threshold (deployments.ts) and the breaker trips on it
 * (circuit-breaker.ts), which itself starts deployments: sharing it from either would make a cycle.
 */
import type { ServiceRecord } from './records.js';

/** The failed-task count at which the circuit breaker trips for this service's desired count. */
export function circuitBreakerThreshold(service: ServiceRecord): number {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const desired = service.desiredCount;
  const configured = breaker?.thresholdConfiguration;
  if (configured?.type === 'COUNT') return Math.max(1, configured.value);
  const percent = configured?.value ?? 50;
  const value = Math.ceil((desired * percent) / 100);
  if (configured?.type === 'UNBOUNDED_PERCENT') return Math.max(1, value);
  return Math.min(200, Math.max(3, value));
}
