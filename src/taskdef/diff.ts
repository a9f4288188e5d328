/**
 * What a deployment changes, for the plan, the `diff` output and the job summary. Environment variables
 * and secrets are reported by name only: values may be credentials, and a summary is widely readable.
 */
import { canonicalJson, normaliseTaskDefinition } from './normalise.js';
import type { ContainerDefinitionInput, TaskDefinitionInput } from './types.js';

/** A before/after pair; undefined means absent. */
export interface Change<T = string> {
  before?: T;
  after?: T;
}

/** Names added, removed and changed in a container's environment or secrets. */
export interface NamedListChange {
  added: string[];
  removed: string[];
  changed: string[];
}

/** The changes to one container that exists on both sides. */
export interface ContainerChange {
  name: string;
  image?: Change;
  environment?: NamedListChange;
  secrets?: NamedListChange;
  /** Other container fields that changed, e.g. `portMappings`, `command`. */
  fields: string[];
}

/** The differences between the running task definition and the rendered one. */
export interface TaskDefinitionDiff {
  changed: boolean;
  family?: Change;
  cpu?: Change;
  memory?: Change;
  addedContainers: string[];
  removedContainers: string[];
  containers: ContainerChange[];
  /** Other task-level fields that changed, e.g. `executionRoleArn`, `volumes`. */
  fields: string[];
}

type Plain = Record<string, unknown>;

function same(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function namedListChange(before: unknown, after: unknown, valueKey: string): NamedListChange | undefined {
  const toMap = (list: unknown) =>
    new Map(
      ((Array.isArray(list) ? list : []) as Plain[]).map((entry) => [String(entry.name), entry[valueKey]]),
    );
  const old = toMap(before);
  const next = toMap(after);
  const added = [...next.keys()].filter((name) => !old.has(name)).sort();
  const removed = [...old.keys()].filter((name) => !next.has(name)).sort();
  const changed = [...next.keys()].filter((name) => old.has(name) && old.get(name) !== next.get(name)).sort();
  return added.length + removed.length + changed.length > 0 ? { added, removed, changed } : undefined;
}

const SUMMARISED_CONTAINER_FIELDS = ['name', 'image', 'environment', 'secrets'];

function containerChange(before: Plain, after: Plain): ContainerChange | undefined {
  const change: ContainerChange = { name: String(after.name), fields: [] };
  if (before.image !== after.image)
    change.image = { before: before.image as string, after: after.image as string };
  change.environment = namedListChange(before.environment, after.environment, 'value');
  change.secrets = namedListChange(before.secrets, after.secrets, 'valueFrom');
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of [...keys].sort()) {
    if (!SUMMARISED_CONTAINER_FIELDS.includes(key) && !same(before[key], after[key])) change.fields.push(key);
  }
  const changed = change.image || change.environment || change.secrets || change.fields.length > 0;
  return changed ? change : undefined;
}

const SUMMARISED_TASK_FIELDS = ['family', 'cpu', 'memory', 'containerDefinitions'];

/** Compares two task definitions after normalisation (so defaults and ordering never show up as changes). */
export function diffTaskDefinitions(
  before: TaskDefinitionInput | undefined,
  after: TaskDefinitionInput,
): TaskDefinitionDiff {
  const next = normaliseTaskDefinition(after) as Plain;
  const old = (before ? normaliseTaskDefinition(before) : {}) as Plain;
  const containers = (definition: Plain) =>
    new Map(
      ((definition.containerDefinitions ?? []) as ContainerDefinitionInput[]).map((c) => [
        String(c.name),
        c as Plain,
      ]),
    );
  const oldContainers = containers(old);
  const newContainers = containers(next);
  const diff: TaskDefinitionDiff = {
    changed: !same(old, next),
    addedContainers: [...newContainers.keys()].filter((name) => !oldContainers.has(name)),
    removedContainers: [...oldContainers.keys()].filter((name) => !newContainers.has(name)),
    containers: [],
    fields: [],
  };
  for (const field of ['family', 'cpu', 'memory'] as const) {
    if (old[field] !== next[field])
      diff[field] = { before: old[field] as string, after: next[field] as string };
  }
  for (const [name, container] of newContainers) {
    const previous = oldContainers.get(name);
    const change = previous && containerChange(previous, container);
    if (change) diff.containers.push(change);
  }
  const keys = new Set([...Object.keys(old), ...Object.keys(next)]);
  for (const key of [...keys].sort()) {
    if (!SUMMARISED_TASK_FIELDS.includes(key) && !same(old[key], next[key])) diff.fields.push(key);
  }
  return diff;
}

function listChangeText(label: string, change: NamedListChange | undefined): string[] {
  if (!change) return [];
  const parts = [
    change.added.length > 0 ? `added ${change.added.join(', ')}` : '',
    change.removed.length > 0 ? `removed ${change.removed.join(', ')}` : '',
    change.changed.length > 0 ? `changed ${change.changed.join(', ')}` : '',
  ].filter(Boolean);
  return [`${label}: ${parts.join('; ')}`];
}

/** The diff as short lines of text (no secret or environment values), e.g. `web image: v1 → v2`. */
export function describeDiff(diff: TaskDefinitionDiff): string[] {
  if (!diff.changed) return ['no changes'];
  const lines: string[] = [];
  const change = (label: string, value?: Change) => {
    if (value) lines.push(`${label}: ${value.before ?? '(none)'} → ${value.after ?? '(none)'}`);
  };
  change('family', diff.family);
  change('task cpu', diff.cpu);
  change('task memory', diff.memory);
  for (const name of diff.addedContainers) lines.push(`container ${name}: added`);
  for (const name of diff.removedContainers) lines.push(`container ${name}: removed`);
  for (const container of diff.containers) {
    change(`${container.name} image`, container.image);
    lines.push(...listChangeText(`${container.name} environment`, container.environment));
    lines.push(...listChangeText(`${container.name} secrets`, container.secrets));
    if (container.fields.length > 0) lines.push(`${container.name} changed: ${container.fields.join(', ')}`);
  }
  if (diff.fields.length > 0) lines.push(`task definition changed: ${diff.fields.join(', ')}`);
  return lines;
}
