/** The cleanup-ecr job summary: per-repository counts and bytes, protections, largest deletions, failures. */
import {
  formatDuration,
  markdownTable,
  shortenArns,
  shortenDigests,
  summaryHeading,
  type SummaryOutcome,
} from '../github/markdown.js';
import type { CleanupResult } from './cleanup.js';
import type { DecidingRule, ImageDecision } from './retention-types.js';

/** Bytes as people read them (binary units). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/** The headline numbers, shared by the outputs and the summary. */
export function cleanupTotals(result: CleanupResult) {
  const deleted = result.outcome ? [...result.outcome.deleted, ...result.outcome.alreadyGone] : [];
  const failed = result.outcome?.failures.length ?? 0;
  return {
    planned: result.plan.delete.length,
    deleted: deleted.length,
    bytesFreed: (result.outcome?.deleted ?? []).reduce((sum, image) => sum + image.sizeBytes, 0),
    plannedBytes: result.plan.delete.reduce((sum, image) => sum + image.sizeBytes, 0),
    kept: result.plan.keep.length + failed,
    failed,
  };
}

const short = (digest: string) => digest.replace(/^sha256:/, '').slice(0, 12);

function headingOf(result: CleanupResult, totals: ReturnType<typeof cleanupTotals>): string {
  if (result.dryRun)
    return summaryHeading('cleanup-ecr', 'planned', `dry run, would delete ${totals.planned} images`);
  let outcome: SummaryOutcome = totals.deleted > 0 ? 'success' : 'unchanged';
  if (totals.failed > 0) outcome = 'failed';
  const text = `deleted ${totals.deleted}${totals.failed > 0 ? `, ${totals.failed} failed` : ''}`;
  return summaryHeading('cleanup-ecr', outcome, text);
}

/** Per repository: what the plan decided and, after a real run, what was actually deleted. */
function repositoryTable(result: CleanupResult): string {
  const key = (repository: string, digest: string) => `${repository}@${digest}`;
  const failed = new Set((result.outcome?.failures ?? []).map((f) => key(f.repository, f.digest)));
  const rows = new Map<
    string,
    { images: number; kept: number; deleted: number; failed: number; bytes: number }
  >();
  for (const repository of result.repositories)
    rows.set(repository.name, { images: 0, kept: 0, deleted: 0, failed: 0, bytes: 0 });
  for (const decision of result.plan.decisions) {
    const { image } = decision;
    const row = rows.get(image.repository);
    if (!row) continue;
    row.images++;
    if (decision.action === 'keep') row.kept++;
    else if (failed.has(key(image.repository, image.digest))) {
      row.failed++;
      row.kept++;
    } else {
      row.deleted++;
      row.bytes += image.sizeBytes;
    }
  }
  const headers = result.dryRun
    ? ['Repository', 'Images', 'Kept', 'To delete', 'Bytes']
    : ['Repository', 'Images', 'Kept', 'Deleted', 'Failed', 'Bytes freed'];
  return markdownTable(
    headers,
    [...rows].map(([name, row]) =>
      result.dryRun
        ? [name, row.images, row.kept, row.deleted, formatBytes(row.bytes)]
        : [name, row.images, row.kept, row.deleted, row.failed, formatBytes(row.bytes)],
    ),
  );
}

/** The markdown for the job summary; `elapsedMs` is how long the run took. */
export function cleanupSummaryMarkdown(
  result: CleanupResult,
  options: { largest?: number; elapsedMs?: number } = {},
): string {
  const totals = cleanupTotals(result);
  const verb = result.dryRun ? 'would delete' : 'deleted';
  const took = options.elapsedMs === undefined ? '' : ` Took ${formatDuration(options.elapsedMs)}.`;
  const lines = [
    headingOf(result, totals),
    '',
    result.dryRun
      ? `Dry run: nothing deleted. The plan deletes **${totals.planned}** images (${formatBytes(totals.plannedBytes)}) and keeps **${totals.kept}**.${took}`
      : `Deleted **${totals.deleted}** images (${formatBytes(totals.bytesFreed)} freed), kept **${totals.kept}**, **${totals.failed}** failed.${took}`,
    '',
    repositoryTable(result),
    '',
  ];
  const byRule = new Map<DecidingRule, number>();
  for (const decision of result.plan.decisions)
    byRule.set(decision.rule, (byRule.get(decision.rule) ?? 0) + 1);
  lines.push('### Decisions by rule', '', markdownTable(['Rule', 'Images'], [...byRule]), '');
  const { scan } = result;
  lines.push(
    '### In-use scan',
    '',
    `${scan.clusters.length} clusters (${scan.clusters.join(', ') || 'none'}), ${scan.services} services, ${scan.tasks} running tasks, ${scan.taskDefinitions} task definitions read.`,
    '',
  );
  const guarded = result.plan.decisions.filter(
    (decision) => decision.rule === 'in-use' || decision.rule === 'rollback',
  );
  if (guarded.length > 0) {
    lines.push(
      markdownTable(
        ['Repository', 'Image', 'Tags', 'Kept because'],
        guarded.map((decision) => [
          decision.image.repository,
          short(decision.image.digest),
          decision.image.tags.join(', '),
          decision.reason,
        ]),
      ),
      '',
    );
  }
  if (result.unresolved.length > 0) {
    lines.push(
      `${result.unresolved.length} references could not be resolved: ${result.unresolved.map((entry) => `${entry.use.image} (${entry.why})`).join('; ')}`,
      '',
    );
  }
  // After a real run only what was actually deleted: a failed deletion is in the Failures table.
  const gone = new Set(
    [...(result.outcome?.deleted ?? []), ...(result.outcome?.alreadyGone ?? [])].map(
      (image) => `${image.repository}@${image.digest}`,
    ),
  );
  const largest = [...result.plan.decisions]
    .filter((decision) => decision.action === 'delete')
    .filter((decision) => result.dryRun || gone.has(`${decision.image.repository}@${decision.image.digest}`))
    .sort((a, b) => b.image.sizeBytes - a.image.sizeBytes)
    .slice(0, options.largest ?? 10);
  if (largest.length > 0) {
    lines.push(`### Largest images it ${verb}`, '', decisionTable(largest), '');
  }
  if (result.outcome && result.outcome.failures.length > 0) {
    // A list, not a table: AWS's reasons are sentences that a table cell would not wrap.
    lines.push(
      '### Failures (not deleted)',
      '',
      ...result.outcome.failures.map(
        (failure) =>
          `- \`${failure.repository}\` \`${short(failure.digest)}\` **${failure.code}**: ${shortenDigests(shortenArns(failure.reason))}`,
      ),
      '',
    );
  }
  return lines.join('\n');
}

function decisionTable(decisions: ImageDecision[]): string {
  return markdownTable(
    ['Repository', 'Image', 'Tags', 'Pushed', 'Size', 'Reason'],
    decisions.map((decision) => [
      decision.image.repository,
      short(decision.image.digest),
      decision.image.tags.join(', ') || '(untagged)',
      new Date(decision.image.pushedAt).toISOString().slice(0, 10),
      formatBytes(decision.image.sizeBytes),
      decision.reason,
    ]),
  );
}
