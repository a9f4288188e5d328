/**
 * What a rollback-mode run that did not bring every service back leaves behind, in words, per service.
 * Each service goes to its own target, so one line cannot speak for all of them: the services that made it
 * are back, the ones that did not say what ECS is doing with them now and the one command that puts them
 * where they were before the run (or tries the rollback again). Pure: the report entries in, text out.
 *
 * The services that did get back are not returned to the release the rollback was undoing: the user asked
 * to leave it, and a half-rolled-back environment with a named way forward is better than the bad release.
 */
import { shortArn } from '../arn.js';
import type { ServiceReport } from './report.js';
import { restoreCommand } from './restore.js';

/** One service's state after the run, e.g. `web: back on seed-web:1`. */
export function serviceRollbackState(cluster: string, entry: ServiceReport): string {
  const from = shortArn(entry.previousTaskDefinitionArn);
  const to = shortArn(entry.targetTaskDefinitionArn ?? entry.previousTaskDefinitionArn);
  if (entry.action === 'unchanged') return `${entry.service}: already on ${to}`;
  if (entry.action !== 'updated' || !entry.deploymentId)
    return `${entry.service}: not changed, still on ${from}`;
  const wait = entry.wait;
  if (wait?.status === 'completed') return `${entry.service}: back on ${to}`;
  const why = wait ? ` (${wait.status}: ${wait.reason})` : '';
  const retry = restoreCommand(cluster, entry.service, entry.targetTaskDefinitionArn ?? '');
  if (wait?.ecsRollbackDeploymentId)
    return (
      `${entry.service}: the rollback to ${to} failed${why}; ECS's circuit breaker is returning it to ${from} ` +
      `(deployment ${wait.ecsRollbackDeploymentId}); to try ${to} again: ${retry}`
    );
  return (
    `${entry.service}: the rollback to ${to} did not complete${why}; ECS carries on rolling out ${to} ` +
    `(deployment ${entry.deploymentId}) without the kit watching; to put it back on ${from}: ` +
    restoreCommand(cluster, entry.service, entry.previousTaskDefinitionArn)
  );
}

/** Every service's state, `; `-separated, in report order. */
export function rollbackModeState(cluster: string, entries: ServiceReport[]): string {
  return entries.map((entry) => serviceRollbackState(cluster, entry)).join('; ');
}
