/**
 * Every `run:` script of a workflow, checked with shellcheck (Debian package `shellcheck`). Expressions
 * (`${{ ... }}`) are replaced by a same-length placeholder first, as actionlint does, so columns match.
 */
import { spawnSync } from 'node:child_process';
import { jobsOf, stepLabel, type Finding, type WorkflowFile } from './model.js';

/** The command that installs shellcheck, named when it is missing. */
export const SHELLCHECK_INSTALL = 'apt-get update && apt-get install -y shellcheck';

/** One `run:` script and where it is. */
export interface RunScript {
  job: string;
  where: string;
  script: string;
  shell: string;
}

/** Every run script with the shell it runs in (step shell, job default, else bash as on Linux runners). */
export function runScripts(file: WorkflowFile): RunScript[] {
  const scripts: RunScript[] = [];
  for (const [job, spec] of jobsOf(file)) {
    (spec.steps ?? []).forEach((step, index) => {
      if (typeof step.run !== 'string') return;
      const shell = step.shell ?? spec.defaults?.run?.shell ?? 'bash';
      scripts.push({ job, where: `jobs.${job}.${stepLabel(step, index)}`, script: step.run, shell });
    });
  }
  return scripts;
}

/** Throws, naming the install command, when shellcheck is not installed. */
export function requireShellcheck(env: NodeJS.ProcessEnv = process.env): void {
  const probe = spawnSync('shellcheck', ['--version'], { encoding: 'utf8', env });
  if (probe.error || probe.status !== 0) {
    throw new Error(`shellcheck is not installed; install it with: ${SHELLCHECK_INSTALL}`);
  }
}

interface ShellcheckComment {
  line: number;
  column: number;
  level: string;
  code: number;
  message: string;
}

/** shellcheck's findings for one script. */
export function shellcheck(script: RunScript, path: string): Finding[] {
  if (!/^(bash|sh)\b/.test(script.shell)) return [];
  const dialect = script.shell.startsWith('sh') ? 'sh' : 'bash';
  const text = script.script.replace(/\$\{\{[\s\S]*?\}\}/g, (expression) => '_'.repeat(expression.length));
  const result = spawnSync('shellcheck', ['--shell', dialect, '--format', 'json', '-'], {
    input: text,
    encoding: 'utf8',
  });
  if (result.error)
    throw new Error(`running shellcheck (install: ${SHELLCHECK_INSTALL}): ${result.error.message}`);
  const comments = JSON.parse(result.stdout || '[]') as ShellcheckComment[];
  return comments.map((comment) => ({
    path,
    where: `${script.where} line ${comment.line}, column ${comment.column}`,
    message: `SC${comment.code} (${comment.level}): ${comment.message}`,
  }));
}
