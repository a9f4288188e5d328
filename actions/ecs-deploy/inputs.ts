/**
 * The ecs-deploy inputs, read once and validated before the engine or the AWS SDK is loaded: a malformed
 * image, service name, size or duration fails the step before any AWS call.
 */
import { isAbsolute, resolve } from 'node:path';
import { InputError } from '../../src/errors.js';
import { rawInput } from '../../src/github/commands.js';
import { useConfigInputs } from '../../src/github/config-inputs.js';
import { readRegion, readWorkflowContext, type WorkflowContext } from '../../src/github/environment.js';
import {
  readBoolean,
  readDuration,
  readEnum,
  readInteger,
  readKeyValues,
  readList,
  readOptional,
  readRaw,
} from '../../src/github/inputs.js';
import { readGateInputs, type GateInputs } from '../../src/health/gate-inputs.js';
import { imageReferenceProblem } from '../../src/taskdef/image.js';
import type { ContainerSetting } from '../../src/taskdef/render.js';

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
  cpu?: string;
  memory?: string;
  tags: { key: string; value: string }[];
  environment?: string;
  'allow-family-change': boolean;
  'force-new-deployment': 'auto' | boolean;
  'in-progress': 'wait' | 'fail' | 'replace';
  'desired-count'?: number;
  wait: 'none' | 'deployment' | 'healthy';
  /** Seconds. */
  timeout: number;
  'rollback-on-failure': boolean;
  'keep-revisions': number;
  mode: 'deploy' | 'rollback';
  'rollback-to'?: string;
  'dry-run': boolean;
  'aws-region': string;
  workflow: WorkflowContext;
  /** CloudWatch alarms that gate the rollout (with `wait: healthy`). */
  gate: GateInputs;
}

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER_ARN = /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255}$/;
const SERVICE_ARN =
  /^arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:service\/([A-Za-z0-9_-]{1,255}\/)?[A-Za-z0-9_-]{1,255}$/;
const TASK_DEFINITION_REF =
  /^(\d+|[A-Za-z0-9_-]{1,255}:\d+|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/[A-Za-z0-9_-]{1,255}:\d+)$/;
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
];
const CPU = /^(\d+|\d+(\.\d+)?\s*vcpu)$/i;
const MEMORY = /^(\d+|\d+(\.\d+)?\s*gb)$/i;

function readCluster(): string {
  const cluster = readRaw('cluster');
  if (cluster === '') throw new InputError('cluster', 'is required (a cluster name or ARN)');
  if (!NAME.test(cluster) && !CLUSTER_ARN.test(cluster))
    throw new InputError(
      'cluster',
      `expected a cluster name (letters, digits, - and _) or ARN, got '${cluster}'`,
    );
  return cluster;
}

function readServices(): string[] {
  const services = readList('service');
  if (services.length === 0) throw new InputError('service', 'is required (one or more service names)');
  for (const service of services) {
    if (!NAME.test(service) && !SERVICE_ARN.test(service))
      throw new InputError(
        'service',
        `expected service names (letters, digits, - and _) or ARNs, got '${service}'`,
      );
  }
  if (new Set(services).size !== services.length) throw new InputError('service', 'lists a service twice');
  return services;
}

function checkImage(input: string, container: string, image: string): void {
  const problem = imageReferenceProblem(image);
  if (problem) throw new InputError(input, `image for container '${container}' ${problem}`);
}

function readImages(containerName: string | undefined): Map<string, string> {
  const images = new Map<string, string>();
  for (const [container, image] of readKeyValues('images')) {
    if (!NAME.test(container))
      throw new InputError(
        'images',
        `expected container=image lines, '${container}' is not a container name`,
      );
    checkImage('images', container, image);
    images.set(container, image);
  }
  const image = readOptional('image');
  if (image !== undefined) {
    if (!containerName)
      throw new InputError('image', 'needs container-name: the container whose image to set');
    checkImage('image', containerName, image);
    if (images.has(containerName) && images.get(containerName) !== image)
      throw new InputError('images', `sets container '${containerName}' differently from the image input`);
    images.set(containerName, image);
  }
  return images;
}

/** `NAME=value` or `container:NAME=value` lines. */
function readContainerSettings(input: string, what: string): ContainerSetting[] {
  const settings: ContainerSetting[] = [];
  const seen = new Set<string>();
  for (const [key, value] of readKeyValues(input)) {
    const colon = key.indexOf(':');
    const container = colon > 0 ? key.slice(0, colon) : undefined;
    const name = colon > 0 ? key.slice(colon + 1) : key;
    if (container !== undefined && !NAME.test(container))
      throw new InputError(input, `'${container}' in '${key}' is not a container name`);
    if (name === '' || /\s/.test(name))
      throw new InputError(input, `expected ${what} names without spaces, got '${key}'`);
    if (seen.has(`${container ?? ''}:${name}`)) throw new InputError(input, `'${key}' is given twice`);
    seen.add(`${container ?? ''}:${name}`);
    settings.push({ container, name, value });
  }
  return settings;
}

