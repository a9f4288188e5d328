/** A parsed GitHub Actions workflow, typed just enough for the kit's policy checks. */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';

/** One step of a job. */
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  shell?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

/** `permissions:` as GitHub accepts it: a map of scopes, or `read-all` / `write-all`. */
export type Permissions = Record<string, string> | string;

/** One job: steps, or a reusable workflow call (`uses:`). */
export interface Job {
  name?: string;
  uses?: string;
  with?: Record<string, unknown>;
  secrets?: Record<string, unknown> | string;
  permissions?: Permissions;
  environment?: string | { name?: string; url?: string };
  concurrency?: string | { group?: string; 'cancel-in-progress'?: boolean | string; queue?: string };
  defaults?: { run?: { shell?: string } };
  steps?: Step[];
}

/** A workflow file. */
export interface Workflow {
  name?: string;
  on?: unknown;
  permissions?: Permissions;
  concurrency?: Job['concurrency'];
  env?: Record<string, unknown>;
  jobs?: Record<string, Job>;
}

/** A workflow file on disk: its path relative to the repository, its text and parsed content. */
export interface WorkflowFile {
  path: string;
  text: string;
  workflow: Workflow;
}

/** A problem a check found. */
export interface Finding {
  path: string;
  where: string;
  message: string;
}

/** Parses workflow text (throws on YAML syntax errors; actionlint reports those with a position). */
export function parseWorkflow(text: string, path = 'workflow.yml'): WorkflowFile {
  return { path, text, workflow: (parse(text) ?? {}) as Workflow };
}

/** Every `.yml`/`.yaml` file directly in `dir`, relative to `root`. */
export function yamlFiles(root: string, dir: string): string[] {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => relative(root, join(absolute, name)));
}

/** Reads a workflow file from the repository. */
export function readWorkflow(root: string, path: string): WorkflowFile {
  return parseWorkflow(readFileSync(join(root, path), 'utf8'), path);
}

/** Every job with its id. */
export function jobsOf(file: WorkflowFile): [string, Job][] {
  return Object.entries(file.workflow.jobs ?? {});
}

/** A step's label for messages: its name, id, uses or first line of run. */
export function stepLabel(step: Step, index: number): string {
  const label = step.name ?? step.id ?? step.uses ?? step.run?.split('\n')[0] ?? '';
  return `steps[${index}] (${label.slice(0, 60)})`;
}
