/** What the runner's environment says: region, workflow metadata, the simulator's time scale. */
import { InputError } from '../errors.js';
import { systemClock, type Clock } from '../clock.js';
import { REGION, hasForm } from '../validation/aws-names.js';
import type { InputSource } from './input-source.js';

/** The AWS region from the `aws-region` input, else AWS_REGION / AWS_DEFAULT_REGION. */
export function readRegion(source: InputSource, inputName = 'aws-region'): string {
  const region = source.value(inputName) || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new InputError(
      inputName,
      'no AWS region: set the input or AWS_REGION (aws-actions/configure-aws-credentials does)',
    );
  }
  if (!hasForm(REGION, region))
    throw new InputError(inputName, `expected ${REGION.expected}, got '${region}'`);
  return region;
}

/** Who is deploying: for provenance tags and summaries. */
export interface WorkflowContext {
  sha?: string;
  ref?: string;
  repository?: string;
  runUrl?: string;
  actor?: string;
  workspace: string;
}

/** Reads the GitHub-provided environment of the current run. */
export function readWorkflowContext(): WorkflowContext {
  const env = process.env;
  const server = env.GITHUB_SERVER_URL || 'https://github.com';
  const runUrl =
    env.GITHUB_REPOSITORY && env.GITHUB_RUN_ID
      ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
      : undefined;
  return {
    sha: env.GITHUB_SHA || undefined,
    ref: env.GITHUB_REF || undefined,
    repository: env.GITHUB_REPOSITORY || undefined,
    runUrl,
    actor: env.GITHUB_ACTOR || undefined,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/**
 * The clock the kit waits with. ECS_KIT_TIME_SCALE exists for the simulator only: it runs the kit's
 * polling and timeouts at the same accelerated speed as the simulated AWS behind AWS_ENDPOINT_URL.
 */
export function actionClock(): Clock {
  const scale = Number(process.env.ECS_KIT_TIME_SCALE || '1');
  return systemClock(Number.isFinite(scale) && scale > 0 ? scale : 1);
}