function readSecrets(): ContainerSetting[] {
  const secrets = readContainerSettings('secrets', 'secret');
  for (const secret of secrets) {
    if (secret.value === '')
      throw new InputError(
        'secrets',
        `'${secret.name}' needs a Secrets Manager or SSM parameter ARN (or parameter name)`,
      );
  }
  return secrets;
}

function readSize(input: 'cpu' | 'memory', pattern: RegExp, example: string): string | undefined {
  const value = readOptional(input);
  if (value !== undefined && !pattern.test(value))
    throw new InputError(input, `expected a size such as ${example}, got '${value}'`);
  return value;
}

function readTags(): { key: string; value: string }[] {
  const tags = [...readKeyValues('tags')].map(([key, value]) => ({ key, value }));
  for (const tag of tags) {
    if (tag.key.length > 128 || tag.value.length > 256)
      throw new InputError('tags', `'${tag.key}': keys are at most 128 characters and values at most 256`);
    if (/^aws:/i.test(tag.key))
      throw new InputError('tags', `'${tag.key}': the aws: prefix is reserved by AWS`);
  }
  return tags;
}

function readForce(): 'auto' | boolean {
  const value = readEnum('force-new-deployment', ['auto', 'true', 'false'], 'auto');
  return value === 'auto' ? 'auto' : value === 'true';
}

function readTaskDefinitionPath(workspace: string): string | undefined {
  const path = readOptional('task-definition');
  if (path === undefined) return undefined;
  return isAbsolute(path) ? path : resolve(workspace, path);
}

/** Reads and validates every input; throws InputError naming the first bad one. */
export async function readInputs(): Promise<Inputs> {
  // The config file's settings for `environment` become the fallback of every input below.
  await useConfigInputs('ecs-deploy');
  const workflow = readWorkflowContext();
  const containerName = readOptional('container-name');
  if (containerName !== undefined && !NAME.test(containerName))
    throw new InputError(
      'container-name',
      `expected a container name (letters, digits, - and _), got '${containerName}'`,
    );
  const mode = readEnum('mode', ['deploy', 'rollback'], 'deploy');
  const inputs: Inputs = {
    cluster: readCluster(),
    service: readServices(),
    'task-definition': readTaskDefinitionPath(workflow.workspace),
    variables: readKeyValues('variables'),
    'container-name': containerName,
    images: readImages(containerName),
    'environment-variables': readContainerSettings('environment-variables', 'variable'),
    secrets: readSecrets(),
    'replace-environment-variables': readBoolean('replace-environment-variables', false),
    'replace-secrets': readBoolean('replace-secrets', false),
    cpu: readSize('cpu', CPU, '512 or 1 vCPU'),
    memory: readSize('memory', MEMORY, '1024 or 2 GB'),
    tags: readTags(),
    environment: readOptional('environment'),
    'allow-family-change': readBoolean('allow-family-change', false),
    'force-new-deployment': readForce(),
    'in-progress': readEnum('in-progress', ['wait', 'fail', 'replace'], 'wait'),
    'desired-count': readInteger('desired-count', { min: 0, max: 5000 }),
    wait: readEnum('wait', ['none', 'deployment', 'healthy'], 'deployment'),
    timeout: readDuration('timeout', 600)!,
    'rollback-on-failure': readBoolean('rollback-on-failure', true),
    'keep-revisions': readInteger('keep-revisions', { fallback: 0, min: 0, max: 1000 })!,
    mode,
    'rollback-to': readOptional('rollback-to'),
    'dry-run': readBoolean('dry-run', false),
    'aws-region': readRegion('aws-region'),
    workflow,
    gate: readGateInputs({ metrics: false }),
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
    if (!TASK_DEFINITION_REF.test(inputs['rollback-to']))
      throw new InputError(
        'rollback-to',
        `expected a revision number, family:revision or task definition ARN, got '${inputs['rollback-to']}'`,
      );
  }
  if (mode === 'rollback') {
    // Only what the step itself sets: a config file's task definition settings are simply not used.
    const given = RENDER_INPUTS.find((name) => rawInput(name) !== '');
    if (given)
      throw new InputError(
        given,
        'is not used with mode: rollback (a rollback returns to an existing revision)',
      );
  }
  return inputs;
}
