/**
 * Every workflow the kit ships (.github/workflows) and shows (examples/workflows) passes actionlint,
 * shellcheck on its run: scripts, and the kit's policy checks. A finding fails the test with its place.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import { actionlint } from './checks/actionlint.js';
import { checkConcurrency } from './checks/concurrency.js';
import { checkCredentials } from './checks/credentials.js';
import { checkInterpolation } from './checks/interpolation.js';
import { readWorkflow, yamlFiles, type Finding } from './checks/model.js';
import { checkPermissions } from './checks/permissions.js';
import { checkPinning } from './checks/pinning.js';
import { checkOutputReferences, checkReferences, kitPath } from './checks/references.js';
import { requireShellcheck, runScripts, shellcheck } from './checks/shellcheck.js';

const files = [...yamlFiles(ROOT, '.github/workflows'), ...yamlFiles(ROOT, 'examples/workflows')];
const resolveKitWorkflow = (uses: string) => {
  const path = kitPath(uses);
  return path && /\.ya?ml$/.test(path) ? readWorkflow(ROOT, path) : undefined;
};
const show = (findings: Finding[]) => findings.map((f) => `${f.path} ${f.where}: ${f.message}`);

test('the kit ships the reusable workflows, its CI and the examples', () => {
  for (const name of ['build', 'deploy', 'pipeline', 'rollback', 'ecr-cleanup', 'ci', 'release']) {
    expect(files).toContain(`.github/workflows/${name}.yml`);
  }
  for (const name of ['pipeline', 'rollback', 'ecr-cleanup'])
    expect(files).toContain(`examples/workflows/${name}.yml`);
});

// A machine without shellcheck fails the whole suite here, naming the install command, instead of
// passing the shellcheck tests unchecked.
beforeAll(() => requireShellcheck());

describe.each(files)('%s', (path) => {
  const file = readWorkflow(ROOT, path);

  test('actionlint reports nothing', async () => {
    expect(show(await actionlint(readFileSync(join(ROOT, path), 'utf8'), path))).toEqual([]);
  });

  test('shellcheck reports nothing on its run: scripts', () => {
    expect(show(runScripts(file).flatMap((script) => shellcheck(script, path)))).toEqual([]);
  });

  test('no untrusted ${{ }} expression inside a run: script', () => {
    expect(show(checkInterpolation(file))).toEqual([]);
  });

  test('third-party actions pinned to a commit SHA', () => {
    expect(show(checkPinning(file))).toEqual([]);
  });

  test('least-privilege permissions; id-token: write only with OIDC', () => {
    expect(show(checkPermissions(file, resolveKitWorkflow))).toEqual([]);
  });

  test('OIDC, never long-lived AWS keys', () => {
    expect(show(checkCredentials(file))).toEqual([]);
  });

  test('deployments queue per environment and service', () => {
    expect(show(checkConcurrency(file))).toEqual([]);
  });

  test("references to the kit's actions and workflows exist and pass declared inputs", () => {
    expect(show(checkReferences(file, ROOT))).toEqual([]);
  });

  test("outputs read from the kit's actions and workflows are declared", () => {
    expect(show(checkOutputReferences(file, ROOT))).toEqual([]);
  });
});
