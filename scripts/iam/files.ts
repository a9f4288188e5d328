/** Where the IAM documents live, and which actions the kit has. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Observed } from './observed.js';
import type { PolicyDocument } from './policy.js';

/** The repository root. */
export const ROOT = resolve(import.meta.dirname, '..', '..');

/** docs/iam. */
export const IAM_DIR = join(ROOT, 'docs', 'iam');

/** Every `actions/<name>/` with an action.yml, sorted. */
export function kitActions(): string[] {
  return readdirSync(join(ROOT, 'actions'))
    .filter((name) => existsSync(join(ROOT, 'actions', name, 'action.yml')))
    .sort();
}

/** docs/iam/observed.json. */
export function readObserved(): Observed {
  return JSON.parse(readFileSync(join(IAM_DIR, 'observed.json'), 'utf8')) as Observed;
}

/** docs/iam/<action>.json, or undefined when it does not exist. */
export function readPolicy(action: string): PolicyDocument | undefined {
  const path = join(IAM_DIR, `${action}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as PolicyDocument) : undefined;
}
