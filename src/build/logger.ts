/** The logging surface the build engine writes to (the action maps it onto @actions/core). */

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
