/**
 * Least privilege: every workflow declares `permissions:` at the top (jobs may narrow or extend them),
 * never `read-all`/`write-all`, and every `write` is justified by what the job does:
 * `id-token: write` only where OIDC is used (configure-aws-credentials, or a call to a reusable workflow
 * that uses it), `attestations: write` only where a job attests build provenance (its signing certificate
 * also needs `id-token: write`), `contents: write` only where a script pushes to git, `pull-requests: write`
 * and `deployments: write` only where the preview action runs. Other write scopes are not needed.
 */
import { usesOidc } from './credentials.js';
import { runScripts } from './shellcheck.js';
import { jobsOf, type Job, type Finding, type Permissions, type WorkflowFile } from './model.js';

/** Finds the workflow a job's `uses:` calls, when it is one this repository holds. */
export type WorkflowResolver = (uses: string) => WorkflowFile | undefined;

/** True when the job itself, or the workflow it calls, obtains AWS credentials through OIDC. */
export function jobUsesOidc(job: Job, resolve: WorkflowResolver, depth = 0): boolean {
  if (usesOidc(job.steps)) return true;
  if (!job.uses || depth > 4) return false;
  const called = resolve(job.uses);
  return called !== undefined && jobsOf(called).some(([, spec]) => jobUsesOidc(spec, resolve, depth + 1));
}

const PREVIEW_ACTION = /(^|\/)actions\/preview(@|$)/;

/**
 * True when the job, or the workflow it calls, runs the kit's preview action: its sticky pull request
 * comment needs `pull-requests: write` and its GitHub deployments `deployments: write`.
 */
export function jobRunsPreview(job: Job, resolve: WorkflowResolver, depth = 0): boolean {
  if ((job.steps ?? []).some((step) => step.uses !== undefined && PREVIEW_ACTION.test(step.uses)))
    return true;
  if (!job.uses || depth > 4) return false;
  const called = resolve(job.uses);
  return called !== undefined && jobsOf(called).some(([, spec]) => jobRunsPreview(spec, resolve, depth + 1));
}

const ATTEST_ACTION = /^actions\/attest(-build-provenance)?@/;

/** True when the job, or the workflow it calls, attests build provenance (GitHub artifact attestations). */
export function jobAttests(job: Job, resolve: WorkflowResolver, depth = 0): boolean {
  if ((job.steps ?? []).some((step) => step.uses !== undefined && ATTEST_ACTION.test(step.uses))) return true;
  if (!job.uses || depth > 4) return false;
  const called = resolve(job.uses);
  return called !== undefined && jobsOf(called).some(([, spec]) => jobAttests(spec, resolve, depth + 1));
}

function pushesToGit(file: WorkflowFile, jobId: string): boolean {
  return runScripts(file).some((script) => script.job === jobId && /\bgit\s+push\b/.test(script.script));
}

function writeScopes(permissions: Permissions | undefined): string[] {
  if (permissions === undefined || typeof permissions === 'string') return [];
  return Object.entries(permissions)
    .filter(([, level]) => level === 'write')
    .map(([scope]) => scope);
}

/** Permission problems of one workflow. */
export function checkPermissions(file: WorkflowFile, resolve: WorkflowResolver): Finding[] {
  const findings: Finding[] = [];
  const top = file.workflow.permissions;
  if (top === undefined) {
    findings.push({
      path: file.path,
      where: 'permissions',
      message: 'no top-level permissions: declare the least the workflow needs',
    });
  }
  const broad = (where: string, permissions: Permissions | undefined) => {
    if (typeof permissions === 'string') {
      findings.push({
        path: file.path,
        where,
        message: `permissions: ${permissions} is not least privilege; list the scopes`,
      });
    }
  };
  broad('permissions', top);
  for (const [jobId, job] of jobsOf(file)) {
    broad(`jobs.${jobId}.permissions`, job.permissions);
    const effective = job.permissions ?? top;
    const where =
      job.permissions !== undefined
        ? `jobs.${jobId}.permissions`
        : `permissions (inherited by jobs.${jobId})`;
    for (const scope of writeScopes(effective)) {
      if (scope === 'id-token' && (jobUsesOidc(job, resolve) || jobAttests(job, resolve))) continue;
      if (scope === 'attestations' && jobAttests(job, resolve)) continue;
      if (scope === 'contents' && pushesToGit(file, jobId)) continue;
      if ((scope === 'pull-requests' || scope === 'deployments') && jobRunsPreview(job, resolve)) continue;
      const reason =
        scope === 'id-token'
          ? 'but the job does not use OIDC'
          : scope === 'contents'
            ? 'but the job pushes nothing to git'
            : 'which the job does not need';
      findings.push({ path: file.path, where, message: `${scope}: write ${reason}` });
    }
  }
  return findings;
}
