/** Every third-party `uses:` is pinned to a full 40-hex commit SHA (a tag can be moved; a commit cannot). */
import { jobsOf, stepLabel, type Finding, type WorkflowFile } from './model.js';
import { KIT_REPOSITORY } from './references.js';

const PINNED = /^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+(\/[^@\s]+)?@[0-9a-f]{40}$/;
const DOCKER_PINNED = /^docker:\/\/[^@\s]+@sha256:[0-9a-f]{64}$/;

/** A reference inside this repository (`./path`, or `$/path` at the running commit). */
export function isLocalReference(uses: string): boolean {
  return uses.startsWith('./') || uses.startsWith('$/');
}

/**
 * The kit's own actions and reusable workflows as the examples show them: `<owner>/ecs-kit/...` (the owner
 * placeholder) at a full commit SHA, like any third-party reference.
 */
export function isKitPin(uses: string): boolean {
  return uses.startsWith(`${KIT_REPOSITORY}/`) && /@[0-9a-f]{40}$/.test(uses);
}

/** Why `uses` is not acceptable, or undefined when it is local or pinned. */
export function pinProblem(uses: string): string | undefined {
  if (uses.startsWith('$/') && uses.includes('@'))
    return `${uses}: a self-repository reference takes no @ref`;
  if (isLocalReference(uses) || isKitPin(uses)) return undefined;
  if (uses.startsWith('docker://')) {
    return DOCKER_PINNED.test(uses) ? undefined : `${uses} is not pinned to an image digest (@sha256:...)`;
  }
  if (!PINNED.test(uses)) return `${uses} is not pinned to a full 40-character commit SHA`;
  return undefined;
}

/** Unpinned third-party actions and reusable workflows. */
export function checkPinning(file: WorkflowFile): Finding[] {
  const findings: Finding[] = [];
  for (const [job, spec] of jobsOf(file)) {
    if (spec.uses) {
      const problem = pinProblem(spec.uses);
      if (problem) findings.push({ path: file.path, where: `jobs.${job}.uses`, message: problem });
    }
    (spec.steps ?? []).forEach((step, index) => {
      const problem = step.uses ? pinProblem(step.uses) : undefined;
      if (problem)
        findings.push({ path: file.path, where: `jobs.${job}.${stepLabel(step, index)}`, message: problem });
    });
  }
  return findings;
}
