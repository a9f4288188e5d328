/** The job summary of a preview run (pure). */
import {
  formatDuration,
  markdownTable,
  serviceDeploymentsUrl,
  shortenArns,
  summaryHeading,
  type SummaryOutcome,
} from '../github/markdown.js';
import type { SweepDecision } from './sweep.js';
import type { PreviewChange, PreviewDeployment, PreviewTeardown } from './types.js';

function changesTable(changes: readonly PreviewChange[]): string {
  return markdownTable(
    ['Resource', 'Name', 'Action', 'Detail'],
    changes.map((change) => [change.resource, change.name, change.action, shortenArns(change.detail ?? '')]),
  );
}

/** How long the run took and where the preview runs, for the summary (all optional). */
export interface PreviewSummaryOptions {
  elapsedMs?: number;
  region?: string;
  cluster?: string;
}

function took(options: PreviewSummaryOptions): string[] {
  return options.elapsedMs === undefined ? [] : [`Took ${formatDuration(options.elapsedMs)}.`, ''];
}

/** Summary of a deploy. */
export function deploySummary(deployment: PreviewDeployment, options: PreviewSummaryOptions = {}): string {
  const service =
    options.region && options.cluster
      ? `[\`${deployment.service}\`](${serviceDeploymentsUrl(options.region, options.cluster, deployment.service)})`
      : `\`${deployment.service}\``;
  const { status } = deployment.health;
  const outcome: SummaryOutcome = status === 'healthy' || status === 'skipped' ? 'success' : 'failed';
  const text = status === 'skipped' ? 'deployed, health not checked' : status;
  return [
    summaryHeading(`Preview pr-${deployment.pullRequest}`, outcome, text),
    '',
    `**URL**: ${deployment.url}  `,
    `**Service**: ${service}, listener rule priority ${deployment.priority}  `,
    `**Health**: ${deployment.health.reason}`,
    '',
    ...took(options),
    changesTable(deployment.changes),
    '',
  ].join('\n');
}

/** Summary of a teardown. */
export function teardownSummary(teardown: PreviewTeardown, options: PreviewSummaryOptions = {}): string {
  return [
    summaryHeading(`Preview pr-${teardown.pullRequest}`, 'success', 'removed'),
    '',
    ...took(options),
    changesTable(teardown.changes),
    '',
  ].join('\n');
}

/** Summary of a sweep. */
export function sweepSummary(
  decisions: readonly SweepDecision[],
  failed: readonly number[],
  options: PreviewSummaryOptions = {},
): string {
  const rows = decisions.map((decision) => [
    `pr-${decision.preview.pullRequest}`,
    decision.preview.service ?? '(rule only)',
    failed.includes(decision.preview.pullRequest) ? 'removal failed' : decision.remove ? 'removed' : 'kept',
    decision.reason,
  ]);
  const removed = decisions.filter((d) => d.remove).length - failed.length;
  const kept = decisions.filter((d) => !d.remove).length;
  const text = `${removed} removed, ${kept} kept${failed.length > 0 ? `, ${failed.length} failed` : ''}`;
  const outcome: SummaryOutcome = failed.length > 0 ? 'failed' : removed > 0 ? 'success' : 'unchanged';
  return [
    summaryHeading('Preview sweep', outcome, text),
    '',
    ...took(options),
    rows.length > 0 ? markdownTable(['Preview', 'Service', 'Result', 'Why'], rows) : 'No previews found.',
    '',
  ].join('\n');
}
