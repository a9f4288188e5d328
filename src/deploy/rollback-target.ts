/** Choosing what to roll back to: the last revision tagged healthy before the current one, or a given one. */
import type { ECSClient } from '@aws-sdk/client-ecs';
import { familyOf, revisionOf } from './arn.js';
import { describeRevision, listRevisions, wasHealthy, type Revision } from './revisions.js';

/** How far back to look for a healthy revision (DescribeTaskDefinition calls). */
const MAX_CANDIDATES = 50;

/** Resolves `rollback-to` (a revision number, family:revision or ARN) against the service's family. */
export function resolveRollbackTo(rollbackTo: string, currentTaskDefinitionArn: string): string {
  if (/^\d+$/.test(rollbackTo)) {
    const arn = currentTaskDefinitionArn.replace(/:\d+$/, `:${rollbackTo}`);
    return arn;
  }
  return rollbackTo;
}

/** The newest revision of the current family, older than the current one, that once reached healthy. */
export async function lastHealthyRevision(
  ecs: ECSClient,
  currentTaskDefinitionArn: string,
): Promise<Revision | undefined> {
  const family = familyOf(currentTaskDefinitionArn);
  const current = revisionOf(currentTaskDefinitionArn) ?? Infinity;
  const candidates = (await listRevisions(ecs, family))
    .filter((arn) => (revisionOf(arn) ?? 0) < current)
    .slice(0, MAX_CANDIDATES);
  for (const arn of candidates) {
    const revision = await describeRevision(ecs, arn);
    if (wasHealthy(revision)) return revision;
  }
  return undefined;
}
