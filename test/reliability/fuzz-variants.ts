/**
 * Malformed input variants generated from each action's action.yml: the input's kind (boolean, integer,
 * duration, enum, ARN, name, path, free text) is inferred from its default and description, and every
 * kind gets the variants it must reject plus generic hostile strings (huge, unicode, injection-looking).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/action.js';

/** What an input accepts, as far as action.yml tells. */
export type InputKind = 'boolean' | 'integer' | 'duration' | 'enum' | 'arn' | 'name' | 'path' | 'text';

/** One input of an action.yml. */
export interface ActionInput {
  action: string;
  name: string;
  required: boolean;
  default?: string;
  description: string;
  kind: InputKind;
}

/** One malformed value for one input. */
export interface Variant {
  action: string;
  input: string;
  /** Short label: `empty`, `wrong-type`, `huge`, ... */
  label: string;
  value: string;
  /** The action must fail with an error naming the input (or its file) and make zero mutating calls. */
  mustReject: boolean;
  /** Workspace files the value refers to (name → content). */
  files?: Record<string, string>;
}

/** Marker that injection-looking variants carry; it must never reach a workflow command. */
export const INJECTION_MARKER = 'PWNED7331';

/** The actions whose inputs are fuzzed. */
export const FUZZED_ACTIONS = ['ecs-deploy', 'wait-healthy', 'cleanup-ecr', 'build-push', 'preview'];

/** Inputs that hold a workspace path (action.yml says "path"/"directory"; listed to avoid guessing). */
const PATH_INPUTS: Record<string, string[]> = {
  'ecs-deploy': ['task-definition', 'config'],
  'cleanup-ecr': ['config'],
  'build-push': ['config', 'file', 'context'],
};
/** Path inputs whose file content the kit parses (JSON or YAML). */
const PARSED_FILES = /^(task-definition|config)$/;
/** Inputs that hold an AWS resource name (or its ARN). */
const NAME_INPUTS = /^(cluster|clusters|service|blue-service|green-service|repository|container-name)$/;
/** Integer inputs without a numeric default. */
const INTEGER_INPUTS = /^(desired-count|pull-request|keep-newest-untagged)$/;
const DURATION = /^\d+(ms|s|m|h|d)$/;

function inferKind(
  action: string,
  name: string,
  spec: { default?: unknown; description?: string },
): InputKind {
  const fallback = spec.default === undefined ? undefined : String(spec.default);
  const description = spec.description ?? '';
  if (PATH_INPUTS[action]?.includes(name)) return 'path';
  if (fallback === 'true' || fallback === 'false') return 'boolean';
  if ((fallback !== undefined && /^\d+$/.test(fallback)) || INTEGER_INPUTS.test(name)) return 'integer';
  if (
    (fallback !== undefined && DURATION.test(fallback)) ||
    /duration \(`|this long|`\d+[smhd]`/.test(description)
  )
    return 'duration';
  if (/-arn$/.test(name)) return 'arn';
  if (NAME_INPUTS.test(name)) return 'name';
  if (fallback !== undefined && /^[\w-]+$/.test(fallback) && description.includes(`\`${fallback}\``))
    return 'enum';
  return 'text';
}

/** The inputs of `actions/<action>/action.yml` with their inferred kinds. */
export function actionInputs(action: string): ActionInput[] {
  const yml = parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs: Record<string, { required?: boolean; default?: unknown; description?: string }>;
  };
  return Object.entries(yml.inputs).map(([name, spec]) => ({
    action,
    name,
    required: spec.required === true,
    default: spec.default === undefined ? undefined : String(spec.default),
    description: spec.description ?? '',
    kind: inferKind(action, name, spec),
  }));
}

