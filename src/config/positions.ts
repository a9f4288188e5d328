/**
 * Where in the config file a problem is: line and column (1-based) of the value at an issue's path, or
 * of its nearest ancestor present in the file, so an annotation lands on the line to fix. Positions are
 * clamped to the file's last character: an error at the end of the text (a missing value, an unclosed
 * quote) never points past the end of the file.
 */
import { isMap, isSeq, type Document, type LineCounter, type Node } from 'yaml';

/** A 1-based position in the file. */
export interface FilePosition {
  line: number;
  col: number;
}

/** `environments.production.services[1]["odd key"]` → ['environments', 'production', 'services', 1, 'odd key']. */
export function pathSegments(path: string): (string | number)[] {
  const segments: (string | number)[] = [];
  for (const match of path.matchAll(/([A-Za-z0-9_-]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}

/** The position of character `offset`, clamped to the text's last character. */
export function positionAt(text: string, lineCounter: LineCounter, offset: number): FilePosition {
  const last = Math.max(0, text.replace(/\s+$/, '').length - 1);
  const { line, col } = lineCounter.linePos(Math.min(Math.max(0, offset), last));
  return { line, col };
}

/**
 * The node at `path` (for an unknown key, the key itself), or the deepest ancestor that exists; its
 * start offset, or undefined when the document is empty.
 */
export function offsetOf(document: Document, path: (string | number)[], atKey = false): number | undefined {
  let node: unknown = document.contents;
  let offset = (document.contents as Node | null)?.range?.[0];
  for (const [index, segment] of path.entries()) {
    if (isMap(node)) {
      const pair = node.items.find(
        (item) => String((item.key as { value?: unknown })?.value) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      if (atKey && index === path.length - 1) break;
      node = pair.value;
      if ((node as Node | null)?.range) offset = (node as Node).range![0];
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment];
      offset = (node as Node).range?.[0] ?? offset;
    } else break;
  }
  return offset;
}
