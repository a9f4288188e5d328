/**
 * Deployments of one service to one environment run one at a time and queue: a concurrency group naming
 * the environment and the service, never cancelling a deployment in progress (a half-shifted listener is
 * worse than a late deploy), and `queue: max` so that a newer run does not cancel an older pending one.
 */
import { usesOidc } from './credentials.js';
import { jobsOf, type Finding, type Job, type WorkflowFile } from './model.js';

const DEPLOYING = /(^|\/)actions\/(ecs-deploy|wait-healthy)(@|$)/;

/**
 * True when a job changes what runs in a real environment: it runs ecs-deploy or wait-healthy with AWS
 * credentials from OIDC or in a GitHub environment (the kit's CI runs them against the simulator).
 */
export function deploys(job: Job): boolean {
  const runsDeployAction = (job.steps ?? []).some(
    (step) => step.uses !== undefined && DEPLOYING.test(step.uses),
  );
  return runsDeployAction && (job.environment !== undefined || usesOidc(job.steps));
}

/** Deploying jobs without a queueing per-environment-and-service concurrency group. */
export function checkConcurrency(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [jobId, job] of jobsOf(file)) {
    if (!deploys(job)) continue;
    const where = `jobs.${jobId}.concurrency`;
    const spec = job.concurrency ?? file.workflow.concurrency;
    if (spec === undefined) {
      findings.push({
        path: file.path,
        where,
        message: 'a deploying job needs a concurrency group per environment and service',
      });
      continue;
    }
    const group = typeof spec === 'string' ? spec : (spec.group ?? '');
    if (!/environment/i.test(group) || !/service/i.test(group)) {
      findings.push({
        path: file.path,
        where,
        message: `group '${group}' must name both the environment and the service`,
      });
    }
    const settings = typeof spec === 'string' ? {} : spec;
    const cancel = settings['cancel-in-progress'];
    if (cancel !== undefined && cancel !== false) {
      findings.push({
        path: file.path,
        where,
        message: 'cancel-in-progress must be false: never cancel a deployment in progress',
      });
    }
    if (settings.queue !== 'max') {
      findings.push({
        path: file.path,
        where,
        message: 'queue: max is needed, or a newer run cancels an older pending deployment',
      });
    }
  }
  return findings;
}
