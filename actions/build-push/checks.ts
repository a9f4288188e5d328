/**
 * The forms build-push checks a build's settings against, shared by the step's own inputs (errors name the
 * input) and the config's `build.images` (errors name the config path).
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** A build argument's name. */
export const BUILD_ARG = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A Dockerfile stage name (`--target`). */
export const STAGE = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/**
 * A path resolved inside the workspace (symlinks followed), relative to it with `/`; throws an Error with
 * what is wrong (missing, outside the workspace, not a directory/file) for the caller to attribute.
 */
export function workspaceRelative(value: string, workspace: string, kind: 'directory' | 'file'): string {
  const absolute = resolve(workspace, value);
  if (!existsSync(absolute)) throw new Error(`${kind} '${value}' does not exist in the workspace`);
  const real = realpathSync(absolute);
  const inside = relative(realpathSync(workspace), real);
  if (inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`'${value}' is outside the workspace ${workspace}`);
  }
  const stats = statSync(real);
  if (kind === 'directory' ? !stats.isDirectory() : !stats.isFile()) {
    throw new Error(`'${value}' is not a ${kind}`);
  }
  return relative(workspace, absolute).split(sep).join('/') || '.';
}
