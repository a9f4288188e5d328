/** The job summary's section on one-off tasks: each task's outcome, exit codes and log links. */
import { markdownTable } from '../github/markdown.js';
import type { OneOffResult } from './run-one-off.js';

/** Markdown lines for the one-off tasks of a run (none when it ran none). */
export function oneOffSummary(results: OneOffResult[] | undefined): string[] {
  if (!results || results.length === 0) return [];
  const rows = results.map((result) => [
    `\`${result.spec.source}\``,
    result.outcome,
    `\`${result.spec.command.join(' ')}\` in \`${result.container}\``,
    result.verdict
      ? `${result.verdict.stoppedReason} (exit codes ${result.verdict.exitCodes.join(', ')})`
      : '',
    result.logLinks.map((link) => `[${link.container}](${link.url})`).join(' '),
  ]);
  return [
    '### One-off tasks',
    '',
    markdownTable(['Task', 'Outcome', 'Command', 'Stopped', 'Logs'], rows),
    '',
  ];
}
