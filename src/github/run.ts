/** The one top-level catch every action's entry uses, and cancellation on SIGINT/SIGTERM. */
import { errorMessage } from '../errors.js';
import { statSync } from 'node:fs';
import { failStep } from './commands.js';
import { log } from './log.js';
import { summarizeFailure } from './start.js';

/** The size of the step's summary file (0 when there is none yet). */
function summarySize(): number {
  const file = process.env.GITHUB_STEP_SUMMARY;
  try {
    return file ? statSync(file).size : 0;
  } catch {
    return 0;
  }
}

/**
 * Runs an action's main function; any error fails the step with `<action> failed: <cause>`. A failure
 * before the action wrote its own summary (an unknown repository, a service that does not exist) still
 * gets one, so no failed step leaves the job summary silent.
 */
export async function runAction(action: string, main: () => Promise<void>): Promise<void> {
  const before = summarySize();
  try {
    await main();
  } catch (error) {
    failStep(`${action} failed: ${errorMessage(error)}`);
    if (summarySize() === before) summarizeFailure(action, errorMessage(error));
  }
}

/**
 * An AbortSignal that fires on SIGINT or SIGTERM (a cancelled workflow run), so waiting loops can
 * stop, put things back in a safe state and exit non-zero.
 */
export function cancellationSignal(): AbortSignal {
  const controller = new AbortController();
  const abort = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) return;
    log.warning(`received ${signal}: cancelling and restoring a safe state before exiting`);
    controller.abort(new Error(`cancelled by ${signal}`));
  };
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  return controller.signal;
}
