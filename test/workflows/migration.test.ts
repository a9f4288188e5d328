/**
 * The "after" side of docs/migration.md is real: each caller workflow passes actionlint and the kit's
 * checks (declared inputs only, pinning, permissions), and each config file is valid.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../src/config/load.js';
import { ROOT } from '../helpers/action.js';
import { actionlint } from './checks/actionlint.js';
import { parseWorkflow, type Finding } from './checks/model.js';
import { checkPermissions } from './checks/permissions.js';
import { checkPinning } from './checks/pinning.js';
import { checkReferences, kitPath } from './checks/references.js';
import { readWorkflow } from './checks/model.js';

const docs = readFileSync(join(ROOT, 'docs', 'migration.md'), 'utf8');
const afterSections = docs
  .split(/^### After\s*$/m)
  .slice(1)
  .map((part) => part.split(/^##+ /m)[0]);
const blocks = afterSections.flatMap((part) =>
  [...part.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]),
);
const workflows = blocks.filter((block) => /^jobs:/m.test(block));
const configs = blocks.filter((block) => /^version: 1/m.test(block));
const show = (findings: Finding[]) => findings.map((f) => `${f.where}: ${f.message}`);
const resolveKitWorkflow = (uses: string) => {
  const path = kitPath(uses);
  return path && /\.ya?ml$/.test(path) ? readWorkflow(ROOT, path) : undefined;
};

test('three conversions, each with a workflow and a config', () => {
  expect(afterSections).toHaveLength(3);
  expect(workflows).toHaveLength(3);
  expect(configs).toHaveLength(3);
});

describe.each(workflows.map((text, index) => [index + 1, text] as const))(
  'converted workflow %i',
  (_index, text) => {
    // The excerpts leave out triggers and jobs that did not change; stand-ins make the file complete.
    const kept = [...text.matchAll(/needs: \[([^\]]+)\]/g)]
      .flatMap((match) => match[1].split(',').map((name) => name.trim()))
      .filter((name) => !new RegExp(`^  ${name}:`, 'm').test(text));
    const standIns = kept.map(
      (name) => `  ${name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n`,
    );
    const complete = `${/^on:/m.test(text) ? '' : 'on: push\n'}${text}${standIns.join('')}`;
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

test.each(configs.map((text, index) => [index + 1, text] as const))(
  'converted config %i is valid',
  (_index, text) => {
    expect(() => parseConfig(text)).not.toThrow();
  },
);
