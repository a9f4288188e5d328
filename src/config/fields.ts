/**
 * What each setting accepts, as data: the validator walks it, and the docs and JSON Schema are written to
 * match it (test/unit/config-schema.test.ts checks that the schema and the validator agree). Names, ARNs,
 * durations and enum values are the actions' own (src/validation/, the engine's exported lists), so a
 * value the file accepts is one the action accepts.
 */
import { IN_PROGRESS_POLICIES, WAIT_MODES } from '../deploy/types.js';
import { HEALTH_STRATEGIES, OLD_COLOUR_ACTIONS } from '../health/types.js';
import {
  CLUSTER,
  CONTAINER_NAME,
  ECR_REPOSITORY,
  LISTENER_ARN,
  LISTENER_RULE_ARN,
  REGION,
  SERVICE,
  SERVICE_NAME,
  type NameForm,
} from '../validation/aws-names.js';

/** The accepted form of one value. */
export type FieldSpec =
  | { kind: 'string'; pattern?: RegExp; expected?: string }
  | { kind: 'integer'; min: number; max?: number }
  | { kind: 'boolean' }
  | { kind: 'duration' }
  | { kind: 'enum'; values: readonly string[] }
  | { kind: 'list'; items: FieldSpec; minItems?: number }
  | { kind: 'map'; values: FieldSpec; keyPattern?: RegExp }
  | { kind: 'object'; fields: Record<string, FieldSpec>; required?: readonly string[] };

/** Names of `build.images` entries: what a service's `containers` refers to. */
export const IMAGE_NAME = /^[a-z0-9][a-z0-9._-]*$/;

/** GitHub environment names the kit accepts. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const text: FieldSpec = { kind: 'string', pattern: /\S/, expected: 'a non-empty string' };
const count: FieldSpec = { kind: 'integer', min: 0 };
const textList: FieldSpec = { kind: 'list', items: text };
const textMap: FieldSpec = { kind: 'map', values: { kind: 'string' } };
const duration: FieldSpec = { kind: 'duration' };

/** A string of one of the AWS name forms of src/validation/aws-names.ts. */
function named(form: NameForm): FieldSpec {
  return { kind: 'string', pattern: form.pattern, expected: form.expected };
}
const cluster = named(CLUSTER);

/** Task size as RegisterTaskDefinition takes it: units (`512`) or with a unit (`1 vCPU`, `2 GB`). */
const taskSize: FieldSpec = {
  kind: 'string',
  pattern: /\S/,
  expected: 'a size such as "512" or "1 vCPU" (quoted)',
};
const containers: FieldSpec = { kind: 'map', values: text, keyPattern: CONTAINER_NAME.pattern };

const service: FieldSpec = {
  kind: 'object',
  required: ['name'],
  fields: {
    name: named(SERVICE),
    cluster,
    'desired-count': count,
    'task-definition': text,
    containers,
    environment: textMap,
    secrets: { kind: 'map', values: text },
    cpu: taskSize,
    memory: taskSize,
  },
};

/** One image of `build.images`. */
const image: FieldSpec = {
  kind: 'object',
  required: ['repository'],
  fields: {
    repository: named(ECR_REPOSITORY),
    context: text,
    dockerfile: text,
    target: text,
    platforms: textList,
    'build-args': textMap,
  },
};

/** A one-off task of `deploy.before` / `deploy.after`: a command (exec form) run from the deployed revision. */
const oneOffTask: FieldSpec = {
  kind: 'object',
  required: ['command'],
  fields: {
    container: named(CONTAINER_NAME),
    command: { kind: 'list', items: text, minItems: 1 },
    environment: textMap,
    timeout: duration,
  },
};

const strategy: FieldSpec = {
  kind: 'object',
  fields: {
    type: { kind: 'enum', values: HEALTH_STRATEGIES },
    'listener-arn': named(LISTENER_ARN),
    'listener-rule-arn': named(LISTENER_RULE_ARN),
    'blue-service': named(SERVICE),
    'green-service': named(SERVICE),
    traffic: text,
    'final-bake': duration,
    'old-colour': { kind: 'enum', values: OLD_COLOUR_ACTIONS },
    consecutive: { kind: 'integer', min: 1 },
    'unhealthy-timeout': duration,
  },
};

