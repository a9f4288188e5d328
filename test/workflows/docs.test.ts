/** docs/workflows.md lists exactly each reusable workflow's inputs (with type, required, default), secrets and outputs. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import { readWorkflow } from './checks/model.js';

const docs = readFileSync(join(ROOT, 'docs', 'workflows.md'), 'utf8');
const reusable = ['pipeline', 'build', 'deploy', 'rollback', 'ecr-cleanup', 'preview'];

interface WorkflowCall {
  inputs?: Record<string, { type: string; required?: boolean; default?: unknown }>;
  secrets?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The rows (first cell without backticks → other cells) of the table under `#### <heading>` in `section`. */
function table(section: string, heading: string): Map<string, string[]> {
  const part = section.split(new RegExp(`^#### ${heading}\\s*$`, 'm'))[1]?.split(/^#### /m)[0] ?? '';
  const rows = new Map<string, string[]>();
  for (const line of part.split('\n')) {
    const match = /^\|\s*`([^`]+)`\s*\|(.*)\|\s*$/.exec(line.trim());
    if (match)
      rows.set(
        match[1],
        match[2].split('|').map((cell) => cell.trim()),
      );
  }
  return rows;
}

function section(name: string): string {
  return docs.split(new RegExp(`^## ${name}\\.yml\\s*$`, 'm'))[1]?.split(/^## /m)[0] ?? '';
}

const shownDefault = (value: unknown) =>
  value === undefined ? '' : value === '' ? "`''`" : `\`${String(value)}\``;

describe.each(reusable)('%s.yml', (name) => {
  const call = (
    readWorkflow(ROOT, `.github/workflows/${name}.yml`).workflow.on as { workflow_call: WorkflowCall }
  ).workflow_call;
  const text = section(name);

  test('has a section', () => {
    expect(text.length).toBeGreaterThan(100);
  });

  test('inputs table matches workflow_call.inputs', () => {
    const rows = table(text, 'Inputs');
    expect([...rows.keys()].sort()).toEqual(Object.keys(call.inputs ?? {}).sort());
    for (const [input, spec] of Object.entries(call.inputs ?? {})) {
      const [type, required, shown] = rows.get(input) ?? [];
      expect([input, type, required, shown]).toEqual([
        input,
        spec.type,
        spec.required ? 'yes' : 'no',
        shownDefault(spec.default),
      ]);
    }
  });

  test('secrets and outputs tables match', () => {
    expect([...table(text, 'Secrets').keys()].sort()).toEqual(Object.keys(call.secrets ?? {}).sort());
    expect([...table(text, 'Outputs').keys()].sort()).toEqual(Object.keys(call.outputs ?? {}).sort());
  });
});
