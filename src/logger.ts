/**
 * The one logging surface every engine writes to. The actions pass their step log (`log` from
 * src/github/log.ts), which satisfies it as it is; tests pass a recording logger. Engines never import
 * the step log themselves, so they run unchanged in process and in a bundle.
 */

/** Log lines, collapsible groups and secret masking. */
export interface Logger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  /** Runs `fn` inside a collapsible log group and returns what it returned. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Masks a value in every later log line. */
  secret(value: string): void;
}

/** A logger that writes nothing (tests and callers that want only the result). */
export const silentLogger: Logger = {
  info: () => undefined,
  debug: () => undefined,
  warning: () => undefined,
  group: (_name, fn) => fn(),
  secret: () => undefined,
};
