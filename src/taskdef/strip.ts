/**
 * Turning a file's content into a RegisterTaskDefinition request: unwrap the output of
 * `aws ecs describe-task-definition`, drop the fields ECS sets itself (registering them fails with
 * "Unexpected key"), drop nulls, and check the shape well enough to name what is wrong.
 */
import { formatJsonPath, type JsonPath } from './path.js';
import type { TaskDefinitionInput } from './types.js';

/** Fields DescribeTaskDefinition returns that RegisterTaskDefinition rejects. */
export const READ_ONLY_FIELDS = [
  'taskDefinitionArn',
  'revision',
  'status',
  'requiresAttributes',
  'compatibilities',
  'registeredAt',
  'registeredBy',
  'deregisteredAt',
  'deleteRequestedAt',
] as const;

/** Every parameter RegisterTaskDefinition accepts. */
export const REGISTER_FIELDS = [
  'family',
  'taskRoleArn',
  'executionRoleArn',
  'networkMode',
  'containerDefinitions',
  'volumes',
  'placementConstraints',
  'requiresCompatibilities',
  'cpu',
  'memory',
  'tags',
  'pidMode',
  'ipcMode',
  'proxyConfiguration',
  'inferenceAccelerators',
  'ephemeralStorage',
  'runtimePlatform',
  'enableFaultInjection',
] as const;

/** A problem with the content of a task definition, located by JSON path. */
export class TaskDefinitionError extends Error {
  constructor(
    readonly reason: string,
    readonly path: JsonPath,
  ) {
    super(path.length > 0 ? `${formatJsonPath(path)}: ${reason}` : reason);
    this.name = 'TaskDefinitionError';
  }
}

/** The request extracted from a file, and what was removed on the way. */
export interface StrippedTaskDefinition {
  taskDefinition: TaskDefinitionInput;
  /** Removed read-only fields, as JSON paths (for a debug line). */
  stripped: string[];
  /** Where the task definition sits in the file: `['taskDefinition']` when wrapped. */
  pathPrefix: JsonPath;
  /** Repairs made on the way, with the path they concern (shown as warnings). */
  warnings: { message: string; path: JsonPath }[];
}

/**
 * A secret written like an environment variable (`value` instead of `valueFrom`) is a common slip that
 * ECS rejects; the intent is unambiguous, so it is repaired and reported rather than failed.
 */
function repairSecrets(
  definition: Record<string, unknown>,
  warnings: StrippedTaskDefinition['warnings'],
): void {
  const containers = Array.isArray(definition.containerDefinitions) ? definition.containerDefinitions : [];
  containers.forEach((container: unknown, index) => {
    if (!isObject(container) || !Array.isArray(container.secrets)) return;
    container.secrets = container.secrets.map((secret: unknown, position) => {
      if (!isObject(secret) || secret.valueFrom !== undefined || typeof secret.value !== 'string')
        return secret;
      const path = ['containerDefinitions', index, 'secrets', position];
      warnings.push({
        message: `secret '${String(secret.name)}' has 'value' instead of 'valueFrom'; using it as valueFrom`,
        path,
      });
      const { value, ...rest } = secret;
      return { ...rest, valueFrom: value };
    });
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops null values everywhere (exported definitions carry `"hostname": null`, which ECS rejects). */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(dropNulls);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, item]) => item !== null)
      .map(([key, item]) => [key, dropNulls(item)]),
  );
}

/** Checks the minimum RegisterTaskDefinition needs, naming the path of the first problem. */
function checkShape(definition: Record<string, unknown>): void {
  for (const key of Object.keys(definition)) {
    if (!(REGISTER_FIELDS as readonly string[]).includes(key))
      throw new TaskDefinitionError(`unknown field '${key}' (not a RegisterTaskDefinition parameter)`, [key]);
  }
  if (typeof definition.family !== 'string' || definition.family.trim() === '')
    throw new TaskDefinitionError('family is required (a name such as shop-web)', ['family']);
  const containers = definition.containerDefinitions;
  if (!Array.isArray(containers) || containers.length === 0)
    throw new TaskDefinitionError('expected a non-empty list of containers', ['containerDefinitions']);
  const names = new Set<string>();
  containers.forEach((container, index) => {
    const path = ['containerDefinitions', index];
    if (!isObject(container)) throw new TaskDefinitionError('expected a container object', path);
    if (typeof container.name !== 'string' || container.name === '')
      throw new TaskDefinitionError('container name is required', [...path, 'name']);
    if (names.has(container.name))
      throw new TaskDefinitionError(`container name '${container.name}' is used twice`, [...path, 'name']);
    names.add(container.name);
  });
  if (definition.tags !== undefined && !Array.isArray(definition.tags))
    throw new TaskDefinitionError('expected a list of {key, value}', ['tags']);
}

/** Unwraps, strips read-only fields and nulls, and checks the shape of a parsed task definition file. */
export function stripTaskDefinition(document: unknown): StrippedTaskDefinition {
  if (!isObject(document))
    throw new TaskDefinitionError('expected an object with family and containerDefinitions', []);
  let definition = document;
  let pathPrefix: JsonPath = [];
  if (isObject(document.taskDefinition)) {
    // `describe-task-definition --include TAGS` puts tags next to the task definition.
    definition = { ...document.taskDefinition };
    if (Array.isArray(document.tags) && definition.tags === undefined) definition.tags = document.tags;
    pathPrefix = ['taskDefinition'];
  }
  const stripped: string[] = [];
  const request: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(definition)) {
    if ((READ_ONLY_FIELDS as readonly string[]).includes(key))
      stripped.push(formatJsonPath([...pathPrefix, key]));
    else request[key] = value;
  }
  const clean = dropNulls(request) as Record<string, unknown>;
  const warnings: StrippedTaskDefinition['warnings'] = [];
  repairSecrets(clean, warnings);
  try {
    checkShape(clean);
  } catch (error) {
    if (error instanceof TaskDefinitionError)
      throw new TaskDefinitionError(error.reason, [...pathPrefix, ...error.path]);
    throw error;
  }
  return {
    taskDefinition: clean as unknown as TaskDefinitionInput,
    stripped,
    pathPrefix,
    warnings: warnings.map((warning) => ({ ...warning, path: [...pathPrefix, ...warning.path] })),
  };
}
