/**
 * Reading AWS Query parameters (all strings on the wire) with the validation AWS applies, raising
 * `ValidationError` naming the parameter and the expected form.
 */
import { SimError } from '../errors.js';

/** Decoded query parameters: nested records, arrays and string leaves. */
export type QueryParams = Record<string, unknown>;

/** The ValidationError AWS returns for malformed requests. */
export function validationError(message: string): SimError {
  return new SimError('ValidationError', message);
}

/** A string parameter, or undefined when absent or empty. */
export function optionalString(params: QueryParams, name: string): string | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw validationError(`${name} must be a string`);
  return value;
}

/** A required string parameter. */
export function requiredString(params: QueryParams, name: string): string {
  const value = optionalString(params, name);
  if (value === undefined) throw validationError(`${name} is required`);
  return value;
}

/** An integer parameter within [min, max], or undefined when absent. */
export function optionalInteger(
  params: QueryParams,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw validationError(`${name} must be an integer from ${range.min} to ${range.max}, got '${text}'`);
  }
  return value;
}

/** A boolean parameter (`true`/`false`), or undefined when absent. */
export function optionalBoolean(params: QueryParams, name: string): boolean | undefined {
  const text = optionalString(params, name);
  if (text === undefined) return undefined;
  if (text !== 'true' && text !== 'false')
    throw validationError(`${name} must be true or false, got '${text}'`);
  return text === 'true';
}

/** A list parameter; the SDK sends an empty list as `Name=` (an empty string). */
export function optionalList(params: QueryParams, name: string): unknown[] | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (value === '') return [];
  if (!Array.isArray(value)) throw validationError(`${name} must be a list`);
  return value;
}

/** A list of strings. */
export function optionalStringList(params: QueryParams, name: string): string[] | undefined {
  const list = optionalList(params, name);
  if (list === undefined) return undefined;
  return list.map((member, index) => {
    if (typeof member !== 'string') throw validationError(`${name} member ${index + 1} must be a string`);
    return member;
  });
}

/** A list of structures. */
export function optionalStructList(params: QueryParams, name: string): QueryParams[] | undefined {
  const list = optionalList(params, name);
  if (list === undefined) return undefined;
  return list.map((member, index) => asStruct(member, `${name} member ${index + 1}`));
}

/** A structure parameter, or undefined when absent. */
export function optionalStruct(params: QueryParams, name: string): QueryParams | undefined {
  const value = params[name];
  if (value === undefined || value === '') return undefined;
  return asStruct(value, name);
}

function asStruct(value: unknown, what: string): QueryParams {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw validationError(`${what} must be a structure`);
  }
  return value as QueryParams;
}
