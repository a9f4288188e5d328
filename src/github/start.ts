/**
 * The entry of every action bundle. It reads and validates the inputs with only the input readers
 * loaded, and imports the action's main module (with @actions/core, the engine and, later, the AWS SDK)
 * only when they are valid. A bad input therefore fails the step before anything heavy is parsed, and
 * always before any AWS call.
 */
import { appendFileSync } from 'node:fs';
import { errorMessage } from '../errors.js';
import { failStep } from './commands.js';

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
    const summary = process.env.GITHUB_STEP_SUMMARY;
    if (summary) {
      try {
        appendFileSync(summary, `## ${action}: failed\n\n> **${cause}**\n`);
      } catch {
        // The annotation above already carries the message.
      }
    }
    return;
  }
  await main(inputs);
}
