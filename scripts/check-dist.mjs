// Fails when dist/ is not exactly what `npm run build` produces from the committed sources.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const fresh = join(root, '.tmp', 'dist-check');
rmSync(fresh, { recursive: true, force: true });
execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--out', fresh], { stdio: 'inherit' });

function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

const committed = new Set(files(join(root, 'dist')).map((path) => relative(join(root, 'dist'), path)));
const built = new Set(files(fresh).map((path) => relative(fresh, path)));
const problems = [];
for (const path of built) {
  if (!committed.has(path)) problems.push(`missing from dist/: ${path}`);
  else if (!readFileSync(join(fresh, path)).equals(readFileSync(join(root, 'dist', path)))) {
    problems.push(`stale: dist/${path}`);
  }
}
for (const path of committed) if (!built.has(path)) problems.push(`not produced by the build: dist/${path}`);
rmSync(fresh, { recursive: true, force: true });
if (problems.length > 0) {
  console.error(
    `dist/ is not what \`npm run build\` produces (run it and commit dist/):\n  ${problems.join('\n  ')}`,
  );
  process.exit(1);
}
console.log(`dist/ matches the build (${built.size} files)`);
