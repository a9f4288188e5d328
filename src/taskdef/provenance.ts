/**
 * Provenance tags on every task definition revision ecs-kit registers. Other capabilities depend on these
 * names: rollback looks up the last revision tagged healthy, and cleanup-ecr protects the images such a
 * rollback target uses. Changing a key breaks both for revisions registered before the change.
 */

/** The commit SHA that was deployed. */
export const COMMIT_TAG = 'ecs-kit:commit';
/** The workflow run that registered the revision. */
export const RUN_URL_TAG = 'ecs-kit:run-url';
/** The deployment environment (e.g. production), when known. */
export const ENVIRONMENT_TAG = 'ecs-kit:environment';
/** ISO 8601 time at which the revision was registered for a deployment. */
export const DEPLOYED_AT_TAG = 'ecs-kit:deployed-at';
/** ISO 8601 time at which a service first reached healthy on this revision (set with TagResource). */
export const HEALTHY_AT_TAG = 'ecs-kit:healthy-at';

/** Every provenance tag key, for filters and documentation. */
export const PROVENANCE_TAG_KEYS = [
  COMMIT_TAG,
  RUN_URL_TAG,
  ENVIRONMENT_TAG,
  DEPLOYED_AT_TAG,
  HEALTHY_AT_TAG,
] as const;

/** What the provenance tags record about one deployment. */
export interface Provenance {
  commit?: string;
  runUrl?: string;
  environment?: string;
  deployedAt: Date;
}

/** An ECS resource tag. */
export interface ResourceTag {
  key: string;
  value: string;
}

// ECS tag values: at most 256 characters.
const MAX_TAG_VALUE = 256;

/** The tags to register a revision with; unknown fields are left out rather than tagged empty. */
export function provenanceTags(provenance: Provenance): ResourceTag[] {
  const tags: ResourceTag[] = [];
  const add = (key: string, value: string | undefined) => {
    if (value) tags.push({ key, value: value.slice(0, MAX_TAG_VALUE) });
  };
  add(COMMIT_TAG, provenance.commit);
  add(RUN_URL_TAG, provenance.runUrl);
  add(ENVIRONMENT_TAG, provenance.environment);
  add(DEPLOYED_AT_TAG, provenance.deployedAt.toISOString());
  return tags;
}

/** The tag marking a revision as having reached healthy at `at`. */
export function healthyTag(at: Date): ResourceTag {
  return { key: HEALTHY_AT_TAG, value: at.toISOString() };
}
