/**
 * ECR naming rules (repository names, image tags) and the default tags a build gets from its git ref.
 * Validated before any AWS call so a typo fails the step instead of a push halfway through.
 */
import { ECR_REPOSITORY, hasForm } from '../validation/aws-names.js';

/** The Docker reference grammar for a tag (ECR accepts longer tags, but docker push does not). */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/** Why a repository name is invalid, or undefined when ECR accepts it. */
export function repositoryNameProblem(name: string): string | undefined {
  if (name.length < 2 || name.length > 256) return 'must be 2 to 256 characters long';
  if (!hasForm(ECR_REPOSITORY, name)) {
    return 'must be lowercase letters, digits and . _ - separators, with / between path components';
  }
  return undefined;
}

/** Why an image tag is invalid, or undefined when docker and ECR accept it. */
export function tagProblem(tag: string): string | undefined {
  if (tag.length > 128) return 'must be at most 128 characters long';
  if (!TAG.test(tag)) return 'must start with a letter, digit or _ and contain only letters, digits, _ . -';
  return undefined;
}

/** Turns a branch or git tag name into a valid image tag (`feature/Login` → `feature-login`). */
export function sanitiseTag(name: string): string {
  const cleaned = name
    .toLowerCase()
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[.-]+/, '')
    .slice(0, 128)
    .replace(/[.-]+$/, '');
  return cleaned;
}

/**
 * The tag a git ref implies: `refs/heads/<branch>` → sanitised branch, `refs/pull/<n>/merge` → `pr-<n>`,
 * `refs/tags/<tag>` → sanitised tag; undefined for anything else.
 */
export function refTag(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const pull = /^refs\/pull\/(\d+)\//.exec(ref);
  if (pull) return `pr-${pull[1]}`;
  const named = /^refs\/(?:heads|tags)\/(.+)$/.exec(ref);
  if (!named) return undefined;
  const tag = sanitiseTag(named[1]);
  return tag === '' ? undefined : tag;
}

/** The default tags of a build: the commit SHA and the ref's tag, without duplicates. */
export function defaultTags(options: { sha?: string; ref?: string }): string[] {
  const tags = [options.sha, refTag(options.ref)].filter((tag): tag is string => Boolean(tag));
  return [...new Set(tags)];
}
