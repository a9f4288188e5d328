/**
 * The ecs-deploy inputs, read once and validated before the engine or the AWS SDK is loaded: a malformed
 * image, service name, size or duration fails the step before any AWS call.
 */
import type { DesiredCount } from '../../src/deploy/inputs.js';
import { readDesiredCount } from './desired-count-input.js';
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import {
  DEPLOY_MODES,
  IN_PROGRESS_POLICIES,
  ROLLBACK_SCOPES,
  WAIT_MODES,
  parseRollbackTo,
  rollbackToProblem,
  type DeployMode,
  type InProgressPolicy,
  type RollbackScope,
  type WaitMode,
} from '../../src/deploy/inputs.js';
import { configInputSource } from '../../src/github/config-inputs.js';
import { readRegion, readWorkflowContext, type WorkflowContext } from '../../src/github/environment.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import {
  readBoolean,
  readDuration,
  readEnum,
  readInteger,
  readKeyValues,
  readOptional,
} from '../../src/github/inputs.js';
import { readCluster, readContainerName, readNamedList } from '../../src/github/name-inputs.js';
import { checkContainerImage, containerImages, type ContainerSetting } from '../../src/taskdef/inputs.js';
import type { OneOffTaskSpec } from '../../src/deploy/inputs.js';
import { readGateInputs, type GateInputs } from '../../src/health/inputs.js';
import { parseOneOffTasks } from './one-off-inputs.js';
import {
  CONTAINER_NAME,
  SERVICE,
  TASK_DEFINITION_REVISION,
  hasForm,
} from '../../src/validation/aws-names.js';

/** The `force-new-deployment` input's values (`auto`, or a boolean). */
export const FORCE_NEW_DEPLOYMENT = ['auto', 'true', 'false'] as const;

/** The validated inputs, keyed like action.yml. */
export interface Inputs {
  cluster: string;
  service: string[];
  /** Absolute path of the task definition file, if given. */
  'task-definition'?: string;
  /** Template variables filled into the task definition. */
  variables: Map<string, string>;
  'container-name'?: string;
  /** Container → image, from `images` and the `container-name` + `image` pair. */
  images: Map<string, string>;
  'environment-variables': ContainerSetting[];
  secrets: ContainerSetting[];
  'replace-environment-variables': boolean;
  'replace-secrets': boolean;
  /** Applied where the config's containers are merged (src/github/config-inputs.ts); validated here. */
  'replace-images': boolean;
  cpu?: string;
  memory?: string;
  tags: { key: string; value: string }[];
  environment?: string;
  'allow-family-change': boolean;
  'force-new-deployment': 'auto' | boolean;
  'in-progress': InProgressPolicy;
  /** One count, or service name → count. */
  'desired-count'?: DesiredCount;
  wait: WaitMode;
  /** Milliseconds. */
  timeout: number;
  /** Milliseconds a service without a load balancer must stay settled after COMPLETED (0: not at all). */
  'worker-settle': number;
  'rollback-on-failure': boolean;
  /** `all`: a failed service rolls back every service of the step; `service`: only the failed ones. */
  'rollback-scope': RollbackScope;
  'keep-revisions': number;
  mode: DeployMode;
  'rollback-to'?: string;
  'dry-run': boolean;
  'aws-region': string;
  workflow: WorkflowContext;
  /** One-off tasks from `before-command` and `after-command` (with `one-off-container`, `one-off-timeout`). */
  'one-off-tasks': OneOffTaskSpec[];
  /** CloudWatch alarms that gate the rollout (with `wait: healthy`). */
  gate: GateInputs;
}

/** Inputs that shape the task definition: meaningless when rolling back to an existing revision. */
const RENDER_INPUTS = [
  'task-definition',
  'variables',
  'image',
  'images',
  'environment-variables',
  'secrets',
  'cpu',
  'memory',
  'tags',
  'before-command',
  'after-command',
];
const CPU = /^(\d+|\d+(\.\d+)?\s*vcpu)$/i;
const MEMORY = /^(\d+|\d+(\.\d+)?\s*gb)$/i;

