/**
 * One environment's effective settings: the base merged with its overlay, then checked for what only the
 * merged result can show (a service without any cluster, the same service listed twice).
 */
import { unusedImages } from './deployables.js';
import { mergeConfig } from './merge.js';
import { ConfigError, keyPath, type ConfigIssue } from './validate.js';
import type { KitConfig, KitSettings, ResolvedEnvironment } from './types.js';

/** The base settings: the file without `version` and `environments`. */
export function baseSettings(config: KitConfig): KitSettings {
  const { version: _version, environments: _environments, ...base } = config;
  return base;
}

/** Where the merged list's item came from in the file: the base's list, then the environment's. */
function servicePath(config: KitConfig, environment: string | undefined, index: number): string {
  const baseCount = config.services?.length ?? 0;
  if (index < baseCount || environment === undefined) return `services[${index}]`;
  return `${keyPath('environments', environment)}.services[${index - baseCount}]`;
}

function checkServices(config: KitConfig, resolved: ResolvedEnvironment): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const seen = new Map<string, string>();
  const where =
    resolved.name === undefined
      ? 'at the top level'
      : `at the top level or in ${keyPath('environments', resolved.name)}`;
  (resolved.settings.services ?? []).forEach((service, index) => {
    const path = servicePath(config, resolved.name, index);
    const cluster = service.cluster ?? resolved.settings.cluster;
    if (cluster === undefined) {
      issues.push({ path: `${path}.cluster`, message: `is required: no cluster is set here or ${where}` });
      return;
    }
    const key = `${cluster}/${service.name}`;
    const first = seen.get(key);
    if (first) issues.push({ path, message: `service ${key} is already listed at ${first}` });
    else seen.set(key, path);
  });
  return issues;
}

/** The names of the environments the file declares. */
export function environmentNames(config: KitConfig): string[] {
  return Object.keys(config.environments ?? {});
}

/**
 * The merged settings of `environment` (or the base alone when it is undefined or empty).
 * Throws a ConfigError naming the file path of every problem.
 */
export function resolveEnvironment(
  config: KitConfig,
  environment: string | undefined,
  file = '.github/ecs-kit.yml',
): ResolvedEnvironment {
  const name = environment === '' ? undefined : environment;
  let settings = baseSettings(config);
  if (name !== undefined) {
    const overlay = config.environments?.[name];
    if (!overlay) {
      const known = environmentNames(config);
      const listed = known.length > 0 ? known.join(', ') : 'none';
      throw new ConfigError(file, [
        { path: 'environments', message: `no environment '${name}' (declared: ${listed})` },
      ]);
    }
    settings = mergeConfig(settings, overlay);
  }
  const resolved: ResolvedEnvironment = { name, settings };
  const issues = [...checkServices(config, resolved), ...unusedImages(config, resolved)];
  if (issues.length > 0) throw new ConfigError(file, issues);
  return resolved;
}
