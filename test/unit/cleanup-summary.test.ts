/** cleanup-ecr's summary: its heading, counts and tables agree with what was actually deleted. */
import { expect, test } from '@jest/globals';
import { cleanupSummaryMarkdown, cleanupTotals } from '../../src/images/cleanup-summary.js';
import { cleanupResult } from '../summaries/fixtures.js';

/** The numbers of the per-repository table, by column. */
function columnSums(markdown: string): Record<string, number> {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.startsWith('| Repository | Images |'));
  const headers = lines[start].split('|').map((cell) => cell.trim());
  const sums: Record<string, number> = {};
  for (const line of lines.slice(start + 2)) {
    if (!line.startsWith('|')) break;
    line
      .split('|')
      .map((cell) => cell.trim())
      .forEach((cell, index) => {
        if (/^\d+$/.test(cell)) sums[headers[index]] = (sums[headers[index]] ?? 0) + Number(cell);
      });
  }
  return sums;
}

test('a failed deletion is counted as failed and kept, never listed as deleted', () => {
  const result = cleanupResult(false, true);
  const failedDigest = result.outcome!.failures[0].digest.slice(7, 19);
  const markdown = cleanupSummaryMarkdown(result);
  const totals = cleanupTotals(result);
  expect(markdown).toMatch(/^## ❌ cleanup-ecr: deleted 4, 1 failed\n/);
  expect(markdown).toContain(`kept **${totals.kept}**, **1** failed`);
  expect(columnSums(markdown)).toMatchObject({ Kept: totals.kept, Deleted: totals.deleted, Failed: 1 });
  const largest = markdown.slice(
    markdown.indexOf('### Largest images it deleted'),
    markdown.indexOf('### Failures'),
  );
  expect(largest).not.toContain(failedDigest);
  expect(markdown.slice(markdown.indexOf('### Failures'))).toContain(failedDigest);
});

test('a clean run and a dry run state their outcome and agree with their tables', () => {
  const clean = cleanupSummaryMarkdown(cleanupResult(false, false), { elapsedMs: 8400 });
  expect(clean).toMatch(/^## ✅ cleanup-ecr: deleted 5\n/);
  expect(clean).toContain('Took 8.4 s.');
  expect(columnSums(clean)).toMatchObject({ Kept: 3, Deleted: 5, Failed: 0 });
  const dry = cleanupSummaryMarkdown(cleanupResult(true, false));
  expect(dry).toMatch(/^## 📝 cleanup-ecr: dry run, would delete 5 images\n/);
  expect(dry).toContain('keeps **3**');
  expect(columnSums(dry)).toMatchObject({ Kept: 3, 'To delete': 5 });
});