function readServices(source: InputSource): string[] {
  const services = readNamedList(source, 'service', SERVICE);
  if (services.length === 0) throw new InputError('service', `is required (${SERVICE.expected})`);
  if (new Set(services).size !== services.length) throw new InputError('service', 'lists a service twice');
  return services;
}

function readImages(source: InputSource, containerName: string | undefined): Map<string, string> {
  const images = containerImages('images', readKeyValues(source, 'images'));
  const image = readOptional(source, 'image');
  if (image !== undefined) {
    if (!containerName)
      throw new InputError('image', 'needs container-name: the container whose image to set');
    checkContainerImage('image', containerName, image);
    if (images.has(containerName) && images.get(containerName) !== image)
      throw new InputError('images', `sets container '${containerName}' differently from the image input`);
    images.set(containerName, image);
  }
  return images;
}

/** `NAME=value` or `container:NAME=value` lines. */
function readContainerSettings(source: InputSource, input: string, what: string): ContainerSetting[] {
  const settings: ContainerSetting[] = [];
  const seen = new Set<string>();
  for (const [key, value] of readKeyValues(source, input)) {
    const colon = key.indexOf(':');
    const container = colon > 0 ? key.slice(0, colon) : undefined;
    const name = colon > 0 ? key.slice(colon + 1) : key;
    if (container !== undefined && !hasForm(CONTAINER_NAME, container))
      throw new InputError(input, `'${container}' in '${key}' is not ${CONTAINER_NAME.expected}`);
    if (name === '' || /\s/.test(name))
      throw new InputError(input, `expected ${what} names without spaces, got '${key}'`);
    if (seen.has(`${container ?? ''}:${name}`)) throw new InputError(input, `'${key}' is given twice`);
    seen.add(`${container ?? ''}:${name}`);
    settings.push({ container, name, value });
  }
  return settings;
}

function readSecrets(source: InputSource): ContainerSetting[] {
  const secrets = readContainerSettings(source, 'secrets', 'secret');
  for (const secret of secrets) {
    if (secret.value === '')
      throw new InputError(
        'secrets',
        `'${secret.name}' needs a Secrets Manager or SSM parameter ARN (or parameter name)`,
      );
  }
  return secrets;
}

function readSize(
  source: InputSource,
  input: 'cpu' | 'memory',
  pattern: RegExp,
  example: string,
): string | undefined {
  const value = readOptional(source, input);
  if (value !== undefined && !pattern.test(value))
    throw new InputError(input, `expected a size such as ${example}, got '${value}'`);
  return value;
}

function readTags(source: InputSource): { key: string; value: string }[] {
  const tags = [...readKeyValues(source, 'tags')].map(([key, value]) => ({ key, value }));
  for (const tag of tags) {
    if (tag.key.length > 128 || tag.value.length > 256)
      throw new InputError('tags', `'${tag.key}': keys are at most 128 characters and values at most 256`);
    if (/^aws:/i.test(tag.key))
      throw new InputError('tags', `'${tag.key}': the aws: prefix is reserved by AWS`);
  }
  return tags;
}

/** `before-command` and `after-command`, explicit or from the config's `deploy.before` / `deploy.after`. */
function readOneOffTasks(source: InputSource): OneOffTaskSpec[] {
  const container = readContainerName(source, 'one-off-container');
  const timeoutMs = readDuration(source, 'one-off-timeout', '10m');
  if (timeoutMs <= 0)
    throw new InputError('one-off-timeout', 'expected a duration greater than zero, such as 10m');
  return (['before', 'after'] as const).flatMap((phase) => {
    const input = `${phase}-command`;
    const raw = source.value(input);
    return parseOneOffTasks(raw, {
      phase,
      input,
      fromConfig: raw !== '' && source.given(input) === '',
      container,
      timeoutMs,
    });
  });
}

function readForce(source: InputSource): 'auto' | boolean {
  const value = readEnum(source, 'force-new-deployment', FORCE_NEW_DEPLOYMENT, 'auto');
  return value === 'auto' ? 'auto' : value === 'true';
}

function readTaskDefinitionPath(source: InputSource, workspace: string): string | undefined {
  const path = readOptional(source, 'task-definition');
  if (path === undefined) return undefined;
  return isAbsolute(path) ? path : resolve(workspace, path);
}

