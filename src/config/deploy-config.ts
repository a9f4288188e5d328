/**
 * The API the actions use: load the config file, resolve one environment, and give the values of the
 * action's inputs that the config sets. Explicit inputs win (see chooseInput in precedence.ts).
 */
import { configInputs, type ConfigInputs, type KitAction } from './action-inputs.js';
import { loadConfigFile } from './load.js';
import { resolveEnvironment } from './resolve.js';
import type { ResolvedEnvironment } from './types.js';

/** Where the config is and which environment to use. */
export interface DeployConfigOptions {
  /** The config file, relative to the workspace. */
  path: string;
  /** The environment; empty or undefined for the base settings alone. */
  environment?: string;
  /** The repository checkout (GITHUB_WORKSPACE). */
  workspace: string;
}

/** One environment's merged settings, validated; errors name the file and the path in it. */
export function loadDeployConfig(options: DeployConfigOptions): ResolvedEnvironment {
  const config = loadConfigFile({ path: options.path, workspace: options.workspace });
  return resolveEnvironment(config, options.environment, options.path);
}

/** The raw values the config file gives `action`'s inputs in that environment. */
export function loadActionConfig(action: KitAction, options: DeployConfigOptions): ConfigInputs {
  return configInputs(action, loadDeployConfig(options).settings);
}
