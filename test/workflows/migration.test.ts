/**
 * The "after" side of docs/migration.md is real: each caller workflow passes actionlint and the kit's
 * checks (declared inputs only, pinning, permissions), and each config file is valid. (migration-runs.test.ts
 * runs them.)
 */
import { parseConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/action.js';
import { actionlint } from './checks/actionlint.js';
import { parseWorkflow, type Finding } from './checks/model.js';
import { checkPermissions } from './checks/permissions.js';
import { checkPinning } from './checks/pinning.js';
import { checkReferences, kitPath } from './checks/references.js';
import { readWorkflow } from './checks/model.js';
import { migrationExamples } from './runner/migration-examples.js';

const examples = migrationExamples();
const show = (findings: Finding[]) => findings.map((f) => `${f.where}: ${f.message}`);
const resolveKitWorkflow = (uses: string) => {
  const path = kitPath(uses);
  return path && /\.ya?ml$/.test(path) ? readWorkflow(ROOT, path) : undefined;
};

test('three conversions, each with a workflow and a config', () => {
  expect(examples).toHaveLength(3);
  expect(examples.filter((example) => example.workflow && example.config)).toHaveLength(3);
});

describe.each(examples.map((example, index) => [index + 1, example.complete] as const))(
  'converted workflow %i',
  (_index, complete) => {
    const file = parseWorkflow(complete, 'migration.yml');

    test('passes actionlint', async () => {
      expect(show(await actionlint(complete, 'migration.yml'))).toEqual([]);
    });

    test('calls the kit with declared inputs, pinned, with least privilege', () => {
      expect(
        show([
          ...checkReferences(file, ROOT),
          ...checkPinning(file),
          ...checkPermissions(file, resolveKitWorkflow),
        ]),
      ).toEqual([]);
    });
  },
);

test.each(examples.map((example, index) => [index + 1, example.config] as const))(
  'converted config %i is valid',
  (_index, text) => {
    expect(() => parseConfig(text)).not.toThrow();
  },
);
