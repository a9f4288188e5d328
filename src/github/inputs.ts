/**
 * Typed readers for action inputs. Each names the input and the expected form when the value is bad,
 * so an action can validate everything before its first AWS call.
 */
import { InputError } from '../errors.js';
import { rawInput } from './commands.js';

/** Turns an input's raw value into its effective one (the config file's fallback, see config-inputs.ts). */
export type InputFallback = (name: string, raw: string) => string;

let inputFallback: InputFallback | undefined;

/** Installs (or with undefined removes) the fallback every reader below applies to raw values. */
export function setInputFallback(fallback: InputFallback | undefined): void {
  inputFallback = fallback;
}

/** The raw, trimmed value of an input ('' when unset), after the config file's fallback if one is set. */
export function readRaw(name: string): string {
  const raw = rawInput(name);
  return inputFallback ? inputFallback(name, raw) : raw;
}

/** A string input; `required` turns '' into an error. */
export function readString(name: string, options: { required?: boolean; fallback?: string } = {}): string {
  const value = readRaw(name);
  if (value === '' && options.required) throw new InputError(name, 'is required');
  return value === '' ? (options.fallback ?? '') : value;
}

/** A string input, or undefined when unset. */
export function readOptional(name: string): string | undefined {
  const value = readRaw(name);
  return value === '' ? undefined : value;
}

/** A boolean input: true/false (also yes/no, 1/0), case-insensitive. */
export function readBoolean(name: string, fallback: boolean): boolean {
  const value = readRaw(name).toLowerCase();
  if (value === '') return fallback;
  if (['true', 'yes', '1', 'on'].includes(value)) return true;
  if (['false', 'no', '0', 'off'].includes(value)) return false;
  throw new InputError(name, `expected true or false, got '${readRaw(name)}'`);
}

/** An integer input within [min, max]. */
export function readInteger(
  name: string,
  options: { fallback?: number; min?: number; max?: number } = {},
): number | undefined {
  const value = readRaw(name);
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

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400 };

/** Parses a duration such as `90`, `90s`, `10m`, `1h`, `500ms` into seconds. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Number(match[1]) * UNIT_SECONDS[match[2] ?? 's'];
}

/** A duration input in seconds (`90`, `90s`, `10m`, `1h`). */
export function readDuration(name: string, fallback?: number): number | undefined {
  const value = readRaw(name);
  if (value === '') return fallback;
  const seconds = parseDuration(value);
  if (seconds === undefined) {
    throw new InputError(name, `expected a duration such as 90s, 10m or 1h, got '${value}'`);
  }
  return seconds;
}

/** One of a fixed set of values. */
export function readEnum<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
  const value = readRaw(name);
  if (value === '') return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new InputError(name, `expected one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

/** A list input: one item per line or comma-separated; blank items and `#` comments dropped. */
export function readList(name: string): string[] {
  return splitList(readRaw(name));
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
export function readKeyValues(name: string): Map<string, string> {
  const pairs = new Map<string, string>();
  const lines = readRaw(name)
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
