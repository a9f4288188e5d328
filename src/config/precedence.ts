/**
 * Which value an action input takes when both the step and the config file may set it:
 * 1. the step's explicit value, when it is not empty and not just the input's action.yml default;
 * 2. otherwise the config file's value for this environment, when it sets one;
 * 3. otherwise the step's value, or the action.yml default when the step passed an empty string.
 * The runner fills an input the step leaves out with its action.yml default, so a value equal to that
 * default is indistinguishable from "not given" and the config file's value wins over it.
 */

/** The candidates for one input. */
export interface InputCandidates {
  /** The raw input as the runner passed it ('' when empty). */
  explicit: string;
  /** The config file's value, or undefined when the config does not set it. */
  configured?: string;
  /** The input's default in action.yml, if it has one. */
  declaredDefault?: string;
}

/** The input's effective raw value by the precedence above. */
export function chooseInput(candidates: InputCandidates): string {
  const { explicit, configured, declaredDefault } = candidates;
  if (explicit !== '' && explicit !== declaredDefault) return explicit;
  if (configured !== undefined) return configured;
  return explicit !== '' ? explicit : (declaredDefault ?? '');
}
