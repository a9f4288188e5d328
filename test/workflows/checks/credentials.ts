/** AWS access comes from OIDC (a role assumed per run), never from long-lived access keys. */
import { jobsOf, stepLabel, type Finding, type WorkflowFile } from './model.js';

const CONFIGURE_CREDENTIALS = /^aws-actions\/configure-aws-credentials@/;
const KEY_NAMES =
  /^(aws-access-key-id|aws-secret-access-key|aws-session-token|AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY|AWS_SESSION_TOKEN)$/;

/** True when the job obtains AWS credentials through OIDC. */
export function usesOidc(steps: { uses?: string }[] | undefined): boolean {
  return (steps ?? []).some((step) => step.uses !== undefined && CONFIGURE_CREDENTIALS.test(step.uses));
}

function keyNames(map: Record<string, unknown> | undefined): string[] {
  return Object.keys(map ?? {}).filter((key) => KEY_NAMES.test(key));
}

/** Long-lived keys anywhere, and configure-aws-credentials without a role to assume. */
export function checkCredentials(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const key of keyNames(file.workflow.env)) {
    findings.push({
      path: file.path,
      where: 'env',
      message: `${key}: use OIDC (role-to-assume), not access keys`,
    });
  }
  for (const [job, spec] of jobsOf(file)) {
    const secrets = typeof spec.secrets === 'object' ? spec.secrets : undefined;
    for (const key of [...keyNames(spec.with), ...keyNames(secrets)]) {
      findings.push({
        path: file.path,
        where: `jobs.${job}`,
        message: `${key}: use OIDC (role-to-assume), not access keys`,
      });
    }
    (spec.steps ?? []).forEach((step, index) => {
      const where = `jobs.${job}.${stepLabel(step, index)}`;
      for (const key of [...keyNames(step.with), ...keyNames(step.env)]) {
        findings.push({
          path: file.path,
          where,
          message: `${key}: use OIDC (role-to-assume), not access keys`,
        });
      }
      if (step.uses && CONFIGURE_CREDENTIALS.test(step.uses) && !step.with?.['role-to-assume']) {
        findings.push({
          path: file.path,
          where,
          message: 'configure-aws-credentials without role-to-assume',
        });
      }
    });
  }
  return findings;
}
