/**
 * `deployment-ids`: the gate for every service one ecs-deploy step updated. ecs-deploy outputs a JSON
 * object of service name to ECS deployment id; passing it here gates each of those deployments (rolling)
 * or each service's ECS blue/green deployment (native), so a workflow never gates a service other than the
 * ones it deployed. The verdict is healthy only when every service's is.
 */
import { InputError } from '../../src/errors.js';
import type { WaitReport } from '../../src/health/index.js';

/** Service name → the ECS deployment id to gate, in the order given. */
export type DeploymentIds = [service: string, deploymentId: string][];

/** Parses the input; undefined when empty. */
export function parseDeploymentIds(text: string | undefined, rolling: boolean): DeploymentIds | undefined {
  if (text === undefined || text.trim() === '') return undefined;
  const expected =
    "expected a JSON object of service name to ECS deployment id (ecs-deploy's deployment-ids output)";
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new InputError('deployment-ids', `${expected}, got '${text}'`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InputError('deployment-ids', `${expected}, got '${text}'`);
  }
  const entries = Object.entries(parsed as Record<string, unknown>);
  if (entries.length === 0) throw new InputError('deployment-ids', `${expected}, got an empty object`);
  for (const [service, id] of entries) {
    if (typeof id !== 'string' || (rolling && !/^ecs-svc\/\d+$/.test(id))) {
      throw new InputError(
        'deployment-ids',
        `expected an ECS deployment id such as ecs-svc/1234567890 for service '${service}', got ${JSON.stringify(id)}`,
      );
    }
  }
  return entries as DeploymentIds;
}

/**
 * One report for several services: the first that is not healthy decides the verdict (its reason names
 * its service); when all are healthy, the slowest one's time to healthy and every healthy target count.
 */
export function combineReports(reports: { service: string; report: WaitReport }[]): WaitReport {
  const failed = reports.find(({ report }) => report.verdict.status !== 'healthy');
  const first = failed ?? reports[0];
  const slowest = Math.max(...reports.map(({ report }) => report.verdict.timeToHealthyMs ?? 0));
  const reason = (failed ? [failed] : reports)
    .map(({ service, report }) => `${service}: ${report.verdict.reason}`)
    .join('; ');
  return {
    ...first.report,
    verdict: {
      ...first.report.verdict,
      reason,
      timeToHealthyMs: failed ? undefined : slowest,
      healthyTargets: reports.reduce((sum, { report }) => sum + report.verdict.healthyTargets, 0),
    },
    rolledBack: reports.some(({ report }) => report.rolledBack),
    events: reports.flatMap(({ report }) => report.events),
    leftState: failed?.report.leftState,
  };
}
