/**
 * The one rule for where a service can go back to. Rollback mode takes the first candidate, and cleanup-ecr
 * protects the images of every candidate, so the two can never disagree. Evidence, strongest first:
 * revisions ecs-deploy tagged `ecs-kit:healthy-at` (that this service ran, when ECS records what it ran:
 * services sharing a family run revisions of their own); revisions ECS records as the target of a SUCCESSFUL
 * service deployment of the service (an estate deployed by hand or by another tool has these on day one);
 * and, only when neither exists, the revision the service ran before its current one.
 */
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTaskDefinitionCommand,
  ListServiceDeploymentsCommand,
  type ECSClient,
  type Service,
  type ServiceDeploymentBrief,
  type Tag,
} from '@aws-sdk/client-ecs';
import { wrapError } from '../errors.js';
import { ENVIRONMENT_TAG, HEALTHY_AT_TAG } from '../taskdef/provenance.js';
import { familyOf, revisionOf, shortArn } from '../arn.js';
import { listRevisions } from './revisions.js';

/** Where a candidate's evidence comes from. */
export type CandidateSource = 'kit-healthy' | 'ecs-successful' | 'previous';

/** A revision a service may roll back to, and why. */
export interface RollbackCandidate {
  taskDefinitionArn: string;
  source: CandidateSource;
  /** e.g. `tagged healthy at 2026-01-02T03:04:05Z`, for logs and cleanup's keep reasons. */
  reason: string;
}

/** What AWS says about a service's past, as plain data (the input of the pure decision). */
export interface RollbackEvidence {
  /** The revision the service runs now (`service.taskDefinition`). */
  current: string;
  /** ACTIVE revisions of the current family tagged healthy by ecs-deploy, in any order. */
  tagged: { taskDefinitionArn: string; healthyAt: string; environment?: string }[];
  /**
   * The `ecs-kit:environment` tag of the current revision. One family often serves several environments
   * (staging and production render the same file); a revision tagged healthy in another environment is
   * no place for this service to go back to.
   */
  environment?: string;
  /** ACTIVE revisions that were the target of a SUCCESSFUL service deployment, in any order. */
  succeeded: { taskDefinitionArn: string; finishedAt: number }[];
  /** The revision the service ran before its current one, when known. */
  previous?: string;
  /**
   * Revisions ECS records this service being deployed to (any status), when it records any. Services of
   * one family run revisions of their own (web and web-writer render one file with one flag changed), so a
   * revision tagged healthy for web is no place for web-writer to go back to. Undefined: no record, and the
   * healthy tag counts family-wide as before (as it does for revisions older than the record).
   */
  deployedTo?: string[];
}

/** How a task definition reads for this rule: its status and tags (callers may cache it). */
export type DescribeForRollback = (arn: string) => Promise<{ status?: string; tags: Tag[] }>;

/** How far back to look for a healthy-tagged revision (DescribeTaskDefinition calls). */
const MAX_TAGGED_LOOKUPS = 50;
/** Service deployments read per service (ListServiceDeployments pages of 100). */
const MAX_SERVICE_DEPLOYMENT_PAGES = 3;
/** DescribeServiceRevisions takes at most 20 ARNs. */
const REVISIONS_PER_CALL = 20;
/** Service deployments whose targets tell which revisions the service itself ran (two such calls). */
const MAX_OWN_DEPLOYMENTS = 40;

/** Same family as `current` and not older than it: never a place to go *back* to. */
function notOlder(arn: string, current: string): boolean {
  if (arn === current) return true;
  if (familyOf(arn) !== familyOf(current)) return false;
  return (revisionOf(arn) ?? 0) >= (revisionOf(current) ?? Infinity);
}

/**
 * A tagged revision counts for a service that ran it. ECS's record reaches back only so far (and the kit
 * reads its newest deployments), so a revision older than every revision of the family in that record
 * predates what is known and still counts; a newer one the service never ran belongs to another service.
 */
function ranIt(arn: string, deployedTo: string[] | undefined): boolean {
  if (deployedTo === undefined || deployedTo.includes(arn)) return true;
  const known = deployedTo
    .filter((entry) => familyOf(entry) === familyOf(arn))
    .map((entry) => revisionOf(entry) ?? 0);
  return known.length === 0 || (revisionOf(arn) ?? 0) < Math.min(...known);
}

/** A tagged revision counts for a service whose current revision names no environment, or the same one. */
function sameEnvironment(candidate: string | undefined, current: string | undefined): boolean {
  return current === undefined || candidate === current;
}

/**
 * The pure decision: the candidates newest first, at most `limit`. Kit-tagged revisions (newest revision
 * first) come before ECS's successful deployments (newest finish first); the previous revision counts only
 * when neither source has a candidate.
 */
