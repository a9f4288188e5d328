/**
 * The layering rules of .dependency-cruiser.cjs (run by `npm run lint`) fail on what they forbid: each case
 * plants one violation in a scratch tree shaped like the repository and runs the same depcruise command.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';

const root = resolve(import.meta.dirname, '..', '..');
const depcruise = join(root, 'node_modules', '.bin', 'depcruise');

async function cruise(files: Record<string, string>): Promise<{ code: number; output: string }> {
  const tree = mkdtempSync(join(tmpdir(), 'ecs-kit-layers-'));
  try {
    copyFileSync(join(root, '.dependency-cruiser.cjs'), join(tree, '.dependency-cruiser.cjs'));
    writeFileSync(
      join(tree, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'nodenext', moduleResolution: 'nodenext', strict: true } }),
    );
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(tree, path)), { recursive: true });
      writeFileSync(join(tree, path), text);
    }
    try {
      const { stdout } = await promisify(execFile)(
        depcruise,
        ['src', 'actions', 'sim', '--output-type', 'err'],
        {
          cwd: tree,
        },
      );
      return { code: 0, output: stdout };
    } catch (error) {
      const failed = error as { code: number; stdout: string };
      return { code: failed.code, output: failed.stdout };
    }
  } finally {
    rmSync(tree, { recursive: true, force: true });
  }
}

const clean = {
  'src/deploy/index.ts': "export { plan } from './plan.js';\n",
  'src/deploy/plan.ts': 'export const plan = 1;\n',
  'actions/ecs-deploy/main.ts': "export { plan } from '../../src/deploy/index.js';\n",
  'sim/index.ts': 'export const sim = 1;\n',
};

test('a clean tree passes', async () => {
  const result = await cruise(clean);
  expect(result).toEqual({ code: 0, output: expect.stringContaining('no dependency violations') });
});

test.each([
  [
    'a type-only import cycle',
    {
      'src/deploy/plan.ts': "import type { Step } from './step.js';\nexport const plan: Step[] = [];\n",
      'src/deploy/step.ts': "import type { plan } from './plan.js';\nexport type Step = typeof plan;\n",
    },
    'no-cycles',
  ],
  [
    'the simulator importing the kit',
    { 'sim/index.ts': "export { plan } from '../src/deploy/plan.js';\n" },
    'sim-is-not-the-kit',
  ],
  [
    'the kit importing the simulator',
    { 'src/deploy/plan.ts': "export { sim } from '../../sim/index.js';\nexport const plan = 1;\n" },
    'the-kit-does-not-know-the-simulator',
  ],
  [
    'an action reaching past an engine entry',
    { 'actions/ecs-deploy/main.ts': "export { plan } from '../../src/deploy/plan.js';\n" },
    'actions-use-engine-entries',
  ],
])('%s fails the check', async (_name, planted, rule) => {
  const result = await cruise({ ...clean, ...planted });
  expect(result.code).not.toBe(0);
  expect(result.output).toContain(`error ${rule}`);
});
