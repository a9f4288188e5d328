/**
 * The job summary's section on a rollback-mode run: each service's way back, from → to and why. With
 * services on several families (and on revisions of their own), the one revision line above cannot say it.
 */
import { markdownTable } from '../github/markdown.js';
import { shortArn } from '../arn.js';
import type { DeployReport } from './report.js';

/** Markdown lines for a rollback-mode report (none for a deployment). */
export function rollbackTargetsSummary(report: DeployReport): string[] {
  if (report.mode !== 'rollback') return [];
  const rows = report.services.map((entry) => [
    `\`${entry.service}\``,
    `\`${shortArn(entry.previousTaskDefinitionArn)}\``,
    `\`${shortArn(entry.targetTaskDefinitionArn ?? report.taskDefinitionArn ?? '')}\``,
    entry.targetReason ?? '',
  ]);
  return ['### Rollback targets', '', markdownTable(['Service', 'From', 'To', 'Why'], rows), ''];
}
