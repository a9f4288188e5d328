/**
 * Paths into a task definition and positions in its file: what errors and annotations need, without the
 * YAML parser (source.ts) that only file loading needs.
 */

/** A path into the task definition, e.g. `['containerDefinitions', 1, 'image']`. */
export type JsonPath = (string | number)[];

/** A 1-based position in a file. */
export interface Position {
  line: number;
  column: number;
}

/** A file that could not be parsed, with the position of the problem when known. */
export class TaskDefinitionFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
    readonly position?: Position,
  ) {
    super(position ? `${file}:${position.line}:${position.column}: ${message}` : `${file}: ${message}`);
    this.name = 'TaskDefinitionFileError';
  }
}

/** Formats a JSON path the way users read it: `containerDefinitions[1].image`. */
export function formatJsonPath(path: JsonPath): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`))
    .join('');
}
