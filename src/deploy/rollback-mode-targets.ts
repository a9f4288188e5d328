/**
 * Where each service of a rollback-mode run goes: `rollback-to` resolved per family (rollback-target.ts),
 * or each service's own first candidate of the one rule (rollback-candidates.ts). Services on one family
 * can still go to different revisions (the seed shape's web and web-writer run seed-web on revisions of
 * their own), so nothing here assumes the first service speaks for the others.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { familyOf, shortArn } from '../arn.js';
import { checkFamily } from './guard.js';
import {
  describeForRollback,
  findRollbackCandidates,
  type DescribeForRollback,
} from './rollback-candidates.js';
import { explicitRollbackTargets, parseRollbackTo } from './rollback-target.js';
import { describeRevision, type Revision } from './revisions.js';
import type { EngineContext } from './types.js';

/** One service's way back. */
export interface ServiceTarget {
  service: Service;
  name: string;
  /** The revision it runs now. */
  currentArn: string;
  target: Revision;
  /** Why this target: the candidate's evidence, or `rollback-to`. */
  reason: string;
}

/** What chooseRollbackTargets needs. */
export interface TargetOptions {
  cluster: string;
  /** `rollback-to` as given (one revision per family); undefined: each service's first candidate. */
  rollbackTo?: string;
  allowFamilyChange: boolean;
}

/** Caches DescribeTaskDefinition per ARN: services of one family share most of their lookups. */
function memoized(describe: DescribeForRollback): DescribeForRollback {
  const seen = new Map<string, ReturnType<DescribeForRollback>>();
  return (arn) => {
    if (!seen.has(arn)) seen.set(arn, describe(arn));
    return seen.get(arn)!;
  };
}

/** Each service's target ARN and why, in service order. Throws naming every service that has none. */
async function targetArns(
  context: EngineContext,
  options: TargetOptions,
  services: Service[],
): Promise<{ arn: string; reason: string }[]> {
  const running = services.map((service) => ({
    service: service.serviceName ?? '',
    taskDefinitionArn: service.taskDefinition ?? '',
  }));
  if (options.rollbackTo !== undefined)
    return explicitRollbackTargets(
      parseRollbackTo(options.rollbackTo),
      running,
      options.allowFamilyChange,
    ).map((arn) => ({ arn, reason: 'rollback-to' }));
  const describe = memoized(describeForRollback(context.clients.ecs));
  const found = await Promise.all(
    services.map(async (service) => {
      const [candidate] = await findRollbackCandidates(context.clients.ecs, {
        cluster: options.cluster,
        service,
        limit: 1,
        describe,
      });
      return candidate;
    }),
  );
  const without = running.filter((_, index) => !found[index]);
  if (without.length > 0)
    throw new Error(
      `no rollback target for ${without.map((entry) => `${entry.service} on ${shortArn(entry.taskDefinitionArn)}`).join(', ')}: no older revision of ${[...new Set(without.map((entry) => familyOf(entry.taskDefinitionArn)))].join(', ')} is tagged ecs-kit:healthy-at, ECS records no successful deployment of an older revision, and the service ran no other revision before; pass rollback-to with a revision (family:revision, one per family)`,
    );
  return found.map((candidate) => ({ arn: candidate!.taskDefinitionArn, reason: candidate!.reason }));
}

/**
 * Chooses and describes every service's target, and applies the family guard to each service against its
 * own target (never another service's family). Reads only: runs before any mutating call.
 */
export async function chooseRollbackTargets(
  context: EngineContext,
  options: TargetOptions,
  services: Service[],
): Promise<ServiceTarget[]> {
  const arns = await targetArns(context, options, services);
  const revisions = new Map<string, Promise<Revision>>();
  const revisionOf = (arn: string) => {
    if (!revisions.has(arn)) revisions.set(arn, describeRevision(context.clients.ecs, arn));
    return revisions.get(arn)!;
  };
  const targets = await Promise.all(
    services.map(async (service, index): Promise<ServiceTarget> => {
      const name = service.serviceName ?? '';
      const currentArn = service.taskDefinition ?? '';
      const target = await revisionOf(arns[index].arn);
      checkFamily({
        service: name,
        currentFamily: familyOf(currentArn),
        newFamily: target.family,
        allowFamilyChange: options.allowFamilyChange,
      });
      return { service, name, currentArn, target, reason: arns[index].reason };
    }),
  );
  for (const entry of targets)
    context.logger.info(
      `${entry.name}: ${shortArn(entry.currentArn)} → ${shortArn(entry.target.taskDefinitionArn)} (${entry.reason})`,
    );
  return targets;
}
