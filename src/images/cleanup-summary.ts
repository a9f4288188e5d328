/** The cleanup-ecr job summary: per-repository counts and bytes, protections, largest deletions, failures. */
import { markdownTable } from '../github/markdown.js';
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

/** The markdown for the job summary. */
export function cleanupSummaryMarkdown(result: CleanupResult, options: { largest?: number } = {}): string {
  const totals = cleanupTotals(result);
  const verb = result.dryRun ? 'would delete' : 'deleted';
  const lines = [
    `## cleanup-ecr${result.dryRun ? ' (dry run: nothing deleted)' : ''}`,
    '',
    result.dryRun
      ? `The plan deletes **${totals.planned}** images (${formatBytes(totals.plannedBytes)}) and keeps **${result.plan.keep.length}**.`
      : `Deleted **${totals.deleted}** images (${formatBytes(totals.bytesFreed)} freed), kept **${totals.kept}**, **${totals.failed}** failed.`,
    '',
  ];
  const perRepository = new Map<string, { images: number; kept: number; deleting: number; bytes: number }>();
  for (const repository of result.repositories)
    perRepository.set(repository.name, { images: 0, kept: 0, deleting: 0, bytes: 0 });
  for (const decision of result.plan.decisions) {
    const row = perRepository.get(decision.image.repository)!;
    row.images++;
    if (decision.action === 'keep') row.kept++;
    else {
      row.deleting++;
      row.bytes += decision.image.sizeBytes;
    }
  }
  lines.push(
    markdownTable(
      ['Repository', 'Images', 'Kept', result.dryRun ? 'To delete' : 'Planned deletions', 'Bytes'],
      [...perRepository].map(([name, row]) => [
        name,
        row.images,
        row.kept,
        row.deleting,
        formatBytes(row.bytes),
      ]),
    ),
    '',
  );
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
  const largest = [...result.plan.decisions]
    .filter((decision) => decision.action === 'delete')
    .sort((a, b) => b.image.sizeBytes - a.image.sizeBytes)
    .slice(0, options.largest ?? 10);
  if (largest.length > 0) {
    lines.push(`### Largest images it ${verb}`, '', decisionTable(largest), '');
  }
  if (result.outcome && result.outcome.failures.length > 0) {
    lines.push(
      '### Failures',
      '',
      markdownTable(
        ['Repository', 'Image', 'Code', 'Reason'],
        result.outcome.failures.map((failure) => [
          failure.repository,
          short(failure.digest),
          failure.code,
          failure.reason,
        ]),
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
