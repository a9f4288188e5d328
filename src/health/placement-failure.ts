/**
 * Recognising a deployment ECS cannot place. ECS does not fail a deployment whose tasks find no
 * container instance: the circuit breaker counts tasks that failed to start, and an unplaced task never
 * started. It writes a service event instead ("was unable to place a task because no container instance
 * met all of its requirements. The closest matching … has insufficient memory available.") and tries
 * again, until the deploy timeout. This pure reading lets the kit fail (and roll back) on the first such
 * event rather than at the timeout.
 */

/** A service event as DescribeServices returns it (newest first). */
export interface ServiceEventLike {
  createdAt?: Date;
  message?: string;
}

/** What the verdict reads about the deployment being waited on. */
export interface PlacementSubject {
  id?: string;
  createdAt?: Date;
  desiredCount?: number;
  runningCount?: number;
  pendingCount?: number;
}

const UNABLE_TO_PLACE =
  /was unable to place a task because no container instance met all of its requirements/;
// ECS stopping tasks (old revision, draining instance) frees room: a placement may then succeed.
const STOPPED_TASKS = /has stopped \d+ running tasks/;

/** True for ECS's placement-failure service event. */
export function isPlacementFailure(message: string): boolean {
  return UNABLE_TO_PLACE.test(message);
}

/**
 * The placement-failure event that leaves `deployment` stuck, or undefined. Stuck means: it wants tasks,
 * none of its tasks could be placed, ECS reported a placement failure since the deployment began, and
 * ECS has stopped no task since then (stopping old tasks frees CPU, memory and ports, so a rollout with
 * static host ports or minimumHealthyPercent below 100 places its tasks once old ones are gone). A
 * deployment that placed some of its tasks is left to the timeout and the health gate.
 */
export function stuckPlacement(events: ServiceEventLike[], deployment: PlacementSubject): string | undefined {
  const placed = (deployment.runningCount ?? 0) + (deployment.pendingCount ?? 0);
  if ((deployment.desiredCount ?? 0) === 0 || placed > 0) return undefined;
  const since = deployment.createdAt?.getTime() ?? 0;
  const recent = events.filter((event) => (event.createdAt?.getTime() ?? 0) >= since);
  if (recent.some((event) => STOPPED_TASKS.test(event.message ?? ''))) return undefined;
  const failure = recent.find((event) => isPlacementFailure(event.message ?? ''));
  return failure?.message?.replace(/^\(?service [^)\s]*\)?\s*/, '');
}

/** The failure message the kit reports (and rolls back on) for a stuck placement. */
export function placementFailureReason(deploymentId: string | undefined, event: string): string {
  return `ECS cannot place the tasks of deployment ${deploymentId ?? '(unknown)'}: ${event}`;
}
