/**
 * No untrusted value is expanded into a `run:` script: `${{ github.event.* }}`, `${{ inputs.* }}` (and
 * github.head_ref) are text an outsider or a caller controls, and inside a script they become shell code.
 * They must reach the script through `env:` instead.
 */
import { runScripts } from './shellcheck.js';
import type { Finding, WorkflowFile } from './model.js';

const UNTRUSTED = /\b(github\.event\.|github\.head_ref\b|inputs\.|github\.event\[|inputs\[)/;

/** `${{ ... }}` expressions in a script that read untrusted values. */
export function untrustedExpressions(script: string): string[] {
  return [...script.matchAll(/\$\{\{([\s\S]*?)\}\}/g)]
    .filter((match) => UNTRUSTED.test(match[1]))
    .map((match) => match[0]);
}

/** Untrusted expressions interpolated into run scripts. */
export function checkInterpolation(file: WorkflowFile): Finding[] {
  return runScripts(file).flatMap((script) =>
    untrustedExpressions(script.script).map((expression) => ({
      path: file.path,
      where: script.where,
      message: `${expression} is expanded into the script; pass it through env: instead`,
    })),
  );
}
