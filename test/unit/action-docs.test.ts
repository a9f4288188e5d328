/**
 * Every action folder: action.yml targets node24 and its own bundle, every input and output is described,
 * the README's Inputs/Outputs tables list exactly the names, required flags and defaults of action.yml, and
 * no input the config file can give is required (actionlint would reject a config-only step).
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { configInputs, type KitAction } from '../../src/config/action-inputs.js';
import type { KitSettings } from '../../src/config/types.js';
import { ROOT } from '../helpers/action.js';

/** Settings that set every key the config file knows, to learn which inputs the file can give. */
const EVERYTHING: KitSettings = {
  region: 'us-east-1',
  cluster: 'prod',
  'task-definition': 'task-definition.json',
  containers: { web: 'shop', sidecar: 'envoy:1' },
  environment: { A: 'a' },
  secrets: { B: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:b' },
  services: [{ name: 'web', 'desired-count': 2 }],
  strategy: {
    type: 'rolling',
    'listener-arn': 'l',
    'listener-rule-arn': 'r',
    'blue-service': 'b',
    'green-service': 'g',
    traffic: 'all-at-once',
    'final-bake': '1m',
    'old-colour': 'keep-warm',
    consecutive: 2,
    'unhealthy-timeout': '1m',
  },
  deploy: { wait: 'healthy', rollback: true, before: [{ command: ['x'] }], after: [{ command: ['y'] }] },
  timeouts: { deploy: '1m', healthy: '1m' },
  build: { repository: 'shop', context: '.', dockerfile: 'Dockerfile', 'build-args': { C: 'c' } },
  cleanup: { repositories: ['shop'], clusters: ['prod'], 'keep-newest': 1 },
  preview: { service: 'web', 'listener-arn': 'l', domain: 'd', repositories: ['shop'] },
} as KitSettings;

interface ActionYaml {
  name: string;
  description: string;
  inputs?: Record<string, { description?: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description?: string }>;
  runs: { using: string; main: string; post?: string };
}

const actions = readdirSync(join(ROOT, 'actions')).filter((name) =>
  existsSync(join(ROOT, 'actions', name, 'action.yml')),
);

/** Rows of the markdown table under `## <heading>`: first cell (without backticks) → cells. */
function tableRows(readme: string, heading: string): Map<string, string[]> {
  const section = readme.split(new RegExp(`^## ${heading}\\s*$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of section.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line.trim());
    if (match)
      rows.set(
        match[1],
        match[2].split(/(?<!\\)\|/).map((cell) => cell.trim()),
      );
  }
  return rows;
}

test('there are actions to check', () => {
  expect(actions.length).toBeGreaterThan(0);
});

describe.each(actions)('actions/%s', (name) => {
  const meta = parse(readFileSync(join(ROOT, 'actions', name, 'action.yml'), 'utf8')) as ActionYaml;

  test('runs on node24 from its own bundle', () => {
    expect(meta.runs.using).toBe('node24');
    expect(meta.runs.main).toBe(`../../dist/${name}/index.js`);
    if (meta.runs.post) expect(meta.runs.post).toBe(`../../dist/${name}/index.js`);
    expect(meta.description?.length).toBeGreaterThan(10);
  });

  test('describes every input and output', () => {
    for (const [input, spec] of Object.entries(meta.inputs ?? {})) {
      expect([input, spec.description?.trim().length ?? 0]).not.toEqual([input, 0]);
    }
    for (const [output, spec] of Object.entries(meta.outputs ?? {})) {
      expect([output, spec.description?.trim().length ?? 0]).not.toEqual([output, 0]);
    }
  });

  test('requires only what no config file can give', () => {
    if (
      name === 'shared' ||
      !['ecs-deploy', 'wait-healthy', 'build-push', 'cleanup-ecr', 'preview'].includes(name)
    )
      return;
    const fromConfig = Object.keys(configInputs(name as KitAction, EVERYTHING));
    const required = Object.entries(meta.inputs ?? {})
      .filter(([, spec]) => spec.required === true)
      .map(([input]) => input);
    expect(required.filter((input) => fromConfig.includes(input))).toEqual([]);
  });

  test('README tables match action.yml', () => {
    const readmePath = join(ROOT, 'actions', name, 'README.md');
    expect(existsSync(readmePath)).toBe(true);
    const readme = readFileSync(readmePath, 'utf8');
    const inputs = tableRows(readme, 'Inputs');
    expect([...inputs.keys()].sort()).toEqual(Object.keys(meta.inputs ?? {}).sort());
    for (const [input, spec] of Object.entries(meta.inputs ?? {})) {
      // Columns: Required | Default | Description; the default cell shows the value in backticks or is empty.
      const [requiredCell, rawDefault] = inputs.get(input)!;
      const defaultCell = rawDefault.replace(/`/g, '');
      expect([input, defaultCell]).toEqual([input, spec.default === undefined ? '' : String(spec.default)]);
      expect([input, requiredCell]).toEqual([input, spec.required === true ? 'yes' : 'no']);
    }
    const outputs = tableRows(readme, 'Outputs');
    expect([...outputs.keys()].sort()).toEqual(Object.keys(meta.outputs ?? {}).sort());
  });
});
