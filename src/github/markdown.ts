/** Small pure builders for job-summary markdown. */

/** Escapes a value for a markdown table cell. */
export function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** A markdown table. */
export function markdownTable(headers: string[], rows: unknown[][]): string {
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A fenced mermaid block. */
export function mermaid(body: string): string {
  return ['```mermaid', body.trimEnd(), '```'].join('\n');
}
