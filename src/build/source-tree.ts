/**
 * Hashes a build context's files the way git sees them: every tracked and untracked-but-not-ignored file
 * with its mode and blob id, taking uncommitted changes into account (a dirty tree must not reuse the
 * fingerprint of the clean commit). Outside a git checkout, every file under the context is hashed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join, posix, relative, sep } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** How the context was hashed. */
export interface SourceTreeHash {
  hash: string;
  /** `git`: from the index plus working changes; `files`: every file read (no git checkout). */
  method: 'git' | 'files';
  /** Number of files covered. */
  files: number;
}

interface Entry {
  mode: string;
  object: string;
}

async function git(cwd: string, args: string[], input?: string): Promise<string> {
  const child = run('git', args, {
    cwd,
    maxBuffer: 256 * 1024 * 1024,
    // Read-only: never take index.lock (another git process may be running in the same checkout).
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  if (input !== undefined) {
    child.child.stdin?.end(input);
  }
  const { stdout } = await child;
  return stdout;
}

function digestEntries(entries: Map<string, Entry>): string {
  const hash = createHash('sha256');
  for (const path of [...entries.keys()].sort()) {
    const entry = entries.get(path)!;
    hash.update(`${entry.mode} ${entry.object} ${path}\n`);
  }
  return hash.digest('hex');
}

/** The working tree's version of a path: an entry, 'deleted', or 'unchanged' (a submodule directory). */
async function worktreeEntry(root: string, path: string): Promise<Entry | 'deleted' | 'unchanged'> {
  const absolute = join(root, ...path.split('/'));
  const stats = await lstat(absolute).catch(() => undefined);
  if (!stats) return 'deleted';
  if (stats.isDirectory()) return 'unchanged';
  if (stats.isSymbolicLink()) {
    const target = await readlink(absolute);
    return { mode: '120000', object: createHash('sha256').update(target).digest('hex') };
  }
  if (!stats.isFile()) return 'deleted';
  const object = (await git(root, ['hash-object', '--', path])).trim();
  return { mode: stats.mode & 0o111 ? '100755' : '100644', object };
}

async function hashWithGit(context: string): Promise<SourceTreeHash> {
  const root = (await git(context, ['rev-parse', '--show-toplevel'])).trim();
  const prefix = (await git(context, ['rev-parse', '--show-prefix'])).trim();
  const entries = new Map<string, Entry>();
  // `<mode> <object> <stage>\t<path>`, paths relative to the repository root.
  for (const record of (await git(root, ['ls-files', '-s', '-z', '--', prefix || '.'])).split('\0')) {
    const match = /^(\d+) ([0-9a-f]+) \d\t(.*)$/s.exec(record);
    if (match) entries.set(match[3], { mode: match[1], object: match[2] });
  }
  // Porcelain v1: `XY <path>`, root-relative; Y is the working tree's change against the index.
  const status = await git(root, [
    'status',
    '--porcelain=v1',
    '-z',
    '--untracked-files=all',
    '--no-renames',
    '--',
    prefix || '.',
  ]);
  for (const record of status.split('\0')) {
    if (record.length < 4) continue;
    const worktree = record[1];
    const path = record.slice(3);
    if (worktree === ' ' && record[0] !== '?') continue;
    const entry = await worktreeEntry(root, path);
    if (entry === 'deleted') entries.delete(path);
    else if (entry !== 'unchanged') entries.set(path, entry);
  }
  const relativeEntries = new Map<string, Entry>();
  for (const [path, entry] of entries)
    relativeEntries.set(posix.relative(prefix || '.', path) || path, entry);
  return { hash: digestEntries(relativeEntries), method: 'git', files: relativeEntries.size };
}

async function hashFiles(context: string): Promise<SourceTreeHash> {
  const entries = new Map<string, Entry>();
  const walk = async (directory: string): Promise<void> => {
    for (const item of await readdir(directory, { withFileTypes: true })) {
      if (item.name === '.git') continue;
      const absolute = join(directory, item.name);
      const path = relative(context, absolute).split(sep).join('/');
      if (item.isDirectory()) await walk(absolute);
      else if (item.isSymbolicLink()) {
        const target = await readlink(absolute);
        entries.set(path, { mode: '120000', object: createHash('sha256').update(target).digest('hex') });
      } else if (item.isFile()) {
        const stats = await lstat(absolute);
        const object = createHash('sha256')
          .update(await readFile(absolute))
          .digest('hex');
        entries.set(path, { mode: stats.mode & 0o111 ? '100755' : '100644', object });
      }
    }
  };
  await walk(context);
  return { hash: digestEntries(entries), method: 'files', files: entries.size };
}

/**
 * The hash of the build context directory (absolute path). Uses git when the context is inside a
 * work tree git can read; otherwise reads every file.
 */
export async function sourceTreeHash(context: string): Promise<SourceTreeHash> {
  let insideWorkTree = false;
  try {
    insideWorkTree = (await git(context, ['rev-parse', '--is-inside-work-tree'])).trim() === 'true';
  } catch {
    insideWorkTree = false;
  }
  return insideWorkTree ? hashWithGit(context) : hashFiles(context);
}
