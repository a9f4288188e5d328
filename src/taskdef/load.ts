/** Reading a task definition file from disk into a RegisterTaskDefinition request. */
import { readFile } from 'node:fs/promises';
import { errorMessage } from '../errors.js';
import {
  formatJsonPath,
  parseSource,
  TaskDefinitionFileError,
  type JsonPath,
  type Position,
} from './source.js';
import { stripTaskDefinition, TaskDefinitionError } from './strip.js';
import type { TaskDefinitionInput } from './types.js';

/** A task definition read from a file. */
export interface LoadedTaskDefinition {
  file: string;
  taskDefinition: TaskDefinitionInput;
  /** Read-only fields that were removed. */
  stripped: string[];
  /** Repairs made while loading, each with its position in the file. */
  warnings: { message: string; position?: Position }[];
  /** Where a path of the task definition (not of the file) lives in the file. */
  locate(path: JsonPath): Position | undefined;
}

/** Parses file content (JSON or YAML) into a request; errors carry the file and position. */
export function loadTaskDefinitionText(file: string, text: string): LoadedTaskDefinition {
  const source = parseSource(file, text);
  let stripResult;
  try {
    stripResult = stripTaskDefinition(source.document);
  } catch (error) {
    if (error instanceof TaskDefinitionError)
      throw new TaskDefinitionFileError(file, error.message, source.locate(error.path));
    throw error;
  }
  const { taskDefinition, stripped, pathPrefix, warnings } = stripResult;
  return {
    file,
    taskDefinition,
    stripped,
    warnings: warnings.map((warning) => ({
      message: `${formatJsonPath(warning.path)}: ${warning.message}`,
      position: source.locate(warning.path),
    })),
    locate: (path) => source.locate([...pathPrefix, ...path]),
  };
}

/** Reads and parses a task definition file; errors name it as `name` (e.g. the path the user gave). */
export async function loadTaskDefinitionFile(path: string, name = path): Promise<LoadedTaskDefinition> {
  const file = name;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TaskDefinitionFileError(
      file,
      code === 'ENOENT'
        ? 'file not found'
        : code === 'EISDIR'
          ? 'is a directory, expected a file'
          : errorMessage(error),
    );
  }
  return loadTaskDefinitionText(file, text);
}
