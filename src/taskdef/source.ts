/**
 * Parsing a task definition file (JSON or YAML) while keeping positions, so errors and annotations can
 * point at the line and column of the offending value.
 */
import { errorMessage } from '../errors.js';
import { jsonErrorAt } from './json-position.js';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from 'yaml';
import { TaskDefinitionFileError, type JsonPath, type Position } from './path.js';

export { formatJsonPath, TaskDefinitionFileError, type JsonPath, type Position } from './path.js';

/** Parsed file content and a way to find where a path lives in the text. */
export interface ParsedSource {
  file: string;
  document: unknown;
  /** The position of the value at `path`, or of its nearest ancestor present in the file. */
  locate(path: JsonPath): Position | undefined;
}

function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const found = jsonErrorAt(text);
    if (!found) throw new TaskDefinitionFileError(file, `invalid JSON: ${errorMessage(error)}`);
    const near = JSON.stringify(text.slice(found.offset, found.offset + 12));
    const reason = found.offset >= text.length ? 'unexpected end of file' : `unexpected ${near}`;
    throw new TaskDefinitionFileError(
      file,
      `invalid JSON: ${reason}, expected ${found.expected}`,
      offsetToPosition(text, found.offset),
    );
  }
}

/** Parses JSON (strictly, when the text is JSON) or YAML, keeping positions for `locate`. */
export function parseSource(file: string, text: string): ParsedSource {
  const looksJson = /\.json$/i.test(file) || /^\s*[{[]/.test(text);
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  let document: unknown;
  if (looksJson) {
    document = parseJson(file, text);
  } else {
    const [first] = doc.errors;
    if (first) {
      const { line, col } = lineCounter.linePos(first.pos[0]);
      throw new TaskDefinitionFileError(file, `invalid YAML: ${first.message.split('\n')[0]}`, {
        line,
        column: col,
      });
    }
    document = doc.toJS() as unknown;
  }
  const locate = (path: JsonPath): Position | undefined => {
    if (doc.errors.length > 0) return undefined;
    let node: Node | null = doc.contents;
    let found = node?.range?.[0];
    for (const part of path) {
      let next: unknown;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && item.key.value === part);
        next = pair?.value;
        if (pair && isScalar(pair.key) && pair.key.range) found = pair.key.range[0];
        if (!pair) break;
      } else if (isSeq(node) && typeof part === 'number') {
        next = node.items[part];
        if (!next) break;
      } else break;
      node = next as Node;
      if (node?.range && !(isMap(node) || isSeq(node))) found = node.range[0];
      else if (node?.range && typeof part === 'number') found = node.range[0];
    }
    if (found === undefined) return undefined;
    const { line, col } = lineCounter.linePos(found);
    return { line, column: col };
  };
  return { file, document, locate };
}
