/**
 * A static view of what an action's code can call: follows the imports of `actions/<action>/main.ts`
 * (static, dynamic and re-exports) through `actions/` and `src/`, the sources its bundle holds, and maps
 * every `new <Operation>Command(` to an IAM action by the SDK package it is imported from.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { SDK_PACKAGE_PREFIX } from './names.js';

/** A command the sources construct. */
export interface ScannedCall {
  /** IAM action, e.g. `ecs:UpdateService`. */
  action: string;
  /** Repository-relative file that constructs it. */
  file: string;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
const TYPE_ONLY = /^import\s+type\s/;

function resolveSource(from: string, specifier: string): string | undefined {
  const base = resolve(dirname(from), specifier);
  for (const candidate of [base.replace(/\.js$/, '.ts'), `${base}.ts`, join(base, 'index.ts')]) {
    if (existsSync(candidate) && candidate.endsWith('.ts')) return candidate;
  }
  return undefined;
}

/** The repository's source files reachable from `entry`, including it. */
export function reachableSources(entry: string): string[] {
  const seen = new Set<string>();
  const queue = [resolve(entry)];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      if (TYPE_ONLY.test(match[0])) continue;
      const specifier = match[1] ?? match[2];
      if (!specifier.startsWith('.')) continue;
      const target = resolveSource(file, specifier);
      if (target) queue.push(target);
    }
  }
  return [...seen].sort();
}

/** Maps the SDK command classes a file imports to IAM prefixes: `UpdateServiceCommand` → `ecs`. */
function commandPrefixes(text: string): Map<string, string> {
  const prefixes = new Map<string, string>();
  const imports = /import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*['"](@aws-sdk\/[^'"]+)['"]/g;
  for (const match of text.matchAll(imports)) {
    const prefix = SDK_PACKAGE_PREFIX[match[2]];
    if (!prefix) continue;
    for (const name of match[1].split(',')) {
      const local = name
        .replace(/^\s*type\s+/, '')
        .trim()
        .split(/\s+as\s+/);
      const imported = local[0]?.trim();
      const alias = (local[1] ?? local[0])?.trim();
      if (imported?.endsWith('Command') && alias)
        prefixes.set(alias, `${prefix}:${imported.slice(0, -'Command'.length)}`);
    }
  }
  return prefixes;
}

/** The commands constructed in `files`; throws on a `new XCommand(` whose SDK package is unknown. */
export function scanCommands(files: string[], root: string): ScannedCall[] {
  const calls: ScannedCall[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const prefixes = commandPrefixes(text);
    for (const match of text.matchAll(/new\s+([A-Z][A-Za-z0-9]*)\s*\(/g)) {
      const action = prefixes.get(match[1]);
      if (action) calls.push({ action, file: relative(root, file) });
      else if (match[1].endsWith('Command')) {
        throw new Error(`${relative(root, file)}: ${match[1]} is not imported from a known AWS SDK client`);
      }
    }
  }
  return calls;
}

/** The IAM actions `actions/<action>/main.ts` can reach, sorted, with the files that call each. */
export function scanAction(root: string, action: string): Map<string, string[]> {
  const entry = join(root, 'actions', action, 'main.ts');
  const byAction = new Map<string, string[]>();
  for (const call of scanCommands(reachableSources(entry), root)) {
    byAction.set(call.action, [...new Set([...(byAction.get(call.action) ?? []), call.file])].sort());
  }
  return new Map([...byAction.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
