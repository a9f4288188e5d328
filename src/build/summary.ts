/** The job summary of a build, a skip or a promotion. */
import { factList, formatDuration, imageReference, summaryHeading } from '../github/markdown.js';

/** What the summary shows. */
export interface BuildSummary {
  image: string;
  digest: string;
  tags: readonly string[];
  sizeBytes?: number;
  /** Build time in seconds; absent when nothing was built. */
  buildSeconds?: number;
  fingerprint?: string;
  skipped: boolean;
  /** Set for a promotion: the image the tags were copied from. */
  promotedFrom?: string;
}

function formatSize(bytes: number | undefined): string {
  if (bytes === undefined) return 'unknown';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function buildCell(summary: BuildSummary): string {
  if (summary.promotedFrom) return `promoted from ${imageReference(summary.promotedFrom)} (no build)`;
  if (summary.skipped) return `skipped (fingerprint ${summary.fingerprint ?? 'unknown'})`;
  return summary.buildSeconds === undefined ? 'unknown' : formatDuration(summary.buildSeconds * 1000);
}

/** Markdown for the job summary. */
export function buildSummaryMarkdown(summary: BuildSummary): string {
  const rows: [string, unknown][] = [
    ['Image', imageReference(summary.image)],
    ['Digest', `\`${summary.digest}\``],
    ['Tags', summary.tags.map((tag) => `\`${tag}\``).join(', ')],
    ['Size', formatSize(summary.sizeBytes)],
    ['Build', buildCell(summary)],
  ];
  if (summary.fingerprint && !summary.skipped) rows.push(['Fingerprint', `\`${summary.fingerprint}\``]);
  const heading = summary.promotedFrom
    ? summaryHeading('build-push', 'success', 'promoted')
    : summary.skipped
      ? summaryHeading('build-push', 'unchanged', 'already built, skipped')
      : summaryHeading('build-push', 'success', 'built and pushed');
  return [heading, '', factList(rows), ''].join('\n');
}
