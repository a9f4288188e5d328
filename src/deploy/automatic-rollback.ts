/**
 * Where the automatic rollback (after a failed rollout) takes a service, by the one rule of
 * rollback-candidates.ts. The revision the service ran when the run started is the right place when the
 * service was settled on it: it served, and ECS's own circuit breaker returns there too. On an estate where
 * that revision is itself a failed half-deploy (its rollout FAILED, or still IN_PROGRESS when a run
 * replaces it), going back to it would restore a broken service: the newest candidate of the rule is the
 * target instead, the same revision rollback mode would choose and cleanup-ecr protects.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { findRollbackCandidates, type RollbackCandidate } from './rollback-candidates.js';
import type { ServiceReport } from './report.js';
import type { EngineContext } from './types.js';

/** Where one service goes back to, and why (for the log). */
export interface AutomaticRollbackTarget {
  taskDefinitionArn: string;
  reason: string;
}

/**
 * The service was settled on the revision it runs: one deployment, on that revision, whose rollout
 * completed (a deployment without a rollout state, as older APIs report it, counts as settled: the kit
 * then behaves as it always did).
 */
export function settledOnCurrent(service: Service): boolean {
  const deployments = service.deployments ?? [];
  if (deployments.length !== 1) return false;
  const [only] = deployments;
  if (only.taskDefinition !== service.taskDefinition) return false;
  return only.rolloutState === undefined || only.rolloutState === 'COMPLETED';
}

/**
 * The pure decision: the pre-run revision when the service was settled on it; otherwise the newest
 * candidate of the rollback rule; otherwise (no candidate at all) still the pre-run revision, the only
 * revision known to have run.
 */
export function automaticRollbackTarget(input: {
  previous: string;
  settled: boolean;
  candidates: readonly RollbackCandidate[];
}): AutomaticRollbackTarget {
  if (input.settled) return { taskDefinitionArn: input.previous, reason: 'the service was settled on it' };
  const newest = input.candidates[0];
  if (newest)
    return {
      taskDefinitionArn: newest.taskDefinitionArn,
      reason: `the service was not settled on ${input.previous}; newest rollback candidate (${newest.reason})`,
    };
  return { taskDefinitionArn: input.previous, reason: 'no rollback candidate: the revision it ran before' };
}

/**
 * Reads the candidates of the services about to be updated that were not settled (only those: a settled
 * service needs no read) and decides each one's target. Runs before the first mutating call, so a denied
 * read is named with nothing changed. Returns targets only where they differ from the pre-run revision.
 */
export async function readAutomaticRollbackTargets(
  context: EngineContext,
  options: { cluster: string; services: Service[] },
): Promise<Map<string, AutomaticRollbackTarget>> {
  const targets = new Map<string, AutomaticRollbackTarget>();
  for (const service of options.services) {
    if (settledOnCurrent(service)) continue;
    const candidates = await findRollbackCandidates(context.clients.ecs, {
      cluster: options.cluster,
      service,
      limit: 1,
    });
    const previous = service.taskDefinition ?? '';
    const target = automaticRollbackTarget({ previous, settled: false, candidates });
    if (target.taskDefinitionArn === previous) continue;
    context.logger.info(
      `${service.serviceName}: a failed rollout goes back to ${target.taskDefinitionArn} (${target.reason})`,
    );
    targets.set(service.serviceName ?? '', target);
  }
  return targets;
}

/** The plan's entries with their automatic rollback targets. */
export function withRollbackTargets(
  entries: ServiceReport[],
  targets: ReadonlyMap<string, AutomaticRollbackTarget> | undefined,
): ServiceReport[] {
  if (!targets || targets.size === 0) return entries;
  return entries.map((entry) => {
    const target = targets.get(entry.service);
    return target ? { ...entry, rollbackTaskDefinitionArn: target.taskDefinitionArn } : entry;
  });
}
