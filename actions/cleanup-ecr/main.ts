/** cleanup-ecr: inputs → inventory, in-use scan, plan, delete (unless dry run) → outputs and summary. */
import { actionClock } from '../../src/github/environment.js';
import { runAction } from '../../src/github/run.js';
import type { CleanupResult } from '../../src/images/index.js';
import type { Inputs } from './inputs.js';
import { actionsCore, log } from '../../src/github/log.js';

async function clean(inputs: Inputs): Promise<CleanupResult> {
  const { createAwsClients, destroyAwsClients } = await import('../../src/aws/clients.js');
  const { cleanupEcr } = await import('../../src/images/index.js');
  const { beforeMutation } = await import('../../src/aws/access-denied.js');
  const clients = await createAwsClients({ region: inputs['aws-region'] });
  try {
    // Deletions record their failures instead of throwing: a denial that throws came before any delete.
    return await beforeMutation('cleanup-ecr', () =>
      cleanupEcr({
        clients,
        repositories: inputs.repositories,
        clusters: inputs.clusters,
        rules: inputs.rules,
        rollbackRevisions: inputs['rollback-revisions'],
        dryRun: inputs['dry-run'],
        concurrency: inputs['max-concurrency'],
        clock: actionClock(),
        logger: log,
      }),
    );
  } finally {
    destroyAwsClients(clients);
  }
}

async function main(inputs: Inputs): Promise<void> {
  const started = Date.now();
  const result = await clean(inputs);
  const elapsedMs = Date.now() - started;
  const { cleanupSummaryMarkdown, cleanupTotals } = await import('../../src/images/index.js');
  const totals = cleanupTotals(result);
  const core = await actionsCore();
  const failures = result.outcome?.failures ?? [];
  core.setOutput('deleted-count', String(totals.deleted));
  core.setOutput('bytes-freed', String(totals.bytesFreed));
  core.setOutput('kept-count', String(totals.kept));
  core.setOutput('planned-count', String(totals.planned));
  core.setOutput('failed-count', String(totals.failed));
  core.setOutput('failures', JSON.stringify(failures));
  await core.summary.addRaw(cleanupSummaryMarkdown(result, { elapsedMs }), true).write();
  if (failures.length > 0) {
    const first = failures[0];
    // A denied BatchDeleteImage names the permission, like every other denial.
    const denied = /^AccessDenied(Exception)?$/.test(first.code)
      ? ` (missing permission ecr:BatchDeleteImage; grant what docs/iam/cleanup-ecr.json lists)`
      : '';
    throw new Error(
      `${failures.length} images could not be deleted (first: ${first.repository}@${first.digest}: ${first.code})${denied}`,
    );
  }
}

/** Runs the action with validated inputs. */
export async function run(inputs: Inputs): Promise<void> {
  return runAction('cleanup-ecr', () => main(inputs));
}
