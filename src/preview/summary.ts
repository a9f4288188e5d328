/** The job summary of a preview run (pure). */
import { markdownTable, shortenArns, summaryHeading, type SummaryOutcome } from '../github/markdown.js';
import type { SweepDecision } from './sweep.js';
import type { PreviewChange, PreviewDeployment, PreviewTeardown } from './types.js';

function changesTable(changes: readonly PreviewChange[]): string {
  return markdownTable(
    ['Resource', 'Name', 'Action', 'Detail'],
    changes.map((change) => [change.resource, change.name, change.action, shortenArns(change.detail ?? '')]),
  );
}

/** Summary of a deploy. */
export function deploySummary(deployment: PreviewDeployment): string {
  const { status } = deployment.health;
  const outcome: SummaryOutcome = status === 'healthy' || status === 'skipped' ? 'success' : 'failed';
  const text = status === 'skipped' ? 'deployed, health not checked' : status;
  return [
    summaryHeading(`Preview pr-${deployment.pullRequest}`, outcome, text),
    '',
    `**URL**: ${deployment.url}  `,
    `**Service**: \`${deployment.service}\`, listener rule priority ${deployment.priority}  `,
    `**Health**: ${deployment.health.reason}`,
    '',
    changesTable(deployment.changes),
    '',
  ].join('\n');
}

/** Summary of a teardown. */
export function teardownSummary(teardown: PreviewTeardown): string {
  return [
    summaryHeading(`Preview pr-${teardown.pullRequest}`, 'success', 'removed'),
    '',
    changesTable(teardown.changes),
    '',
  ].join('\n');
}

/** Summary of a sweep. */
export function sweepSummary(decisions: readonly SweepDecision[], failed: readonly number[]): string {
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
    rows.length > 0 ? markdownTable(['Preview', 'Service', 'Result', 'Why'], rows) : 'No previews found.',
    '',
  ].join('\n');
}
