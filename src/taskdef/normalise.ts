/**
 * A canonical form of a task definition for deciding "unchanged": ECS fills in defaults, returns empty
 * lists, converts `1 vCPU` to `1024` and does not care about the order of environment variables, so a
 * byte comparison of file and registered revision would register a new revision on every run.
 */
import { PROVENANCE_TAG_KEYS } from './provenance.js';
import { READ_ONLY_FIELDS } from './strip.js';
import type { TaskDefinitionInput } from './types.js';

type Plain = Record<string, unknown>;

function isObject(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined, null, empty lists and empty objects, recursively. */
function dropEmpty(value: unknown): unknown {
  if (Array.isArray(value)) {
    const items = value.map(dropEmpty).filter((item) => item !== undefined);
    return items.length === 0 ? undefined : items;
  }
  if (isObject(value)) {
    const entries = Object.entries(value)
      .map(([key, item]) => [key, dropEmpty(item)] as const)
      .filter(([, item]) => item !== undefined);
    return entries.length === 0 ? undefined : Object.fromEntries(entries);
  }
  return value === null ? undefined : value;
}

/** `1 vCPU` → `1024`, `2 GB` → `2048`, as ECS stores them. */
export function taskSizeUnits(value: unknown, unit: 'vcpu' | 'gb'): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  const match = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit}$`, 'i').exec(text);
  return match ? String(Math.round(Number(match[1]) * 1024)) : text;
}

function byKey<T>(key: (item: T) => string): (a: T, b: T) => number {
  return (a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
}

function sortedBy(list: unknown, key: (item: Plain) => string): unknown {
  return Array.isArray(list) ? [...(list as Plain[])].sort(byKey(key)) : list;
}

function normaliseContainer(container: Plain, networkMode: string): Plain {
  const result: Plain = { ...container };
  if (result.essential === undefined) result.essential = true;
  if (result.cpu === 0) delete result.cpu;
  // ECS stores a container health check with its documented defaults filled in.
  if (isObject(result.healthCheck))
    result.healthCheck = { interval: 30, timeout: 5, retries: 3, ...result.healthCheck };
  result.environment = sortedBy(result.environment, (entry) => String(entry.name));
  result.secrets = sortedBy(result.secrets, (entry) => String(entry.name));
  result.ulimits = sortedBy(result.ulimits, (entry) => String(entry.name));
  result.portMappings = Array.isArray(result.portMappings)
    ? (result.portMappings as Plain[])
        .map((mapping) => {
          const port: Plain = { protocol: 'tcp', ...mapping };
          // In awsvpc and host mode the host port always equals the container port; ECS fills it in.
          // In bridge mode an omitted host port is dynamic, which ECS records as 0.
          if (port.hostPort === undefined) port.hostPort = networkMode === 'bridge' ? 0 : port.containerPort;
          return port;
        })
        .sort(byKey((port) => `${String(port.containerPort)}/${String(port.protocol)}`))
    : result.portMappings;
  return result;
}

/** Tags that describe the deployment rather than the definition: never a reason for a new revision. */
function meaningfulTags(tags: unknown): unknown {
  if (!Array.isArray(tags)) return undefined;
  return (tags as Plain[])
    .filter((tag) => {
      const key = String(tag.key);
      return !(PROVENANCE_TAG_KEYS as readonly string[]).includes(key) && !/^(aws|ecs):/.test(key);
    })
    .sort(byKey((tag) => String(tag.key)));
}

/** The canonical form: equal for two definitions that ECS would treat as the same revision content. */
export function normaliseTaskDefinition(definition: TaskDefinitionInput): unknown {
  const plain: Plain = { ...(definition as unknown as Plain) };
  for (const field of READ_ONLY_FIELDS) delete plain[field];
  const networkMode = String(plain.networkMode ?? 'bridge');
  plain.networkMode = networkMode;
  plain.cpu = taskSizeUnits(plain.cpu, 'vcpu');
  plain.memory = taskSizeUnits(plain.memory, 'gb');
  plain.tags = meaningfulTags(plain.tags);
  plain.requiresCompatibilities = Array.isArray(plain.requiresCompatibilities)
    ? [...(plain.requiresCompatibilities as string[])].sort()
    : undefined;
  plain.volumes = sortedBy(plain.volumes, (volume) => String(volume.name));
  plain.containerDefinitions = (
    Array.isArray(plain.containerDefinitions) ? (plain.containerDefinitions as Plain[]) : []
  )
    .map((container) => normaliseContainer(container, networkMode))
    .sort(byKey((container) => String(container.name)));
  return dropEmpty(plain);
}

/** JSON with object keys sorted, so equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    isObject(item) ? Object.fromEntries(Object.entries(item).sort(byKey(([key]) => key))) : item,
  );
}

/** True when registering `rendered` would repeat `registered` (ignoring read-only fields, defaults, order). */
export function sameTaskDefinition(rendered: TaskDefinitionInput, registered: TaskDefinitionInput): boolean {
  return (
    canonicalJson(normaliseTaskDefinition(rendered)) === canonicalJson(normaliseTaskDefinition(registered))
  );
}
