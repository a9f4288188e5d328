/**
 * What ecs-deploy tells the steps after it (deploy.yml's health gate above all): which revision each service
 * now runs, and whether this step already gated the rollout so a following wait-healthy would only repeat
 * it (twice the wait, twice the alarm bake). Pure: the report and the inputs in, output values out.
 */
import type { DeployReport } from '../../src/deploy/index.js';

/**
 * Service name → the revision the step left it on: the one it was pointed at (registered or reused), or
 * for a service rolled back, the one it is back on. Empty in a dry run, where nothing was pointed anywhere.
 */
export function revisionsByService(report: DeployReport): Record<string, string> {
  if (report.outcome === 'planned') return {};
  return Object.fromEntries(
    report.services.map((entry) => [
      entry.service,
      entry.rollback
        ? entry.previousTaskDefinitionArn
        : (entry.targetTaskDefinitionArn ?? report.taskDefinitionArn ?? entry.previousTaskDefinitionArn),
    ]),
  );
}

/**
 * True when the step deployed and itself waited for every updated service's new tasks to be healthy in
 * their target groups (`wait: healthy`, with the alarms and their bake when configured): the same gate
 * wait-healthy's rolling strategy applies. Never with a blue/green or native strategy: their gate moves
 * traffic, which only wait-healthy does.
 */
export function gatedByStep(report: DeployReport, strategy: string): boolean {
  return (
    strategy === 'rolling' &&
    report.mode === 'deploy' &&
    report.outcome === 'deployed' &&
    report.waitMode === 'healthy'
  );
}
