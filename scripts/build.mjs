// Bundles every folder under actions/ that has an action.yml into dist/<action>/ with @vercel/ncc, then
// minifies every emitted file with esbuild: ncc minifies only the entry, and the chunks (the SDK clients,
// @actions/core) are what an action parses before its first AWS request. Minified, that costs about a
// third less time at start-up (bench/cold-start.ts); licenses stay in licenses.txt.
// Usage: node scripts/build.mjs [--out DIR] [action ...]
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, readdirSync, readFileSync, rmSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { transform } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const outIndex = args.indexOf('--out');
const outRoot = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, 'dist');
// Without --out, outIndex + 1 is 0: do not drop the first action name then.
const only = args.filter((arg, index) => arg !== '--out' && (outIndex < 0 || index !== outIndex + 1));

/** Action folders: actions/<name>/ with an action.yml and an index.ts entry. */
export function discoverActions() {
  const dir = join(root, 'actions');
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, 'action.yml')))
    .map((entry) => entry.name)
    .sort();
}

const actions = discoverActions().filter((name) => only.length === 0 || only.includes(name));
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js');

/** Minifies every .js file ncc wrote into `dir` (entry and chunks), in place. */
async function minify(dir) {
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.js'))) {
    const path = join(dir, file);
    const { code } = await transform(readFileSync(path, 'utf8'), {
      minify: true,
      format: 'esm',
      target: 'node20',
      legalComments: 'none',
    });
    writeFileSync(path, code);
  }
}
async function bundle(name) {
  const entry = join(root, 'actions', name, 'index.ts');
  if (!existsSync(entry)) throw new Error(`actions/${name} has an action.yml but no index.ts entry`);
  const out = join(outRoot, name);
  // Build next to the target and swap it in only on success: a failed build leaves the old bundle.
  const staging = join(outRoot, `.${name}.building`);
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await promisify(execFile)(
      process.execPath,
      [ncc, 'build', entry, '-o', staging, '--license', 'licenses.txt', '--quiet', '--target', 'es2022'],
      { cwd: root, maxBuffer: 64 * 1024 * 1024 },
    );
    await minify(staging);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw new Error(`bundling actions/${name} failed:\n${error.stderr || error.stdout || error.message}`);
  }
  rmSync(out, { recursive: true, force: true });
  renameSync(staging, out);
  console.log(`built dist/${name}`);
}

// Two bundles at a time: ncc is mostly single-threaded and CI machines have two cores.
const queue = [...actions];
await Promise.all(
  [0, 1].map(async () => {
    while (queue.length > 0) await bundle(queue.shift());
  }),
);
if (outIndex < 0 && only.length === 0 && existsSync(join(root, 'dist'))) {
  // Remove bundles of actions that no longer exist.
  for (const entry of readdirSync(join(root, 'dist'))) {
    if (!actions.includes(entry) && !entry.startsWith('.'))
      rmSync(join(root, 'dist', entry), { recursive: true, force: true });
  }
}
