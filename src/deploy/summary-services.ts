/**
 * The Services table of ecs-deploy's summary: one row per service with what happened to it, how long it
 * took, the revision it went from and to, and its running count. A release of several services puts each
 * service on a revision of its own, so the row names both ends; the deployment id sits under the service
 * name rather than in a column of its own, which keeps the table inside GitHub's column with long names.
 */
import { formatDuration, serviceDeploymentsUrl, shortenArns, shortenDigests } from '../github/markdown.js';
import { shortArn } from '../arn.js';
import type { DeployReport, ServiceReport } from './report.js';
import { servicePhases } from './summary-timeline.js';

// A duration wrapped over three lines of a narrow column reads badly: its spaces do not break.
const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

/** What happened to the service, in the words of the Result column. */
export function serviceResult(entry: ServiceReport): string {
  if (entry.action === 'held') return 'not updated';
  if (entry.action !== 'updated') return entry.action;
  const waited = entry.wait?.status ?? 'updated';
  if (!entry.rollback) return waited;
  // `failed` or `stopped` (no longer waited for once another failed) tells which service caused it.
  return entry.rollback.status === 'completed'
    ? `${waited}, rolled back`
    : `${waited}, rollback ${entry.rollback.status}`;
}

/** `from → to` for a service that was (or was to be) moved, else the revision it stays on. */
function revisionCell(entry: ServiceReport, report: DeployReport): string {
  const from = `\`${shortArn(entry.previousTaskDefinitionArn)}\``;
  if (entry.action === 'unchanged' || entry.action === 'held') return from;
  const target = entry.targetTaskDefinitionArn ?? report.taskDefinitionArn;
  return `${from} → ${target ? `\`${shortArn(target)}\`` : 'new revision'}`;
}

/** The rows of the Services table (headers: SERVICE_COLUMNS). */
export function serviceRows(report: DeployReport, region: string | undefined): string[][] {
  const phases = servicePhases(report);
  return report.services.map((entry) => {
    const phase = phases.find((candidate) => candidate.service === entry.service);
    const end = phase?.rollback?.end ?? phase?.rollout?.end;
    const took = end === undefined ? '' : unbroken(formatDuration(end - (phase?.rollout?.start ?? 0)));
    const link = region ? serviceDeploymentsUrl(region, report.cluster, entry.service) : undefined;
    const name = link ? `[\`${entry.service}\`](${link})` : `\`${entry.service}\``;
    const last = entry.rollback ?? entry.wait;
    const running =
      last?.runningCount !== undefined ? `${last.runningCount}/${last.desiredCount ?? '?'}` : '';
    return [
      entry.deploymentId ? `${name}<br><sub>${entry.deploymentId}</sub>` : name,
      serviceResult(entry),
      took,
      revisionCell(entry, report),
      running,
      shortenDigests(shortenArns(entry.wait?.reason ?? '')),
    ];
  });
}

/** The Services table's headers. */
export const SERVICE_COLUMNS = ['Service', 'Result', 'Took', 'Revision', 'Running', 'Detail'];
