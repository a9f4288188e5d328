/**
 * deployMany's keep-revisions, after a release reached its goal: deploy()'s keep-N for every family the
 * release deployed, each protecting every revision the release deployed and every revision its services
 * ran before (the rollback targets). Failures are warnings: the services are healthy either way.
 */
import { familyOf } from '../arn.js';
import { describeFailure } from './attend.js';
import { keepRevisions, type RevisionCleanup } from './cleanup.js';
import type { ServiceReport } from './report.js';
import type { EngineContext } from './types.js';

/** Deregisters old revisions per family; returns what was kept and deregistered across all of them. */
export async function keepRevisionsPerFamily(
  context: EngineContext,
  release: { cluster: string; keep: number; deployed: string[]; services: ServiceReport[] },
): Promise<RevisionCleanup | undefined> {
  if (release.keep <= 0) return undefined;
  const { logger } = context;
  const protect = [
    ...release.deployed,
    ...release.services.flatMap((entry) =>
      [entry.previousTaskDefinitionArn, entry.rollbackTaskDefinitionArn ?? []].flat(),
    ),
  ];
  const total: RevisionCleanup = { kept: [], deregistered: [] };
  for (const family of [...new Set(release.deployed.map(familyOf))]) {
    const cleanup = await logger.group(`Deregister old revisions of ${family}`, () =>
      keepRevisions({
        ecs: context.clients.ecs,
        cluster: release.cluster,
        family,
        keep: release.keep,
        protect,
        logger,
      }).catch((error: unknown) => {
        logger.warning(`keep-revisions (${family}): ${describeFailure('ecs-deploy', error)}`);
        return undefined;
      }),
    );
    total.kept.push(...(cleanup?.kept ?? []));
    total.deregistered.push(...(cleanup?.deregistered ?? []));
  }
  return total;
}
