/**
 * The entry of every action bundle. It reads and validates the inputs with only the input readers
 * loaded, and imports the action's main module (the engine, then the AWS SDK and @actions/core as they
 * are needed) only when they are valid. A bad input therefore fails the step before anything heavy is parsed, and
 * always before any AWS call.
 */
import { appendFileSync } from 'node:fs';
import { errorMessage } from '../errors.js';
import { failStep } from './commands.js';
import { failureQuote, summaryHeading } from './markdown.js';

/** The summary of a failure before the action has a report of its own: the heading and the cause. */
export function failureSummary(action: string, cause: string): string {
  return [summaryHeading(action, 'failed', 'failed'), '', ...failureQuote(cause), ''].join('\n');
}

/**
 * Adds `<action>: failed` and the cause to the job summary, for failures before the action has a report
 * of its own. Best effort: the step's error annotation already carries the message.
 */
export function summarizeFailure(action: string, cause: string): void {
  const summary = process.env.GITHUB_STEP_SUMMARY;
  if (!summary) return;
  try {
    appendFileSync(summary, failureSummary(action, cause));
  } catch {
    // Nothing more to do: the annotation stands.
  }
}

/**
 * Validates inputs with `readInputs`, then runs `main` with them. A validation error fails the step with
 * `<action> failed: <cause>`, the same message the main module's top-level catch gives, and says so in the
 * job summary.
 */
export async function startAction<T>(
  action: string,
  readInputs: () => T | Promise<T>,
  main: (inputs: T) => Promise<void>,
): Promise<void> {
  let inputs: T;
  try {
    inputs = await readInputs();
  } catch (error) {
    const cause = errorMessage(error);
    failStep(`${action} failed: ${cause}`);
    summarizeFailure(action, cause);
    return;
  }
  await main(inputs);
}
