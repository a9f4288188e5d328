/** Error helpers shared by the engine and the actions. */

/** The message of an unknown thrown value, without assuming it is an Error. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}

/** The AWS SDK's error name (`ClusterNotFoundException`, `Throttling`, ...) or undefined. */
export function awsErrorName(error: unknown): string | undefined {
  if (error && typeof error === 'object' && 'name' in error && typeof error.name === 'string')
    return error.name;
  return undefined;
}

/** A bad action input: names the input and what was expected. Raised before any mutating AWS call. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    expected: string,
  ) {
    super(`input '${input}': ${expected}`);
    this.name = 'InputError';
  }
}

/** Wraps an error with context: "registering task definition: <cause>". */
export function wrapError(context: string, cause: unknown): Error {
  const wrapped = new Error(`${context}: ${errorMessage(cause)}`, { cause });
  return wrapped;
}