/** Reads and validates every input; throws InputError naming the first bad one. */
export async function readInputs(runner: InputSource = runnerInputs): Promise<Inputs> {
  // The config file's settings for `environment` fill every input the step leaves to it.
  const source = await configInputSource('ecs-deploy', { base: runner });
  const workflow = readWorkflowContext();
  const containerName = readContainerName(source);
  const mode = readEnum(source, 'mode', DEPLOY_MODES, 'deploy');
  const services = readServices(source);
  const inputs: Inputs = {
    cluster: readCluster(source),
    service: services,
    'task-definition': readTaskDefinitionPath(source, workflow.workspace),
    variables: readKeyValues(source, 'variables'),
    'container-name': containerName,
    images: readImages(source, containerName),
    'environment-variables': readContainerSettings(source, 'environment-variables', 'variable'),
    secrets: readSecrets(source),
    'replace-environment-variables': readBoolean(source, 'replace-environment-variables', false),
    'replace-secrets': readBoolean(source, 'replace-secrets', false),
    'replace-images': readBoolean(source, 'replace-images', false),
    cpu: readSize(source, 'cpu', CPU, '512 or 1 vCPU'),
    memory: readSize(source, 'memory', MEMORY, '1024 or 2 GB'),
    tags: readTags(source),
    environment: readOptional(source, 'environment'),
    'allow-family-change': readBoolean(source, 'allow-family-change', false),
    'force-new-deployment': readForce(source),
    'in-progress': readEnum(source, 'in-progress', IN_PROGRESS_POLICIES, 'wait'),
    'desired-count': readDesiredCount(source, services),
    wait: readEnum(source, 'wait', WAIT_MODES, 'deployment'),
    timeout: readDuration(source, 'timeout', '10m'),
    'worker-settle': readDuration(source, 'worker-settle', '30s'),
    'rollback-on-failure': readBoolean(source, 'rollback-on-failure', true),
    'rollback-scope': readEnum(source, 'rollback-scope', ROLLBACK_SCOPES, 'all'),
    'keep-revisions': readInteger(source, 'keep-revisions', { fallback: 0, min: 0, max: 1000 })!,
    mode,
    'rollback-to': readOptional(source, 'rollback-to'),
    'dry-run': readBoolean(source, 'dry-run', false),
    'aws-region': readRegion(source),
    workflow,
    'one-off-tasks': readOneOffTasks(source),
    gate: readGateInputs(source, { metrics: false }),
  };
  if (inputs.gate.alarms.length > 0 && inputs.wait !== 'healthy')
    throw new InputError(
      'alarms',
      `needs wait: healthy (the gate that reads them), got wait: ${inputs.wait}`,
    );
  if (inputs.timeout <= 0)
    throw new InputError('timeout', 'expected a duration greater than zero, such as 10m');
  if (inputs['rollback-to'] !== undefined) {
    if (mode !== 'rollback') throw new InputError('rollback-to', 'is only used with mode: rollback');
    // Several entries, one per family, when the services run different families (each goes to its own).
    const entries = parseRollbackTo(inputs['rollback-to']);
    for (const target of entries)
      if (!/^\d+$/.test(target) && !hasForm(TASK_DEFINITION_REVISION, target))
        throw new InputError(
          'rollback-to',
          `expected a revision number, ${TASK_DEFINITION_REVISION.expected} (one per family, comma-separated), got '${target}'`,
        );
    const problem = rollbackToProblem(entries);
    if (problem) throw new InputError('rollback-to', problem);
  }
  if (inputs['one-off-tasks'].some((task) => task.phase === 'after') && inputs.wait === 'none')
    throw new InputError(
      'after-command',
      'needs wait: deployment or healthy (after tasks run once the services are healthy)',
    );
  if (mode === 'rollback') {
    // Only what the step itself sets: a config file's task definition settings are simply not used.
    const given = RENDER_INPUTS.find((name) => source.given(name) !== '');
    if (given)
      throw new InputError(
        given,
        'is not used with mode: rollback (a rollback returns to an existing revision)',
      );
  }
  return inputs;
}
