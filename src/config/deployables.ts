/**
 * Several deployables per environment: each listed service with its own task definition, container →
 * image map and overrides, merged base → environment → service by the rules of merge.ts (maps one level
 * deep, scalars override). The single-task-definition form is the special case where no service sets
 * anything of its own: every service then gets the environment's settings, as before.
 */
import { isMap, mergeValue } from './merge.js';
import { keyPath, type ConfigIssue } from './validate.js';
import type { KitConfig, ResolvedEnvironment, ServiceSettings } from './types.js';

/** What one service deploys, with every setting already merged down to it. */
export interface DeployableSettings {
  /** The service's place in the file (`services[1]`, `environments.production.services[0]`), for errors. */
  path: string;
  service: string;
  cluster?: string;
  /** Task definition file; undefined to start from the revision the service runs now. */
  taskDefinition?: string;
  /** Container → image: a full reference, a bare repository, or the name of a `build.images` entry. */
  containers: Record<string, string>;
  /** The containers the service itself names (the rest come from the environment's `containers`). */
  ownContainers: string[];
  environment: Record<string, string>;
  secrets: Record<string, string>;
  cpu?: string;
  memory?: string;
  desiredCount?: number;
}

const asMap = (value: unknown): Record<string, string> =>
  isMap(value) ? (value as Record<string, string>) : {};

/** One service's settings layered on the environment's (base → environment already merged). */
function deployableOf(
  resolved: ResolvedEnvironment,
  service: ServiceSettings,
  path: string,
): DeployableSettings {
  const settings = resolved.settings;
  return {
    path,
    service: service.name,
    cluster: service.cluster ?? settings.cluster,
    taskDefinition: service['task-definition'] ?? settings['task-definition'],
    containers: asMap(mergeValue(settings.containers ?? {}, service.containers)),
    ownContainers: Object.keys(service.containers ?? {}),
    environment: asMap(mergeValue(settings.environment ?? {}, service.environment)),
    secrets: asMap(mergeValue(settings.secrets ?? {}, service.secrets)),
    cpu: service.cpu ?? settings.cpu,
    memory: service.memory ?? settings.memory,
    desiredCount: service['desired-count'],
  };
}

/** Every service of the environment as a deployable, in the order the merged list gives them. */
export function resolveDeployables(config: KitConfig, resolved: ResolvedEnvironment): DeployableSettings[] {
  // Local import-free copy of resolve.ts's servicePath rule, so resolve.ts can depend on this file.
  const baseCount = config.services?.length ?? 0;
  const pathOf = (index: number) =>
    index < baseCount || resolved.name === undefined
      ? `services[${index}]`
      : `${keyPath('environments', resolved.name)}.services[${index - baseCount}]`;
  return (resolved.settings.services ?? []).map((service, index) =>
    deployableOf(resolved, service, pathOf(index)),
  );
}

/** True when any service sets a deployable setting of its own (the several-deployables form). */
export function hasOwnDeployables(settings: ResolvedEnvironment['settings']): boolean {
  const own = ['task-definition', 'containers', 'environment', 'secrets', 'cpu', 'memory'] as const;
  return (settings.services ?? []).some((service) => own.some((key) => service[key] !== undefined));
}

/** Where `build.images` of the merged settings was written: the environment's overlay or the base. */
export function imagesPath(config: KitConfig, environment: string | undefined): string {
  const overlay = environment === undefined ? undefined : config.environments?.[environment];
  return overlay?.build?.images !== undefined
    ? `${keyPath('environments', environment!)}.build.images`
    : 'build.images';
}

/**
 * An image the config builds but no container of any service uses is almost always a typo in one of the
 * two places (and would be built and pushed for nothing): one issue per such image, naming its path.
 */
export function unusedImages(config: KitConfig, resolved: ResolvedEnvironment): ConfigIssue[] {
  const images = Object.keys(resolved.settings.build?.images ?? {});
  if (images.length === 0) return [];
  const used = new Set(
    resolveDeployables(config, resolved).flatMap((deployable) => Object.values(deployable.containers)),
  );
  const where = imagesPath(config, resolved.name);
  return images
    .filter((name) => !used.has(name))
    .map((name) => ({
      path: keyPath(where, name),
      message: `image '${name}' is built but no service's containers use it (set containers: { <container>: ${name} })`,
    }));
}

/** A deployable with the container names of its task definition (read from the file or from ECS). */
export interface DeployableContainers {
  deployable: DeployableSettings;
  containerNames: readonly string[];
}

/**
 * Containers named but not there. A service's own `containers` entry must name a container of its task
 * definition (issue at the service's path). An entry inherited from the environment applies to the
 * services whose task definition has that container, so a worker with its own task definition is not
 * forced to have the web containers; one no service's task definition has is an issue at `containers`.
 */
export function missingContainers(
  deployables: readonly DeployableContainers[],
  environmentPath = 'containers',
): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const { deployable, containerNames } of deployables) {
    for (const name of deployable.ownContainers.filter((own) => !containerNames.includes(own))) {
      issues.push({
        path: keyPath(`${deployable.path}.containers`, name),
        message: `container '${name}' is not in ${describeSource(deployable)} (containers: ${containerNames.join(', ')})`,
      });
    }
  }
  const inherited = new Set(
    deployables.flatMap(({ deployable }) =>
      Object.keys(deployable.containers).filter((name) => !deployable.ownContainers.includes(name)),
    ),
  );
  for (const name of inherited) {
    if (deployables.some(({ containerNames }) => containerNames.includes(name))) continue;
    issues.push({
      path: keyPath(environmentPath, name),
      message: `container '${name}' is in no service's task definition (${deployables.map(({ deployable }) => `${deployable.service}: ${describeSource(deployable)}`).join('; ')})`,
    });
  }
  return issues;
}

/** The container → image entries that apply to a task definition with these containers. */
export function applicableContainers(
  deployable: DeployableSettings,
  containerNames: readonly string[],
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(deployable.containers).filter(([name]) => containerNames.includes(name)),
  );
}

function describeSource(deployable: DeployableSettings): string {
  return deployable.taskDefinition ?? `the task definition ${deployable.service} runs`;
}

/** The image a container gets: a `build.images` name resolved through the built digests, else as written. */
export function imageFor(reference: string, built: ReadonlyMap<string, string>): string {
  return built.get(reference) ?? reference;
}
