/**
 * Enum inputs are written once: each list is exported next to the engine type that uses it, the actions'
 * readers and the config validator use that list, and every action.yml describes exactly its values.
 *
 * The convention for action.yml: an enum input's description names every allowed value in backticks
 * (`rolling`, `blue-green` or `native`), and its default is one of them. An input whose description names
 * its default and another plain word in backticks reads as an enum, and must be listed below.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FORCE_NEW_DEPLOYMENT } from '../../actions/ecs-deploy/inputs.js';
import { CACHE_MODES, type CacheChoice } from '../../src/build/cache.js';
import { FILE_SPEC, type FieldSpec } from '../../src/config/fields.js';
import type { InProgressPolicy } from '../../src/deploy/types.js';
import type { DeployReport } from '../../src/deploy/report.js';
import {
  DEPLOY_MODES,
  IN_PROGRESS_POLICIES,
  ROLLBACK_SCOPES,
  WAIT_MODES,
  type WaitMode,
} from '../../src/deploy/types.js';
import type { BlueGreenOptions } from '../../src/health/blue-green.js';
import { HEALTH_STRATEGIES, OLD_COLOUR_ACTIONS, type WaitReport } from '../../src/health/types.js';
import type { RepositorySettings } from '../../src/registry/repository.js';
import { PREVIEW_MODES } from '../../src/preview/types.js';
import { ENCRYPTION_TYPES, IMAGE_TAG_MUTABILITIES } from '../../src/validation/ecr-settings.js';
import { ROOT } from '../helpers/action.js';

/** Each exported list holds exactly the values of the engine type it sits next to (checked by tsc). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Values<T extends readonly unknown[]> = T[number];
const sameAsEngine: [
  Same<Values<typeof WAIT_MODES>, WaitMode>,
  Same<Values<typeof IN_PROGRESS_POLICIES>, InProgressPolicy>,
  Same<Values<typeof DEPLOY_MODES>, DeployReport['mode']>,
  Same<Values<typeof HEALTH_STRATEGIES>, WaitReport['strategy']>,
  Same<Values<typeof OLD_COLOUR_ACTIONS>, BlueGreenOptions['oldColour']>,
  Same<Values<typeof CACHE_MODES>, CacheChoice['mode']>,
  Same<Values<typeof IMAGE_TAG_MUTABILITIES>, RepositorySettings['imageTagMutability']>,
  Same<Values<typeof ENCRYPTION_TYPES>, RepositorySettings['encryptionType']>,
] = [true, true, true, true, true, true, true, true];

/** Every enum input of every action and the list its reader uses. */
const ENUM_INPUTS: Record<string, Record<string, readonly string[]>> = {
  'build-push': {
    cache: CACHE_MODES,
    'image-tag-mutability': IMAGE_TAG_MUTABILITIES,
    'encryption-type': ENCRYPTION_TYPES,
  },
  'ecs-deploy': {
    'force-new-deployment': FORCE_NEW_DEPLOYMENT,
    'in-progress': IN_PROGRESS_POLICIES,
    'rollback-scope': ROLLBACK_SCOPES,
    wait: WAIT_MODES,
    mode: DEPLOY_MODES,
  },
  preview: { mode: PREVIEW_MODES },
  'wait-healthy': { strategy: HEALTH_STRATEGIES, 'old-colour': OLD_COLOUR_ACTIONS },
  'cleanup-ecr': {},
};

/** Inputs described like an enum that are not one: `traffic` is a plan grammar with one keyword. */
const NOT_ENUMS = new Set(['wait-healthy/traffic']);

interface InputSpec {
  description?: string;
  default?: unknown;
}

const actions = readdirSync(join(ROOT, 'actions')).filter((name) =>
  existsSync(join(ROOT, 'actions', name, 'action.yml')),
);

function inputsOf(action: string): Record<string, InputSpec> {
  const file = join(ROOT, 'actions', action, 'action.yml');
  return (parse(readFileSync(file, 'utf8')) as { inputs?: Record<string, InputSpec> }).inputs ?? {};
}

/** The values a description names in backticks. */
function backticked(description: string): string[] {
  return [...description.matchAll(/`([^`]+)`/g)].map((match) => match[1]);
}

test('the exported lists match the engine types', () => {
  expect(sameAsEngine.every(Boolean)).toBe(true);
});

test('every action is covered', () => {
  expect(Object.keys(ENUM_INPUTS).sort()).toEqual([...actions].sort());
});

describe.each(actions)('actions/%s/action.yml', (action) => {
  const inputs = inputsOf(action);
  const enums = ENUM_INPUTS[action] ?? {};

  test.each(Object.keys(enums).length > 0 ? Object.entries(enums) : [['(none)', []]])(
    '%s names every allowed value and defaults to one',
    (input, values) => {
      if (input === '(none)') return;
      const spec = inputs[input];
      expect(spec).toBeDefined();
      const named = backticked(spec.description ?? '');
      expect(values.filter((value) => !named.includes(value))).toEqual([]);
      if (spec.default !== undefined) expect(values).toContain(String(spec.default));
    },
  );

  test('an input described like an enum is a listed enum', () => {
    const word = /^[a-z][a-z-]*$/i;
    const unlisted = Object.entries(inputs)
      .filter(([, spec]) => {
        const words = backticked(spec.description ?? '').filter((value) => word.test(value));
        const fallback = String(spec.default);
        return words.includes(fallback) && words.some((value) => value !== fallback);
      })
      .map(([name]) => name)
      .filter((name) => !(name in enums) && !NOT_ENUMS.has(`${action}/${name}`));
    expect(unlisted).toEqual([]);
  });
});

/** The enum fields of the config file, by path. */
function configEnums(spec: FieldSpec, path: string, found: Map<string, readonly string[]>): void {
  if (spec.kind === 'enum') found.set(path, spec.values);
  if (spec.kind === 'object') {
    for (const [key, field] of Object.entries(spec.fields)) configEnums(field, `${path}.${key}`, found);
  }
}

test('the config file takes the same lists', () => {
  const found = new Map<string, readonly string[]>();
  configEnums(FILE_SPEC, '', found);
  expect(found.get('.strategy.type')).toBe(HEALTH_STRATEGIES);
  expect(found.get('.strategy.old-colour')).toBe(OLD_COLOUR_ACTIONS);
  expect(found.get('.deploy.wait')).toBe(WAIT_MODES);
  expect(found.get('.deploy.in-progress')).toBe(IN_PROGRESS_POLICIES);
  expect(found.size).toBe(4);
});
