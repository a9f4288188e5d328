/**
 * The pure render step: a task definition plus the action's overrides (images by container, environment
 * and secrets per container, task size, tags) gives the RegisterTaskDefinition request to deploy.
 */
import type { KeyValuePair, Secret, Tag } from '@aws-sdk/client-ecs';
import { imageReferenceProblem } from './image.js';
import { substituteVariables } from './variables.js';
import { TaskDefinitionError } from './strip.js';
import type { ContainerDefinitionInput, TaskDefinitionInput } from './types.js';
import { CONTAINER_NAME, TASK_DEFINITION_FAMILY, hasForm } from '../validation/aws-names.js';

/** One environment variable or secret for a container (the default container when `container` is unset). */
export interface ContainerSetting {
  container?: string;
  name: string;
  /** The variable's value, or the secret's ARN (valueFrom). */
  value: string;
}

/** What to change in the base task definition. */
export interface RenderOverrides {
  /** Template variables (`${NAME}`, `<NAME>`, `__NAME__`, `%NAME%`), filled in before anything else. */
  variables?: Map<string, string>;
  /** Container name → image reference. */
  images?: Map<string, string>;
  /** Container that unprefixed environment and secrets apply to (the single `container-name` input). */
  defaultContainer?: string;
  environment?: ContainerSetting[];
  secrets?: ContainerSetting[];
  /** Replace a container's whole environment list with the given variables instead of merging. */
  replaceEnvironment?: boolean;
  /** Replace a container's whole secrets list with the given secrets instead of merging. */
  replaceSecrets?: boolean;
  /** Task-level CPU units or vCPU, e.g. `512` or `1 vCPU`. */
  cpu?: string;
  /** Task-level memory, e.g. `1024` or `2 GB`. */
  memory?: string;
  /** Tags to add (or overwrite by key). */
  tags?: Tag[];
}

function containerNames(definition: TaskDefinitionInput): string[] {
  return (definition.containerDefinitions ?? []).map((container) => container.name ?? '');
}

function unknownContainer(definition: TaskDefinitionInput, name: string, input: string): TaskDefinitionError {
  return new TaskDefinitionError(
    `${input}: container '${name}' is not in task definition ${definition.family} (containers: ${containerNames(definition).join(', ')})`,
    ['containerDefinitions'],
  );
}

/** Resolves which container a setting applies to. */
function targetContainer(
  definition: TaskDefinitionInput,
  setting: ContainerSetting,
  overrides: RenderOverrides,
  input: string,
): string {
  const explicit = setting.container ?? overrides.defaultContainer;
  const names = containerNames(definition);
  if (explicit) {
    if (!names.includes(explicit)) throw unknownContainer(definition, explicit, input);
    return explicit;
  }
  if (names.length === 1) return names[0];
  throw new TaskDefinitionError(
    `${input}: '${setting.name}' must name its container, e.g. ${names[0]}:${setting.name}=… (containers: ${names.join(', ')})`,
    ['containerDefinitions'],
  );
}

/** Updates entries by name, else appends; or replaces the whole list. */
function mergeByName<T extends { name?: string }>(
  existing: T[] | undefined,
  updates: T[],
  replace: boolean,
): T[] {
  if (replace) return updates;
  const merged = (existing ?? []).map((entry) => ({ ...entry }));
  for (const update of updates) {
    const index = merged.findIndex((entry) => entry.name === update.name);
    if (index >= 0) merged[index] = update;
    else merged.push(update);
  }
  return merged;
}

function groupByContainer(
  definition: TaskDefinitionInput,
  settings: ContainerSetting[],
  overrides: RenderOverrides,
  input: string,
): Map<string, ContainerSetting[]> {
  const groups = new Map<string, ContainerSetting[]>();
  for (const setting of settings) {
    const container = targetContainer(definition, setting, overrides, input);
    groups.set(container, [...(groups.get(container) ?? []), setting]);
  }
  return groups;
}

function renderContainer(
  container: ContainerDefinitionInput,
  overrides: RenderOverrides,
  environment: ContainerSetting[] | undefined,
  secrets: ContainerSetting[] | undefined,
): ContainerDefinitionInput {
  const rendered: ContainerDefinitionInput = { ...container };
  const image = overrides.images?.get(container.name ?? '');
  if (image !== undefined) rendered.image = image;
  if (environment) {
    const variables: KeyValuePair[] = environment.map(({ name, value }) => ({ name, value }));
    rendered.environment = mergeByName(
      container.environment,
      variables,
      overrides.replaceEnvironment ?? false,
    );
  }
  if (secrets) {
    const references: Secret[] = secrets.map(({ name, value }) => ({ name, valueFrom: value }));
    rendered.secrets = mergeByName(container.secrets, references, overrides.replaceSecrets ?? false);
  }
  return rendered;
}

