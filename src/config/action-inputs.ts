/**
 * The config file's settings as raw action inputs, keyed by each action's input names and written in the
 * same text form a workflow would pass (lists comma-separated, key/value pairs one `KEY=value` per line).
 * The actions then parse and validate config values with exactly the same code as explicit inputs.
 */
import type { DurationSetting, KitSettings } from './types.js';

/** The kit's actions that read the config file. */
export type KitAction = 'ecs-deploy' | 'wait-healthy' | 'build-push' | 'cleanup-ecr' | 'preview';

/** Raw input values by input name; only the inputs the config sets. */
export type ConfigInputs = Record<string, string>;

const list = (items: readonly (string | number)[] | undefined) => items?.join(',');
const pairs = (map: Record<string, string> | undefined) =>
  map &&
  Object.entries(map)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
const text = (value: string | number | boolean | undefined) =>
  value === undefined ? undefined : String(value);
const duration = (value: DurationSetting | undefined) =>
  value === undefined ? undefined : typeof value === 'number' ? `${value}s` : value;

/** Drops the inputs the config leaves unset. */
function defined(values: Record<string, string | undefined>): ConfigInputs {
  return Object.fromEntries(
    Object.entries(values).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/** The cluster of the first service (its own, else the top-level cluster). */
function firstCluster(settings: KitSettings): string | undefined {
  return settings.services?.[0]?.cluster ?? settings.cluster;
}

function buildPush(settings: KitSettings): ConfigInputs {
  const build = settings.build ?? {};
  return defined({
    'aws-region': settings.region,
    repository: build.repository,
    context: build.context,
    file: build.dockerfile,
    target: build.target,
    platforms: list(build.platforms),
    'build-args': pairs(build['build-args']),
    'create-repository': text(build['create-repository']),
  });
}

function waitHealthy(settings: KitSettings): ConfigInputs {
  const strategy = settings.strategy ?? {};
  return defined({
    'aws-region': settings.region,
    cluster: firstCluster(settings),
    // The gate follows one service: the first one the environment lists (put the one behind the load
    // balancer first), unless the step names it.
    service: settings.services?.[0]?.name,
    strategy: strategy.type,
    'listener-arn': strategy['listener-arn'],
    'listener-rule-arn': strategy['listener-rule-arn'],
    'blue-service': strategy['blue-service'],
    'green-service': strategy['green-service'],
    traffic: strategy.traffic,
    'final-bake': duration(strategy['final-bake']),
    'old-colour': strategy['old-colour'],
    consecutive: text(strategy.consecutive),
    'unhealthy-timeout': duration(strategy['unhealthy-timeout']),
    timeout: duration(settings.timeouts?.healthy),
    ...gateInputs(settings, true),
  });
}

/** The gate section as inputs: alarms for both actions, the metric bounds for wait-healthy only. */
function gateInputs(settings: KitSettings, metrics: boolean): Record<string, string | undefined> {
  const gate = settings.gate ?? {};
  const alarms = {
    alarms: list(gate.alarms),
    'allow-alarms-in-alarm': text(gate['allow-alarms-in-alarm']),
    'alarm-bake': duration(gate['alarm-bake']),
  };
  if (!metrics) return alarms;
  return {
    ...alarms,
    'metric-max-5xx': gate['metric-max-5xx'],
    'metric-max-5xx-over-old': gate['metric-max-5xx-over-old'],
    'metric-max-p99': gate['metric-max-p99'],
    'metric-max-p99-over-old': gate['metric-max-p99-over-old'],
    'metric-min-requests': text(gate['metric-min-requests']),
  };
}

/** A bare repository (no tag, no digest): the container the pipeline gives the image it built. */
export function isBareRepository(image: string): boolean {
  const name = image.slice(image.lastIndexOf('/') + 1);
  return !image.includes('@') && !name.includes(':');
}

/**
 * ecs-deploy's `desired-count`: one number when every service sets the same count, else `service=count`
 * per line for the services that set one (the others keep their count).
 */
function desiredCounts(services: KitSettings['services']): string | undefined {
  const all = services ?? [];
  const counts = new Set(all.map((service) => service['desired-count']));
  if (counts.size === 1) return text([...counts][0]);
  const set = all.filter((service) => service['desired-count'] !== undefined);
  return set.length === 0
    ? undefined
    : set.map((service) => `${service.name}=${service['desired-count']}`).join('\n');
}

function ecsDeploy(settings: KitSettings): ConfigInputs {
  const cluster = firstCluster(settings);
  // One step deploys to one cluster: the services of the first service's cluster.
  const services = (settings.services ?? []).filter(
    (service) => (service.cluster ?? settings.cluster) === cluster,
  );
  const containers = Object.entries(settings.containers ?? {});
  const pinned = containers.filter(([, image]) => !isBareRepository(image));
  const deploy = settings.deploy ?? {};
  return defined({
    'aws-region': settings.region,
    cluster,
    service: services.length > 0 ? list(services.map((service) => service.name)) : undefined,
    'task-definition': settings['task-definition'],
    'container-name': containers.find(([, image]) => isBareRepository(image))?.[0],
    images: pinned.length > 0 ? pinned.map(([name, image]) => `${name}=${image}`).join('\n') : undefined,
    'environment-variables': pairs(settings.environment),
    secrets: pairs(settings.secrets),
    cpu: settings.cpu,
    memory: settings.memory,
    'desired-count': desiredCounts(services),
    wait: deploy.wait,
    'rollback-on-failure': text(deploy.rollback),
    'force-new-deployment': text(deploy['force-new-deployment']),
    'allow-family-change': text(deploy['allow-family-change']),
    'keep-revisions': text(deploy['keep-revisions']),
    'in-progress': deploy['in-progress'],
    'worker-settle': duration(deploy['worker-settle']),
    // The task lists travel as JSON; ecs-deploy's one-off reader names them deploy.before[N] in errors.
    'before-command': deploy.before && JSON.stringify(deploy.before),
    'after-command': deploy.after && JSON.stringify(deploy.after),
    timeout: duration(settings.timeouts?.deploy),
    // ecs-deploy reads alarms only in its healthy wait; otherwise they are wait-healthy's.
    ...(deploy.wait === 'healthy' ? gateInputs(settings, false) : {}),
  });
}

function cleanupEcr(settings: KitSettings): ConfigInputs {
  const cleanup = settings.cleanup ?? {};
  const matching = cleanup['keep-newest-matching'];
  return defined({
    'aws-region': settings.region,
    repositories: list(cleanup.repositories),
    clusters: list(cleanup.clusters),
    'keep-newest': text(cleanup['keep-newest']),
    'keep-newest-untagged': text(cleanup['keep-newest-untagged']),
    'keep-within': duration(cleanup['keep-within']),
    'keep-tags': list(cleanup['keep-tags']),
    'keep-newest-matching':
      matching && pairs(Object.fromEntries(Object.entries(matching).map(([k, v]) => [k, String(v)]))),
    'delete-untagged-after': duration(cleanup['delete-untagged-after']),
    'delete-tags': list(cleanup['delete-tags']),
    'delete-unkept': text(cleanup['delete-unkept']),
    'rollback-revisions': text(cleanup['rollback-revisions']),
  });
}

/**
 * The preview's template: `preview.service` (in the cluster of the service of that name when the
 * environment lists one, else the first service's cluster), or the first service. The pull request's
 * image goes to `preview.container-name`, else to the container of a bare repository when there is
 * exactly one (with several, the action picks the container the template's target group routes to).
 */
function preview(settings: KitSettings): ConfigInputs {
  const section = settings.preview ?? {};
  const named = section.service;
  const listed = named === undefined ? undefined : settings.services?.find((item) => item.name === named);
  const bare = Object.entries(settings.containers ?? {}).filter(([, image]) => isBareRepository(image));
  return defined({
    'aws-region': settings.region,
    cluster: listed ? (listed.cluster ?? settings.cluster) : firstCluster(settings),
    service: named ?? settings.services?.[0]?.name,
    'container-name': section['container-name'] ?? (bare.length === 1 ? bare[0][0] : undefined),
    'listener-arn': section['listener-arn'],
    domain: section.domain,
    'base-url': section['base-url'],
    'desired-count': text(section['desired-count']),
    'max-previews': text(section['max-previews']),
    'priority-base': text(section['priority-base']),
    'priority-range': text(section['priority-range']),
    'deregistration-delay': duration(section['deregistration-delay']),
    'wait-healthy': text(section['wait-healthy']),
    'health-timeout': duration(section['health-timeout']),
    repositories: list(section.repositories),
    'image-tags': section['image-tags'],
    'drain-timeout': duration(section['drain-timeout']),
    ttl: duration(section.ttl),
  });
}

const MAPPINGS: Record<KitAction, (settings: KitSettings) => ConfigInputs> = {
  'build-push': buildPush,
  'wait-healthy': waitHealthy,
  'ecs-deploy': ecsDeploy,
  'cleanup-ecr': cleanupEcr,
  preview,
};

/** The raw inputs the config file gives `action` in one environment. */
export function configInputs(action: KitAction, settings: KitSettings): ConfigInputs {
  return MAPPINGS[action](settings);
}
