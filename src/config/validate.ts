/**
 * Structural validation of the config file. Every problem names its path in the file
 * (`environments.production.services[1].cluster`), because that is where the user fixes it.
 */
import { DURATION_EXPECTED, parseDuration } from '../validation/duration.js';
import { FILE_SPEC, type FieldSpec } from './fields.js';
import { isMap } from './merge.js';
import { nearestNames } from '../validation/nearest.js';

/** One problem in the config file. */
export interface ConfigIssue {
  /** Where, e.g. `environments.production.services[1].cluster` ('' for the whole file). */
  path: string;
  message: string;
  /** 1-based line and column in the file, when known (for `file=,line=,col=` annotations). */
  line?: number;
  col?: number;
  /** The problem is the key itself (unknown or invalid), not its value: annotate the key. */
  atKey?: boolean;
}

/** A config file that failed validation; the message lists every issue, one per line. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly issues: ConfigIssue[],
  ) {
    super(`invalid config ${file}:\n${issues.map(formatIssue).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** `path: message`, or the message alone for the whole file. */
export function formatIssue(issue: ConfigIssue): string {
  return issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
}

/** The path of a map key: `a.b`, or `a["odd key"]` when the key is not a plain word. */
export function keyPath(parent: string, key: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return `${parent}[${JSON.stringify(key)}]`;
  return parent === '' ? key : `${parent}.${key}`;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (isMap(value)) return 'a map';
  return `${typeof value} ${JSON.stringify(value)}`;
}

function checkString(spec: Extract<FieldSpec, { kind: 'string' }>, value: unknown): string | undefined {
  if (typeof value !== 'string') return `expected a string, got ${describe(value)}`;
  if (spec.pattern && !spec.pattern.test(value)) {
    return `expected ${spec.expected ?? `a string matching ${spec.pattern}`}, got ${JSON.stringify(value)}`;
  }
  return undefined;
}

function checkInteger(spec: Extract<FieldSpec, { kind: 'integer' }>, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    return `expected a whole number, got ${describe(value)}`;
  }
  if (value < spec.min) return `expected a number of at least ${spec.min}, got ${value}`;
  if (spec.max !== undefined && value > spec.max) {
    return `expected a number of at most ${spec.max}, got ${value}`;
  }
  return undefined;
}

function checkScalar(spec: FieldSpec, value: unknown): string | undefined {
  switch (spec.kind) {
    case 'string':
      return checkString(spec, value);
    case 'integer':
      return checkInteger(spec, value);
    case 'boolean':
      return typeof value === 'boolean' ? undefined : `expected true or false, got ${describe(value)}`;
    case 'duration':
      if (typeof value === 'number' && Number.isFinite(value) && value >= 0) return undefined;
      if (typeof value === 'string' && parseDuration(value) !== undefined) return undefined;
      return `expected ${DURATION_EXPECTED}, got ${describe(value)}`;
    case 'enum':
      return typeof value === 'string' && spec.values.includes(value)
        ? undefined
        : `expected one of ${spec.values.join(', ')}, got ${describe(value)}`;
    default:
      return undefined;
  }
}

function walk(spec: FieldSpec, value: unknown, path: string, issues: ConfigIssue[]): void {
  if (spec.kind === 'list') {
    if (!Array.isArray(value))
      return void issues.push({ path, message: `expected a list, got ${describe(value)}` });
    if (spec.minItems !== undefined && value.length < spec.minItems) {
      issues.push({ path, message: `expected at least ${spec.minItems} item(s)` });
    }
    value.forEach((item, index) => walk(spec.items, item, `${path}[${index}]`, issues));
    return;
  }
  if (spec.kind === 'map' || spec.kind === 'object') {
    if (!isMap(value)) return void issues.push({ path, message: `expected a map, got ${describe(value)}` });
    if (spec.kind === 'map') {
      for (const [key, item] of Object.entries(value)) {
        if (spec.keyPattern && !spec.keyPattern.test(key)) {
          issues.push({
            path: keyPath(path, key),
            message: `invalid name ${JSON.stringify(key)}`,
            atKey: true,
          });
        }
        walk(spec.values, item, keyPath(path, key), issues);
      }
      return;
    }
    for (const name of spec.required ?? []) {
      if (value[name] === undefined) issues.push({ path: keyPath(path, name), message: 'is required' });
    }
    for (const [key, item] of Object.entries(value)) {
      const field = spec.fields[key];
      if (!field) {
        const known = Object.keys(spec.fields);
        const [nearest] = nearestNames(key, known);
        const hint = nearest ? ` (did you mean '${nearest}'?)` : '';
        issues.push({
          path: keyPath(path, key),
          message: `unknown setting${hint}; known: ${known.join(', ')}`,
          atKey: true,
        });
      } else walk(field, item, keyPath(path, key), issues);
    }
    return;
  }
  const message = checkScalar(spec, value);
  if (message) issues.push({ path, message });
}

/** Every structural problem of a parsed config file (empty when it is valid). */
export function validateConfig(document: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  walk(FILE_SPEC, document, '', issues);
  return issues;
}