export function rollbackCandidates(evidence: RollbackEvidence, limit: number): RollbackCandidate[] {
  const { current } = evidence;
  const chosen: RollbackCandidate[] = [];
  const add = (candidate: RollbackCandidate) => {
    if (
      chosen.length >= limit ||
      chosen.some((seen) => seen.taskDefinitionArn === candidate.taskDefinitionArn)
    )
      return;
    chosen.push(candidate);
  };
  const tagged = evidence.tagged
    .filter((entry) => familyOf(entry.taskDefinitionArn) === familyOf(current))
    .filter((entry) => sameEnvironment(entry.environment, evidence.environment))
    .filter((entry) => ranIt(entry.taskDefinitionArn, evidence.deployedTo))
    .filter((entry) => !notOlder(entry.taskDefinitionArn, current))
    .sort((a, b) => (revisionOf(b.taskDefinitionArn) ?? 0) - (revisionOf(a.taskDefinitionArn) ?? 0));
  for (const entry of tagged)
    add({
      taskDefinitionArn: entry.taskDefinitionArn,
      source: 'kit-healthy',
      reason: `tagged healthy at ${entry.healthyAt}`,
    });
  const succeeded = evidence.succeeded
    .filter((entry) => !notOlder(entry.taskDefinitionArn, current))
    .sort((a, b) => b.finishedAt - a.finishedAt);
  for (const entry of succeeded)
    add({
      taskDefinitionArn: entry.taskDefinitionArn,
      source: 'ecs-successful',
      reason: `target of a successful ECS service deployment finished ${new Date(entry.finishedAt).toISOString()}`,
    });
  if (chosen.length === 0 && evidence.previous && evidence.previous !== current && limit > 0)
    add({
      taskDefinitionArn: evidence.previous,
      source: 'previous',
      reason: `the revision the service ran before ${shortArn(current)}`,
    });
  return chosen;
}

/** Describes with tags, uncached. */
export function describeForRollback(ecs: ECSClient): DescribeForRollback {
  return async (arn) => {
    const response = await ecs.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: arn, include: ['TAGS'] }),
    );
    return { status: response.taskDefinition?.status, tags: response.tags ?? [] };
  };
}

/** Task definitions of service revisions, by revision ARN (20 per DescribeServiceRevisions call). */
async function taskDefinitionsOfRevisions(
  ecs: ECSClient,
  revisionArns: string[],
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const unique = [...new Set(revisionArns)];
  for (let start = 0; start < unique.length; start += REVISIONS_PER_CALL) {
    const response = await ecs.send(
      new DescribeServiceRevisionsCommand({
        serviceRevisionArns: unique.slice(start, start + REVISIONS_PER_CALL),
      }),
    );
    for (const revision of response.serviceRevisions ?? [])
      if (revision.serviceRevisionArn && revision.taskDefinition)
        found.set(revision.serviceRevisionArn, revision.taskDefinition);
  }
  return found;
}

/** The service's service deployments (any status), newest first. */
async function listServiceDeployments(
  ecs: ECSClient,
  cluster: string,
  service: string,
): Promise<ServiceDeploymentBrief[]> {
  const briefs: ServiceDeploymentBrief[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await ecs.send(
      new ListServiceDeploymentsCommand({ cluster, service, maxResults: 100, nextToken }),
    );
    briefs.push(...(page.serviceDeployments ?? []));
    nextToken = page.nextToken;
  } while (nextToken && ++pages < MAX_SERVICE_DEPLOYMENT_PAGES);
  const time = (brief: ServiceDeploymentBrief) => brief.createdAt?.getTime() ?? 0;
  return briefs.sort((a, b) => time(b) - time(a));
}

/** The revision the service ran before its current one: an older deployment still listed, else ECS's record. */
async function previousRevision(
  ecs: ECSClient,
  service: Service,
  briefs: ServiceDeploymentBrief[],
  taskDefinitionOf: Map<string, string>,
): Promise<string | undefined> {
  const current = service.taskDefinition ?? '';
  const older = (service.deployments ?? []).find(
    (deployment) =>
      deployment.status !== 'PRIMARY' && deployment.taskDefinition && deployment.taskDefinition !== current,
  );
  if (older?.taskDefinition) return older.taskDefinition;
  const latest = briefs.find(
    (brief) =>
      brief.targetServiceRevisionArn && taskDefinitionOf.get(brief.targetServiceRevisionArn) === current,
  );
  if (!latest?.serviceDeploymentArn) return undefined;
  const described = await ecs.send(
    new DescribeServiceDeploymentsCommand({ serviceDeploymentArns: [latest.serviceDeploymentArn] }),
  );
  const sources = (described.serviceDeployments?.[0]?.sourceServiceRevisions ?? [])
    .map((source) => source.arn)
    .filter((arn): arn is string => Boolean(arn));
  if (sources.length === 0) return undefined;
  const sourceTaskDefinitions = await taskDefinitionsOfRevisions(ecs, sources);
  return [...sourceTaskDefinitions.values()].find((arn) => arn !== current);
}

/**
 * The revisions the newest service deployments of this service targeted, plus what it runs now; undefined
 * when ECS records no deployment of it (a service older than that record, or a test's seeded one).
 */
