/**
 * Keep-N: deregister older ACTIVE revisions of a family that nothing uses. A revision is kept when it is
 * among the newest N, or any deployment of a service in the cluster runs it. Deregistered revisions stay
 * describable (INACTIVE), and running tasks are not affected.
 */
import {
  DeregisterTaskDefinitionCommand,
  ListServicesCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { errorMessage } from '../errors.js';
import { listRevisions } from './revisions.js';
import { describeServices } from './services.js';
import type { Logger } from '../logger.js';

/** What keep-N decided. */
export interface RevisionCleanup {
  kept: string[];
  deregistered: string[];
}

/** The revisions to deregister: pure, so the rule is tested without AWS. `revisions` is newest first. */
export function planRevisionCleanup(revisions: string[], inUse: Set<string>, keep: number): RevisionCleanup {
  const kept: string[] = [];
  const deregistered: string[] = [];
  revisions.forEach((arn, index) => (index < keep || inUse.has(arn) ? kept : deregistered).push(arn));
  return { kept, deregistered };
}

/** Every task definition any deployment of any service in the cluster uses. */
export async function revisionsInUse(ecs: ECSClient, cluster: string): Promise<Set<string>> {
  const names: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await ecs.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }));
    names.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  const services: Service[] = names.length > 0 ? await describeServices(ecs, cluster, names) : [];
  return new Set(
    services.flatMap((service) => [
      service.taskDefinition ?? '',
      ...(service.deployments ?? []).map((deployment) => deployment.taskDefinition ?? ''),
    ]),
  );
}

/** Options of keepRevisions. */
export interface KeepRevisionsOptions {
  ecs: ECSClient;
  cluster: string;
  family: string;
  keep: number;
  /** Revisions to keep regardless (e.g. this deployment's rollback targets). */
  protect: string[];
  logger: Logger;
}

/** Deregisters unused revisions beyond the newest `keep`; failures are warnings, not a failed deployment. */
export async function keepRevisions(options: KeepRevisionsOptions): Promise<RevisionCleanup> {
  const { ecs, logger } = options;
  const inUse = await revisionsInUse(ecs, options.cluster);
  for (const arn of options.protect) inUse.add(arn);
  const plan = planRevisionCleanup(await listRevisions(ecs, options.family), inUse, options.keep);
  const deregistered: string[] = [];
  for (const arn of plan.deregistered) {
    try {
      await ecs.send(new DeregisterTaskDefinitionCommand({ taskDefinition: arn }));
      deregistered.push(arn);
      logger.info(`deregistered ${arn}`);
    } catch (error) {
      logger.warning(`could not deregister ${arn}: ${errorMessage(error)}`);
    }
  }
  return { kept: plan.kept, deregistered };
}
