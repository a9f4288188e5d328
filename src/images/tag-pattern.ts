/**
 * Tag and repository patterns for cleanup rules: globs (`v*`, `release-?.*`) or, between slashes,
 * regular expressions (`/^pr-\d+-/`). Compiled once; a bad pattern is reported before any AWS call.
 */
import { errorMessage } from '../errors.js';

/** A compiled pattern, keeping its source for reasons and summaries. */
export interface NamePattern {
  readonly source: string;
  test(name: string): boolean;
}

// Tag characters (OCI distribution spec) plus the glob wildcards; repository names add '/'.
const TAG_GLOB = /^[A-Za-z0-9_.*?-]+$/;
const REPOSITORY_GLOB = /^[a-z0-9_.*?/-]+$/;

function globRegExp(glob: string): RegExp {
  const body = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** Why `source` is not a valid pattern, or undefined when it is. */
export function patternProblem(source: string, kind: 'tag' | 'repository' = 'tag'): string | undefined {
  if (source.length > 2 && source.startsWith('/') && source.endsWith('/')) {
    try {
      new RegExp(source.slice(1, -1));
      return undefined;
    } catch (error) {
      return `'${source}' is not a valid regular expression (${errorMessage(error)})`;
    }
  }
  const allowed = kind === 'tag' ? TAG_GLOB : REPOSITORY_GLOB;
  if (!allowed.test(source)) {
    return kind === 'tag'
      ? `'${source}' is not a tag pattern: use letters, digits, '.', '_', '-' with the wildcards * and ?, or /regex/`
      : `'${source}' is not a repository pattern: use lower-case letters, digits, '.', '_', '-', '/' with * and ?, or /regex/`;
  }
  return undefined;
}

/** Compiles a pattern; throws with patternProblem's message when it is invalid. */
export function compilePattern(source: string, kind: 'tag' | 'repository' = 'tag'): NamePattern {
  const problem = patternProblem(source, kind);
  if (problem) throw new Error(problem);
  const regex =
    source.length > 2 && source.startsWith('/') && source.endsWith('/')
      ? new RegExp(source.slice(1, -1))
      : globRegExp(source);
  return { source, test: (name) => regex.test(name) };
}

/** True when `source` holds wildcards or is a regex, i.e. names a set rather than one name. */
export function isPatternOfMany(source: string): boolean {
  return /[*?]/.test(source) || (source.length > 2 && source.startsWith('/') && source.endsWith('/'));
}
