/**
 * Renders a job summary (GitHub-flavoured markdown) readably in a terminal: headings in bold, tables as
 * aligned columns, mermaid blocks reduced to a one-line note, HTML tags and emphasis markers dropped.
 */

const BOLD = (text: string, colour: boolean) => (colour ? `\x1b[1m${text}\x1b[0m` : text);

function plain(text: string): string {
  return text
    .replace(/<br\s*\/?>/g, ' ')
    .replace(/<\/?[a-z][^>]*>/gi, '')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/`([^`]+)`/g, '$1')
    .replace(/\\\|/g, '|');
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => plain(cell.trim()));
}

function renderTable(rows: string[]): string[] {
  const table = rows.filter((row) => !/^\s*\|?\s*:?-{3,}/.test(row)).map(cells);
  const widths = table[0].map((_, column) => Math.max(...table.map((row) => (row[column] ?? '').length)));
  return table.map(
    (row) =>
      '  ' +
      row
        .map((cell, column) => cell.padEnd(widths[column]))
        .join('  ')
        .trimEnd(),
  );
}

/** Terminal text for a markdown document. */
export function renderMarkdown(markdown: string, options: { colour?: boolean } = {}): string {
  const colour = options.colour ?? false;
  const out: string[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (/^```mermaid/.test(line)) {
      const kind = lines[i + 1]?.trim().split(/\s/)[0] ?? 'chart';
      while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i]));
      out.push(`  (mermaid ${kind} in the job summary)`);
    } else if (/^```/.test(line)) {
      while (i + 1 < lines.length && !/^```\s*$/.test(lines[++i])) out.push(`    ${lines[i]}`);
    } else if (/^\s*\|/.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(lines[i++]);
      i--;
      out.push(...renderTable(rows));
    } else if (/^#{1,6}\s/.test(line)) {
      out.push(BOLD(plain(line.replace(/^#+\s*/, '')), colour));
    } else if (/^<\/?details>|^<summary>/.test(line.trim())) {
      const text = plain(line).trim();
      if (text) out.push(text);
    } else {
      out.push(plain(line));
    }
  }
  return out
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
