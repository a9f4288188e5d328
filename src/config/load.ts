/** Reads the config file: YAML (JSON is YAML too), with line and column on syntax errors. */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { LineCounter, parseDocument, type YAMLError } from 'yaml';
import { offsetOf, pathSegments, positionAt } from './positions.js';
import { errorMessage } from '../errors.js';
import { ConfigError, validateConfig } from './validate.js';
import type { KitConfig } from './types.js';

/** The parser's message, first line; a duplicated key is named (the parser only says keys must be unique). */
function syntaxMessage(text: string, error: YAMLError): string {
  if (error.code === 'DUPLICATE_KEY') {
    const key = /^\s*(?:"([^"]*)"|'([^']*)'|([^:#\n]+?))\s*:/.exec(text.slice(error.pos[0]));
    const name = key ? (key[1] ?? key[2] ?? key[3]) : undefined;
    if (name !== undefined) return `duplicate key '${name}'`;
  }
  return error.message.split('\n')[0];
}

/** The default location of the config file, relative to the workspace. */
export const DEFAULT_CONFIG_PATH = '.github/ecs-kit.yml';

/** Parses config text and validates its structure; `file` only names the source in errors. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_PATH): KitConfig {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter });
  if (document.errors.length > 0) {
    const issues = document.errors.map((error) => {
      const position = positionAt(text, lineCounter, error.pos[0]);
      const where = `line ${position.line}, column ${position.col}: `;
      return { path: '', message: `${where}${syntaxMessage(text, error)}`, ...position };
    });
    throw new ConfigError(file, issues);
  }
  const value: unknown = document.toJS() ?? {};
  const issues = validateConfig(value).map((issue) => {
    const offset = offsetOf(document, pathSegments(issue.path), issue.atKey);
    return offset === undefined ? issue : { ...issue, ...positionAt(text, lineCounter, offset) };
  });
  if (issues.length > 0) throw new ConfigError(file, issues);
  return value as KitConfig;
}

/** Where to read the config from. */
export interface LoadConfigOptions {
  /** The file, relative to `workspace` unless absolute. */
  path: string;
  /** The repository checkout (GITHUB_WORKSPACE). */
  workspace: string;
}

/** Reads and validates the config file; the file must lie inside the workspace. */
export function loadConfigFile(options: LoadConfigOptions): KitConfig {
  const file = resolve(options.workspace, options.path);
  const inside = relative(resolve(options.workspace), file);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`config ${options.path} is outside the workspace ${options.workspace}`);
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`reading config ${options.path}: ${errorMessage(error)}`, { cause: error });
  }
  return parseConfig(text, options.path);
}
