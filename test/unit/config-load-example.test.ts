/**
 * docs/configuration.md's snippet for code in this repository, run: the module it imports (resolved from a
 * test under test/, as the snippet's `../../src/...` path is written) and the call it shows, with its own
 * arguments, on examples/ecs-kit.yml as the workspace's `.github/ecs-kit.yml`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { docExample, exampleFile } from '../helpers/doc-examples.js';

const snippet = docExample('docs/configuration.md#load-config');
let workspace: string;

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-load-config-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), exampleFile('examples/ecs-kit.yml'));
});
afterAll(() => rmSync(workspace, { recursive: true, force: true }));

test("the snippet's import and call give production's merged settings", async () => {
  const specifier = /import \{ loadDeployConfig \} from '([^']+)';/.exec(snippet)![1];
  expect(specifier).toBe('../../src/config/deploy-config.js');
  const module = (await import(specifier)) as typeof import('../../src/config/deploy-config.js');
  // The call's argument object, evaluated as written with `workspace` in scope.
  const argument = /loadDeployConfig\((\{[^)]*\})\)/.exec(snippet)![1];
  const options = new Function('workspace', `return (${argument});`)(workspace) as Parameters<
    typeof module.loadDeployConfig
  >[0];
  const { settings } = module.loadDeployConfig(options);
  expect(settings.cluster).toBe('shop-production');
  expect(settings.services?.map((service) => [service.name, service['desired-count']])).toEqual([
    ['web', 6],
    ['worker', 2],
  ]);
  expect(settings.environment?.LOG_LEVEL).toBe('warn');
});
