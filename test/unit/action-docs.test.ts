/**
 * Every action folder: action.yml targets node24 and its own bundle, every input and output is described,
 * and the README's Inputs/Outputs tables list exactly the names (and defaults) of action.yml.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ROOT } from '../helpers/action.js';

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

  test('README tables match action.yml', () => {
    const readmePath = join(ROOT, 'actions', name, 'README.md');
    expect(existsSync(readmePath)).toBe(true);
    const readme = readFileSync(readmePath, 'utf8');
    const inputs = tableRows(readme, 'Inputs');
    expect([...inputs.keys()].sort()).toEqual(Object.keys(meta.inputs ?? {}).sort());
    for (const [input, spec] of Object.entries(meta.inputs ?? {})) {
      // Columns: Required | Default | Description; the default cell shows the value in backticks or is empty.
      const defaultCell = inputs.get(input)![1].replace(/`/g, '');
      expect([input, defaultCell]).toEqual([input, spec.default === undefined ? '' : String(spec.default)]);
    }
    const outputs = tableRows(readme, 'Outputs');
    expect([...outputs.keys()].sort()).toEqual(Object.keys(meta.outputs ?? {}).sort());
  });
});
