/**
 * The kit's workflows pin only actions whose runtime is recorded (.github/action-runtimes.json) and none
 * that runs on node20; each pin's version comment matches the recorded release.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import { yamlFiles, type Finding } from './checks/model.js';
import { checkRuntimes, readRuntimeTable, type RuntimeTable } from './checks/runtimes.js';

const table = readRuntimeTable(ROOT);
const files = [...yamlFiles(ROOT, '.github/workflows'), ...yamlFiles(ROOT, 'examples/workflows')];
const show = (findings: Finding[]) => findings.map((f) => `${f.path} ${f.where}: ${f.message}`);

test.each(files)('%s pins only recorded actions on a current runtime', (path) => {
  expect(show(checkRuntimes(readFileSync(join(ROOT, path), 'utf8'), path, table))).toEqual([]);
});

test('every recorded action names its release, runtime and source', () => {
  for (const [uses, facts] of Object.entries(table)) {
    expect(uses).toMatch(/^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/);
    expect(facts.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(['node24', 'node20', 'composite']).toContain(facts.runtime);
    expect(facts.source.length).toBeGreaterThan(20);
  }
});

describe('the runtime check', () => {
  const sha = 'a'.repeat(40);
  const recorded: RuntimeTable = {
    [`acme/old@${sha}`]: {
      version: 'v3.1.0',
      runtime: 'node20',
      source: 'a test fixture, not a real action',
    },
    [`acme/new@${sha}`]: {
      version: 'v4.0.0',
      runtime: 'node24',
      source: 'a test fixture, not a real action',
    },
  };
  const check = (line: string) => show(checkRuntimes(`steps:\n${line}\n`, 'w.yml', recorded));

  test('fails a node20 action', () => {
    expect(check(`  - uses: acme/old@${sha} # v3.1.0`)).toEqual([
      `w.yml line 2: acme/old@${sha} (v3.1.0) runs on node20, which runners drop`,
    ]);
  });

  test('fails an action missing from the table', () => {
    expect(check(`  - uses: acme/other@${sha} # v1.0.0`)).toEqual([
      `w.yml line 2: acme/other@${sha} is not in .github/action-runtimes.json`,
    ]);
  });

  test('fails a version comment that disagrees with the table', () => {
    expect(check(`  - uses: acme/new@${sha} # v4.1.0`)).toEqual([
      `w.yml line 2: acme/new@${sha} is commented v4.1.0, the table records v4.0.0`,
    ]);
  });

  test('passes a recorded node24 action, local and kit references', () => {
    expect(check(`  - uses: acme/new@${sha} # v4.0.0`)).toEqual([]);
    expect(check('  - uses: ./actions/build-push')).toEqual([]);
    expect(check('  - uses: $/actions/build-push')).toEqual([]);
  });
});
