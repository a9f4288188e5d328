/** The logging surface the build engine writes to (the action passes its step log, src/github/log.ts). */

/** Log lines, collapsible groups and secret masking. */
export interface BuildLogger {
  info(message: string): void;
  debug(message: string): void;
  warning(message: string): void;
  /** Runs `fn` inside a collapsible log group. */
  group<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Masks a value in every later log line. */
  secret(value: string): void;
}
