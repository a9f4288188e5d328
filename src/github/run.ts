/** The one top-level catch every action's entry uses, and cancellation on SIGINT/SIGTERM. */
import { errorMessage } from '../errors.js';
import { failStep } from './commands.js';
import { log } from './log.js';

/** Runs an action's main function; any error fails the step with `<action> failed: <cause>`. */
export async function runAction(action: string, main: () => Promise<void>): Promise<void> {
  try {
    await main();
  } catch (error) {
    failStep(`${action} failed: ${errorMessage(error)}`);
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
