/**
 * The step's log without @actions/core: info, debug, warning (no file annotations) and groups are single
 * lines on stdout, so the engines can log from the first moment while @actions/core (which pulls an HTTP
 * client into the bundle) is imported only where outputs, state, the summary or annotations are written,
 * after the action's first AWS request. `actionsCore()` is that import.
 */
import { EOL } from 'node:os';
import { issueCommand, maskValue } from './commands.js';

/** Loads @actions/core (once; later calls get the same module). */
export function actionsCore(): Promise<typeof import('@actions/core')> {
  return import('@actions/core');
}

/** The log every action's engine writes to. */
export const log = {
  info(message: string): void {
    process.stdout.write(`${message}${EOL}`);
  },
  debug(message: string): void {
    issueCommand('debug', message);
  },
  warning(message: string): void {
    issueCommand('warning', message);
  },
  /** Runs `fn` inside a collapsible group of the log. */
  async group<T>(name: string, fn: () => Promise<T>): Promise<T> {
    issueCommand('group', name);
    try {
      return await fn();
    } finally {
      issueCommand('endgroup', '');
    }
  },
  /** Masks a value in the rest of the job's log. */
  secret(value: string): void {
    maskValue(value);
  },
};
