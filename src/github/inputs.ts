/**
 * Typed readers for action inputs. Each names the input and the expected form when the value is bad,
 * so an action can validate everything before its first AWS call. Each takes the InputSource the action
 * built (input-source.ts), so the config file's fallback is passed in rather than installed globally.
 */
import { InputError } from '../errors.js';
import { DURATION_EXPECTED, parseDuration } from '../validation/duration.js';
import type { InputSource } from './input-source.js';

/** A string input; `required` turns '' into an error. */
export function readString(
  source: InputSource,
  name: string,
  options: { required?: boolean; fallback?: string } = {},
): string {
  const value = source.value(name);
  if (value === '' && options.required) throw new InputError(name, 'is required');
  return value === '' ? (options.fallback ?? '') : value;
}

/** A string input, or undefined when unset. */
export function readOptional(source: InputSource, name: string): string | undefined {
  const value = source.value(name);
  return value === '' ? undefined : value;
}

/** A boolean input: true/false (also yes/no, 1/0), case-insensitive. */
export function readBoolean(source: InputSource, name: string, fallback: boolean): boolean {
  const given = source.value(name);
  const value = given.toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(value)) return true;
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  throw new InputError(name, `expected true or false, got '${given}'`);
}

/** An integer input within [min, max]. */
export function readInteger(
  source: InputSource,
  name: string,
  options: { fallback?: number; min?: number; max?: number } = {},
): number | undefined {
  const value = source.value(name);
  if (value === '') return options.fallback;
  if (!/^-?\d+$/.test(value)) throw new InputError(name, `expected a whole number, got '${value}'`);
  const number = Number(value);
  // Beyond 2^53 a number silently loses digits (99999999999999999999999 reads as 1e23).
  if (!Number.isSafeInteger(number)) {
    throw new InputError(
      name,
      `expected a whole number of at most ${Number.MAX_SAFE_INTEGER}, got '${value}'`,
    );
  }
  if (options.min !== undefined && number < options.min) {
    throw new InputError(name, `expected a number of at least ${options.min}, got ${number}`);
  }
  if (options.max !== undefined && number > options.max) {
    throw new InputError(name, `expected a number of at most ${options.max}, got ${number}`);
  }
  return number;
}

/**
 * A duration input in milliseconds: plain seconds (`90`) or `90s`, `10m`, `1h30m`, `500ms`, `7d`.
 * `fallback` is written the same way (the action.yml default), so code and docs read alike.
 */
export function readDuration(source: InputSource, name: string, fallback: string): number;
export function readDuration(source: InputSource, name: string): number | undefined;
export function readDuration(source: InputSource, name: string, fallback?: string): number | undefined {
  const value = source.value(name) || fallback;
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) throw new InputError(name, `expected ${DURATION_EXPECTED}, got '${value}'`);
  return ms;
}

/** One of a fixed set of values (the engine's exported list, e.g. WAIT_MODES). */
export function readEnum<T extends string>(
  source: InputSource,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const value = source.value(name);
  if (value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, `expected one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** A list input: one item per line or comma-separated; blank items and `#` comments dropped. */
export function readList(source: InputSource, name: string): string[] {
  return splitList(source.value(name));
}

/** Splits a multi-line or comma-separated list. */
export function splitList(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, ''))
    .flatMap((line) => line.split(','))
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/** `KEY=value` pairs, one per line (commas are allowed inside values). Keys must be unique. */
export function readKeyValues(source: InputSource, name: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const lines = source
    .value(name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of lines) {
    const equals = line.indexOf('=');
    if (equals <= 0) throw new InputError(name, `expected KEY=value on each line, got '${line}'`);
    const key = line.slice(0, equals).trim();
    if (pairs.has(key)) throw new InputError(name, `'${key}' is given twice`);
    pairs.set(key, line.slice(equals + 1).trim());
  }
  return pairs;
}