const percent: FieldSpec = {
  kind: 'string',
  pattern: /^\d+(\.\d+)?%$/,
  expected: 'a percentage such as 1% or 0.5%',
};

/** Alarms and metric bounds that gate a rollout; the ranges are the actions' own (src/health/metric-bounds.ts). */
const gate: FieldSpec = {
  kind: 'object',
  fields: {
    alarms: textList,
    'allow-alarms-in-alarm': { kind: 'boolean' },
    'alarm-bake': duration,
    'metric-max-5xx': percent,
    'metric-max-5xx-over-old': percent,
    'metric-max-p99': {
      kind: 'string',
      pattern: /^\d+(\.\d+)?(ms|s)$/,
      expected: 'a latency such as 800ms or 1.5s',
    },
    'metric-max-p99-over-old': percent,
    'metric-min-requests': { kind: 'integer', min: 1 },
  },
};

/** The preview action's settings; the bounds are the action's own (actions/preview/inputs.ts). */
const preview: FieldSpec = {
  kind: 'object',
  fields: {
    service: named(SERVICE_NAME),
    'container-name': named(CONTAINER_NAME),
    'listener-arn': named(LISTENER_ARN),
    domain: text,
    'base-url': text,
    'desired-count': { kind: 'integer', min: 0, max: 10 },
    'max-previews': { kind: 'integer', min: 1, max: 100 },
    'priority-base': { kind: 'integer', min: 1, max: 50000 },
    'priority-range': { kind: 'integer', min: 1, max: 50000 },
    'deregistration-delay': duration,
    'wait-healthy': { kind: 'boolean' },
    'health-timeout': duration,
    repositories: textList,
    'image-tags': text,
    'drain-timeout': duration,
    ttl: duration,
  },
};

/** The fields of the base and of every environment. */
export const SETTINGS_FIELDS: Record<string, FieldSpec> = {
  region: { kind: 'string', pattern: REGION.pattern, expected: 'an AWS region such as eu-west-1' },
  cluster,
  services: { kind: 'list', items: service },
  'task-definition': text,
  containers,
  environment: textMap,
  secrets: { kind: 'map', values: text },
  cpu: taskSize,
  memory: taskSize,
  strategy,
  gate,
  deploy: {
    kind: 'object',
    fields: {
      wait: { kind: 'enum', values: WAIT_MODES },
      rollback: { kind: 'boolean' },
      'force-new-deployment': { kind: 'boolean' },
      'allow-family-change': { kind: 'boolean' },
      'keep-revisions': { kind: 'integer', min: 1 },
      'in-progress': { kind: 'enum', values: IN_PROGRESS_POLICIES },
      'worker-settle': duration,
      before: { kind: 'list', items: oneOffTask },
      after: { kind: 'list', items: oneOffTask },
    },
  },
  timeouts: { kind: 'object', fields: { deploy: duration, healthy: duration } },
  build: {
    kind: 'object',
    fields: {
      images: { kind: 'map', values: image, keyPattern: IMAGE_NAME },
      repository: named(ECR_REPOSITORY),
      context: text,
      dockerfile: text,
      target: text,
      platforms: textList,
      'build-args': textMap,
      'create-repository': { kind: 'boolean' },
    },
  },
  cleanup: {
    kind: 'object',
    fields: {
      repositories: textList,
      clusters: { kind: 'list', items: cluster },
      'keep-newest': count,
      'keep-newest-untagged': count,
      'keep-within': duration,
      'keep-tags': textList,
      'keep-newest-matching': { kind: 'map', values: count },
      'delete-untagged-after': duration,
      'delete-tags': textList,
      'delete-unkept': { kind: 'boolean' },
      'rollback-revisions': count,
    },
  },
  preview,
};

/** The whole file: the settings plus `version` and `environments`. */
export const FILE_SPEC: FieldSpec = {
  kind: 'object',
  fields: {
    version: { kind: 'integer', min: 1, max: 1 },
    ...SETTINGS_FIELDS,
    environments: {
      kind: 'map',
      keyPattern: ENVIRONMENT_NAME,
      values: { kind: 'object', fields: SETTINGS_FIELDS },
    },
  },
};
