/**
 * Where an action's input values come from. The readers in inputs.ts take a source instead of reading a
 * global, so the config file's fallback (config-inputs.ts) is a value passed down, not hidden state.
 */
import { rawInput } from './commands.js';

/** An action's raw input values, trimmed, '' when unset. */
export interface InputSource {
  /** The effective value: the step's, or the config file's when the step leaves the input to it. */
  value(name: string): string;
  /** What the step itself passed, ignoring any config file. */
  given(name: string): string;
}

/** The runner's inputs alone (`INPUT_<NAME>`), without a config file. */
export const runnerInputs: InputSource = { value: rawInput, given: rawInput };

/** A source of fixed values, for tests and callers that already hold the raw inputs. */
export function fixedInputs(values: Record<string, string>): InputSource {
  const read = (name: string) => (values[name] ?? '').trim();
  return { value: read, given: read };
}