async function revisionsDeployedTo(
  ecs: ECSClient,
  service: Service,
  briefs: ServiceDeploymentBrief[],
): Promise<string[] | undefined> {
  const targets = briefs
    .slice(0, MAX_OWN_DEPLOYMENTS)
    .map((brief) => brief.targetServiceRevisionArn)
    .filter((arn): arn is string => Boolean(arn));
  if (targets.length === 0) return undefined;
  const taskDefinitions = await taskDefinitionsOfRevisions(ecs, targets);
  const running = (service.deployments ?? []).map((deployment) => deployment.taskDefinition);
  return [...new Set([...taskDefinitions.values(), ...running, service.taskDefinition])].filter(
    (arn): arn is string => Boolean(arn),
  );
}

/** Options of readRollbackEvidence. */
export interface EvidenceOptions {
  cluster: string;
  /** The service as DescribeServices returned it. */
  service: Service;
  /** How many candidates the caller wants (stops the healthy-tag lookups early). */
  limit: number;
  describe: DescribeForRollback;
}

/** Reads what AWS knows about where `service` can go back to. Throws naming the service on any failure. */
export async function readRollbackEvidence(
  ecs: ECSClient,
  options: EvidenceOptions,
): Promise<RollbackEvidence> {
  const { service, cluster, describe } = options;
  const current = service.taskDefinition ?? '';
  const name = service.serviceName ?? service.serviceArn ?? '?';
  try {
    const family = familyOf(current);
    const active = await listRevisions(ecs, family);
    const tagged: RollbackEvidence['tagged'] = [];
    const tagOf = (tags: Tag[], key: string) => tags.find((tag) => tag.key === key)?.value;
    const environment = current ? tagOf((await describe(current)).tags, ENVIRONMENT_TAG) : undefined;
    // Which revisions this service itself ran decides which healthy tags are its own (services share families).
    const briefs = await listServiceDeployments(ecs, cluster, name);
    const deployedTo = await revisionsDeployedTo(ecs, service, briefs);
    const mine = (entry: { taskDefinitionArn: string; environment?: string }) =>
      sameEnvironment(entry.environment, environment) && ranIt(entry.taskDefinitionArn, deployedTo);
    const older = active.filter((arn) => !notOlder(arn, current)).slice(0, MAX_TAGGED_LOOKUPS);
    for (const arn of older) {
      if (tagged.filter(mine).length >= options.limit) break;
      const { tags } = await describe(arn);
      const healthyAt = tagOf(tags, HEALTHY_AT_TAG);
      if (healthyAt)
        tagged.push({ taskDefinitionArn: arn, healthyAt, environment: tagOf(tags, ENVIRONMENT_TAG) });
    }
    // Kit-tagged revisions come first: when they fill the limit, ECS's record cannot change the answer.
    const ownTagged = tagged.filter(mine);
    if (ownTagged.length >= options.limit) return { current, tagged, environment, succeeded: [], deployedTo };
    const successful = briefs.filter((brief) => brief.status === 'SUCCESSFUL').slice(0, REVISIONS_PER_CALL);
    const currentBrief = briefs.find((brief) => brief.status !== 'SUCCESSFUL');
    const taskDefinitionOf = await taskDefinitionsOfRevisions(
      ecs,
      [...successful, ...(currentBrief ? [currentBrief] : [])]
        .map((brief) => brief.targetServiceRevisionArn)
        .filter((arn): arn is string => Boolean(arn)),
    );
    const succeeded: RollbackEvidence['succeeded'] = [];
    for (const brief of successful) {
      const arn = taskDefinitionOf.get(brief.targetServiceRevisionArn ?? '');
      if (!arn || notOlder(arn, current) || succeeded.some((entry) => entry.taskDefinitionArn === arn))
        continue;
      // An INACTIVE revision cannot be deployed again: it is no place to go back to.
      const isActive =
        familyOf(arn) === family ? active.includes(arn) : (await describe(arn)).status === 'ACTIVE';
      if (isActive) succeeded.push({ taskDefinitionArn: arn, finishedAt: brief.finishedAt?.getTime() ?? 0 });
    }
    const evidence: RollbackEvidence = { current, tagged, environment, succeeded, deployedTo };
    if (ownTagged.length === 0 && succeeded.length === 0) {
      const previous = await previousRevision(ecs, service, briefs, taskDefinitionOf);
      if (previous && (await describe(previous)).status === 'ACTIVE') evidence.previous = previous;
    }
    return evidence;
  } catch (error) {
    throw wrapError(`reading where service ${name} can roll back to`, error);
  }
}

/** The candidates of one service, newest first (reads, then the pure decision). */
export async function findRollbackCandidates(
  ecs: ECSClient,
  options: Omit<EvidenceOptions, 'describe'> & { describe?: DescribeForRollback },
): Promise<RollbackCandidate[]> {
  const describe = options.describe ?? describeForRollback(ecs);
  const evidence = await readRollbackEvidence(ecs, { ...options, describe });
  return rollbackCandidates(evidence, options.limit);
}
