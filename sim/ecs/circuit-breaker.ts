/**
 * The deployment circuit breaker, as the ECS documentation describes it: the failed-task threshold is
 * 0.5 × desired count, at least 3 and at most 200 (or thresholdConfiguration when given); when a
 * deployment's failed tasks reach it, the deployment is FAILED and, with rollback, ECS deploys the last
 * COMPLETED revision again.
 */
import type { ServiceRecord } from './records.js';
import type { EcsState } from './state.js';
import {
  primaryOf,
  serviceDeploymentOf,
  setRolloutState,
  setServiceDeploymentStatus,
} from './deployments.js';
import { circuitBreakerThreshold } from './circuit-breaker-threshold.js';
import { startRollback } from './rollback.js';

/** Trips the breaker when the primary deployment's failed tasks reached the threshold. Returns true if it tripped. */
export function checkCircuitBreaker(state: EcsState, service: ServiceRecord): boolean {
  const breaker = service.deploymentConfiguration.deploymentCircuitBreaker;
  const primary = primaryOf(service);
  if (!breaker?.enable || primary.rolloutState !== 'IN_PROGRESS') return false;
  if (primary.failedTasks < circuitBreakerThreshold(service)) return false;
  const reason = 'ECS deployment circuit breaker: tasks failed to start.';
  setRolloutState(state, service, primary, 'FAILED', reason);
  state.serviceEvent(service, `(deployment ${primary.id}) deployment failed: tasks failed to start.`);
  const serviceDeployment = serviceDeploymentOf(service, primary.id);
  if (serviceDeployment) serviceDeployment.circuitBreaker.status = 'TRIGGERED';
  if (primary.rollbackOf) {
    // A failing rollback is not rolled back again.
    if (serviceDeployment) setServiceDeploymentStatus(state, serviceDeployment, 'ROLLBACK_FAILED', reason);
    return true;
  }
  if (breaker.rollback && serviceDeployment) {
    startRollback(
      state,
      service,
      serviceDeployment,
      'Service deployment rolled back because the circuit breaker threshold was exceeded.',
    );
  } else if (serviceDeployment) {
    setServiceDeploymentStatus(
      state,
      serviceDeployment,
      'STOPPED',
      'Service deployment failed: the circuit breaker threshold was exceeded.',
    );
  }
  return true;
}
