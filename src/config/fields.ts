/**
 * What each setting accepts, as data: the validator walks it, and the docs and JSON Schema are written to
 * match it (test/unit/config-schema.test.ts checks that the schema and the validator agree).
 */

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

/** Durations the actions parse: `90`, `90s`, `10m`, `1h`, `500ms`, `7d`. */
export const DURATION = /^\d+(\.\d+)?(ms|s|m|h|d)?$/;
/** AWS region names such as eu-west-1 or us-gov-west-1. */
export const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;
/** GitHub environment names the kit accepts. */
export const ENVIRONMENT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

const text: FieldSpec = { kind: 'string', pattern: /\S/, expected: 'a non-empty string' };
const count: FieldSpec = { kind: 'integer', min: 0 };
const textList: FieldSpec = { kind: 'list', items: text };
const textMap: FieldSpec = { kind: 'map', values: { kind: 'string' } };
const duration: FieldSpec = { kind: 'duration' };

const service: FieldSpec = {
  kind: 'object',
  required: ['name'],
  fields: { name: text, cluster: text, 'desired-count': count },
};

const strategy: FieldSpec = {
  kind: 'object',
  fields: {
    type: { kind: 'enum', values: ['rolling', 'blue-green', 'native'] },
    'listener-arn': text,
    'listener-rule-arn': text,
    'blue-service': text,
    'green-service': text,
    traffic: text,
    'final-bake': duration,
    'old-colour': { kind: 'enum', values: ['scale-down', 'keep-warm'] },
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
    service: text,
    'container-name': text,
    'listener-arn': text,
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
  region: { kind: 'string', pattern: REGION, expected: 'an AWS region such as eu-west-1' },
  cluster: text,
  services: { kind: 'list', items: service },
  'task-definition': text,
  containers: { kind: 'map', values: text },
  environment: textMap,
  secrets: { kind: 'map', values: text },
  strategy,
  gate,
  deploy: {
    kind: 'object',
    fields: {
      wait: { kind: 'enum', values: ['none', 'deployment', 'healthy'] },
      rollback: { kind: 'boolean' },
      'force-new-deployment': { kind: 'boolean' },
      'allow-family-change': { kind: 'boolean' },
      'keep-revisions': { kind: 'integer', min: 1 },
      'in-progress': { kind: 'enum', values: ['wait', 'fail', 'replace'] },
    },
  },
  timeouts: { kind: 'object', fields: { deploy: duration, healthy: duration } },
  build: {
    kind: 'object',
    fields: {
      repository: text,
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
      clusters: textList,
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
