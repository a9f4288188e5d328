/** The job summary of a preview run (pure). */
import { markdownTable } from '../github/markdown.js';
import type { SweepDecision } from './sweep.js';
import type { PreviewChange, PreviewDeployment, PreviewTeardown } from './types.js';

function changesTable(changes: readonly PreviewChange[]): string {
  return markdownTable(
    ['Resource', 'Name', 'Action', 'Detail'],
    changes.map((change) => [change.resource, change.name, change.action, change.detail ?? '']),
  );
}

/** Summary of a deploy. */
export function deploySummary(deployment: PreviewDeployment): string {
  return [
    `## Preview pr-${deployment.pullRequest}: ${deployment.health.status}`,
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
  return [`## Preview pr-${teardown.pullRequest} removed`, '', changesTable(teardown.changes), ''].join('\n');
}

/** Summary of a sweep. */
export function sweepSummary(decisions: readonly SweepDecision[], failed: readonly number[]): string {
  const rows = decisions.map((decision) => [
    `pr-${decision.preview.pullRequest}`,
    decision.preview.service ?? '(rule only)',
    failed.includes(decision.preview.pullRequest) ? 'removal failed' : decision.remove ? 'removed' : 'kept',
    decision.reason,
  ]);
  return [
    `## Preview sweep: ${decisions.filter((d) => d.remove).length - failed.length} removed, ${decisions.filter((d) => !d.remove).length} kept`,
    '',
    rows.length > 0 ? markdownTable(['Preview', 'Service', 'Result', 'Why'], rows) : 'No previews found.',
    '',
  ].join('\n');
}
