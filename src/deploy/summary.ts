/**
 * The job summary of a run: outcome, what changed (names only for environment and secrets), a mermaid
 * timeline of the rollout, final state per service, and the service events and stop reasons that explain
 * a failure.
 */
import {
  failureQuote,
  formatDuration,
  logStreamUrl,
  markdownTable,
  shortenArns,
  shortenDigests,
  summaryHeading,
  type SummaryOutcome,
} from '../github/markdown.js';
import { describeDiff } from '../taskdef/diff.js';
import { oneOffSummary } from './one-off-summary.js';
import { rollbackTargetsSummary } from './rollback-summary.js';
import type { DeployReport } from './report.js';
import { shortArn } from '../arn.js';
import { changeSection, revisionSummary } from './summary-changes.js';
import { SERVICE_COLUMNS, serviceRows } from './summary-services.js';
import { rolloutTimeline } from './summary-timeline.js';

export { rolloutTimeline } from './summary-timeline.js';

const MAX_EVENTS = 15;

/** Where the run happened, for console links (omitted: no links). */
export interface DeploySummaryOptions {
  region?: string;
}

const OUTCOME: Record<DeployReport['outcome'], SummaryOutcome> = {
  deployed: 'success',
  unchanged: 'unchanged',
  'rolled-back': 'rolled-back',
  planned: 'planned',
  failed: 'failed',
};

function failureDetails(report: DeployReport, options: DeploySummaryOptions): string[] {
  const lines: string[] = [];
  for (const entry of report.services) {
    const events = [...(entry.wait?.events ?? []), ...(entry.rollback?.events ?? [])].slice(-MAX_EVENTS);
    if (entry.stoppedReasons.length === 0 && events.length === 0) continue;
    if (!entry.wait || entry.wait.status === 'completed' || entry.wait.status === 'stopped') continue;
    lines.push(`#### \`${entry.service}\``);
    if (entry.stoppedReasons.length > 0) {
      lines.push(
        'Stopped tasks:',
        '',
        ...entry.stoppedReasons.map((reason) => `- ${shortenDigests(shortenArns(reason))}`),
        '',
      );
    }
    for (const task of entry.stoppedTasks ?? []) {
      if (!options.region || task.logStreams.length === 0) continue;
      const links = task.logStreams.map(
        (stream) => `[${stream.container}](${logStreamUrl(options.region!, stream.group, stream.stream)})`,
      );
      lines.push(`- logs of stopped task \`${task.taskId}\`: ${links.join(', ')}`);
    }
    if ((entry.stoppedTasks ?? []).some((task) => task.logStreams.length > 0)) lines.push('');
    // A list, not a code block: quoted events are long and would be cut off by the column.
    if (events.length > 0)
      lines.push(
        'Service events:',
        '',
        ...events.map((event) => `- ${shortenDigests(shortenArns(event))}`),
        '',
      );
  }
  return lines;
}

/** The job summary markdown for a run. */
export function deploySummary(report: DeployReport, options: DeploySummaryOptions = {}): string {
  const title = report.mode === 'rollback' ? 'ecs-deploy rollback' : 'ecs-deploy';
  const lines = [summaryHeading(title, OUTCOME[report.outcome], report.outcome), ''];
  if (report.failure) lines.push(...failureQuote(shortenDigests(shortenArns(report.failure))), '');
  const revisions = revisionSummary(report);
  lines.push(
    `Cluster \`${report.cluster}\` · ${revisions.line} · wait mode \`${report.waitMode}\` · took ${formatDuration(report.finishedAt - report.startedAt)}`,
    '',
    ...(revisions.list.length > 0 ? [...revisions.list, ''] : []),
    ...rollbackTargetsSummary(report),
    '### What changed',
    '',
    ...changeSection(report),
  );
  const chart = rolloutTimeline(report);
  if (chart) lines.push('### Rollout', '', chart, '');
  lines.push('### Services', '', markdownTable(SERVICE_COLUMNS, serviceRows(report, options.region)), '');
  lines.push(...oneOffSummary(report.oneOffTasks));
  const details = failureDetails(report, options);
  if (details.length > 0) lines.push('### Why it failed', '', ...details);
  if (report.cleanup && report.cleanup.deregistered.length > 0) {
    lines.push(
      '### Deregistered revisions',
      '',
      ...report.cleanup.deregistered.map((arn) => `- \`${shortArn(arn)}\``),
      '',
    );
  }
  return lines.join('\n');
}

/** The diff as plain text for the `diff` output. */
export function diffText(report: DeployReport): string {
  return describeDiff(report.diff).join('\n');
}