const HUGE = 'x'.repeat(100_000);
const GENERIC: [string, string][] = [
  ['huge', HUGE],
  ['unicode', 'ünïcødé-💥-\u202eevil'],
  ['shell-injection', `$(touch /tmp/${INJECTION_MARKER})`],
  ['sql-injection', `'; DROP TABLE ${INJECTION_MARKER}; --`],
  ['expression-injection', `\${{ secrets.${INJECTION_MARKER} }}`],
  ['command-injection', `v1\n::warning::${INJECTION_MARKER}\n::set-output name=outcome::${INJECTION_MARKER}`],
  ['control-chars', 'a\u0007\u001b[31mb\u0008'],
];

function kindVariants(input: ActionInput): [string, string, Record<string, string>?][] {
  switch (input.kind) {
    case 'boolean':
      return [
        ['wrong-type', 'maybe'],
        ['number', '2'],
      ];
    case 'integer':
      return [
        ['negative', '-1'],
        ['fraction', '1.5'],
        ['wrong-type', 'ten'],
        ['overflow', '99999999999999999999999'],
      ];
    case 'duration':
      return [
        ['wrong-type', 'soon'],
        ['negative', '-5m'],
        ['spelled', '10 minutes'],
      ];
    case 'enum':
      return [
        ['wrong-value', 'forever'],
        ['case', (input.default ?? 'x').toUpperCase() + '!'],
      ];
    case 'arn':
      return [
        ['wrong-arn', 'arn:aws:iam::123456789012:role/not-a-listener'],
        ['truncated-arn', 'arn:aws:elasticloadbalancing:us-east-1:123:listener/'],
      ];
    case 'name':
      return [
        ['wrong-arn', 'arn:aws:ecs:us-east-1:12:cluster/'],
        ['slash', 'web/../../etc'],
      ];
    case 'path':
      return [
        ['missing-file', 'does-not-exist.json'],
        ['outside-workspace', '../../../../etc/passwd'],
        ...contentVariants(input),
      ];
    default:
      return [];
  }
}

/** Broken file contents: only for the inputs whose files the kit itself parses (not a Dockerfile or context). */
function contentVariants(input: ActionInput): [string, string, Record<string, string>][] {
  if (!PARSED_FILES.test(input.name)) return [];
  return [
    ['invalid-json', 'broken.json', { 'broken.json': '{"family": "shop-web", "containerDefinitions": [,]}' }],
    [
      'invalid-yaml',
      'broken.yml',
      { 'broken.yml': 'family: shop-web\ncontainerDefinitions:\n  - name: [web\n' },
    ],
    ['wrong-shape', 'list.json', { 'list.json': '[1, 2, 3]' }],
  ];
}

/** Every malformed variant of one input, deterministic order. */
export function variantsOf(input: ActionInput): Variant[] {
  // Free text and paths (a unicode file name is a file name) may accept generic strings, safely.
  const typed = input.kind !== 'text' && input.kind !== 'path';
  const variants: Variant[] = [];
  const add = (label: string, value: string, mustReject: boolean, files?: Record<string, string>) =>
    variants.push({ action: input.action, input: input.name, label, value, mustReject, files });
  if (input.required) {
    add('empty', '', true);
    add('blank', '   \n  ', true);
  }
  for (const [label, value, files] of kindVariants(input)) add(label, value, true, files);
  for (const [label, value] of GENERIC) add(label, value, typed);
  return variants;
}

/** Every variant of every fuzzed action. */
export function allVariants(actions = FUZZED_ACTIONS): Variant[] {
  return actions.flatMap((action) => actionInputs(action).flatMap(variantsOf));
}

/**
 * A bounded, deterministic sample for CI: per input, the variants it must reject rotate with `seed`
 * (one each), plus `empty` for required inputs.
 */
export function sampleVariants(seed: number, actions = FUZZED_ACTIONS): Variant[] {
  return actions.flatMap((action) =>
    actionInputs(action).flatMap((input, index) => {
      const all = variantsOf(input);
      const strict = all.filter((variant) => variant.mustReject);
      const pool = strict.length > 0 ? strict : all;
      const picked = pool[(seed + index) % pool.length];
      const empty = all.find((variant) => variant.label === 'empty');
      return empty && empty !== picked ? [empty, picked] : [picked];
    }),
  );
}