function mergeTags(existing: Tag[] | undefined, added: Tag[]): Tag[] | undefined {
  if (added.length === 0) return existing;
  const merged = (existing ?? []).filter((tag) => !added.some((update) => update.key === tag.key));
  return [...merged, ...added];
}

/** Every container must end up with a usable image: placeholders and typos stop here. */
function checkImages(definition: TaskDefinitionInput): void {
  (definition.containerDefinitions ?? []).forEach((container, index) => {
    const problem = imageReferenceProblem(container.image ?? '');
    if (problem) {
      throw new TaskDefinitionError(
        `container '${container.name}' image ${problem === 'is empty' ? 'is missing' : problem}; set it with the images input (${container.name}=<image>)`,
        ['containerDefinitions', index, 'image'],
      );
    }
  });
}

const TASK_SIZE: Record<'cpu' | 'memory', RegExp> = {
  cpu: /^(\d+|\d+(\.\d+)?\s*vcpu)$/i,
  memory: /^(\d+|\d+(\.\d+)?\s*gb)$/i,
};

/** Task-level cpu and memory must be numbers (or `1 vCPU` / `2 GB`); placeholders stop here. */
function checkTaskSize(definition: TaskDefinitionInput): void {
  for (const field of ['cpu', 'memory'] as const) {
    const value = definition[field];
    if (value !== undefined && !TASK_SIZE[field].test(value)) {
      const example = field === 'cpu' ? '512 or 1 vCPU' : '1024 or 2 GB';
      throw new TaskDefinitionError(
        `task ${field} '${value}' is not a size such as ${example}; set it with the ${field} input`,
        [field],
      );
    }
  }
}

/** ECS accepts letters, digits, `-` and `_` in family and container names; templates often leave `<family>`. */
function checkNames(definition: TaskDefinitionInput): void {
  if (!hasForm(TASK_DEFINITION_FAMILY, definition.family ?? ''))
    throw new TaskDefinitionError(
      `family '${definition.family}' may only hold letters, digits, - and _ (a template placeholder left unfilled?)`,
      ['family'],
    );
  (definition.containerDefinitions ?? []).forEach((container, index) => {
    if (!hasForm(CONTAINER_NAME, container.name ?? ''))
      throw new TaskDefinitionError(
        `container name '${container.name}' may only hold letters, digits, - and _ (a template placeholder left unfilled?)`,
        ['containerDefinitions', index, 'name'],
      );
  });
}

/** Applies the overrides to a task definition; throws TaskDefinitionError (with a JSON path) on a bad override. */
export function renderTaskDefinition(
  template: TaskDefinitionInput,
  overrides: RenderOverrides = {},
): TaskDefinitionInput {
  const base = substituteVariables(template, overrides.variables ?? new Map<string, string>());
  checkNames(base);
  for (const name of overrides.images?.keys() ?? []) {
    if (!containerNames(base).includes(name)) throw unknownContainer(base, name, 'images');
  }
  const environment = groupByContainer(base, overrides.environment ?? [], overrides, 'environment-variables');
  const secrets = groupByContainer(base, overrides.secrets ?? [], overrides, 'secrets');
  const rendered: TaskDefinitionInput = {
    ...base,
    containerDefinitions: (base.containerDefinitions ?? []).map((container) =>
      renderContainer(
        container,
        overrides,
        environment.get(container.name ?? ''),
        secrets.get(container.name ?? ''),
      ),
    ),
  };
  // ECS takes task-level cpu and memory as strings; files often carry numbers.
  const cpu = overrides.cpu ?? (base.cpu === undefined ? undefined : String(base.cpu));
  const memory = overrides.memory ?? (base.memory === undefined ? undefined : String(base.memory));
  if (cpu !== undefined) rendered.cpu = cpu;
  if (memory !== undefined) rendered.memory = memory;
  const tags = mergeTags(base.tags, overrides.tags ?? []);
  if (tags !== undefined) rendered.tags = tags;
  checkTaskSize(rendered);
  checkImages(rendered);
  return rendered;
}
