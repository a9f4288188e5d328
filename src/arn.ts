/**
 * ARN helpers for the whole kit: revisions are named `family:revision` in logs and summaries, families are
 * compared across revisions, and clusters, services and tasks are accepted by name or ARN, so these live in
 * one place.
 */

/** `family:revision` of a task definition ARN (what logs and summaries show). */
export function shortArn(taskDefinitionArn: string): string {
  return lastSegment(taskDefinitionArn);
}

/** The short name of a service given by name or ARN (DescribeServices answers with both). */
export function serviceName(service: string): string {
  return lastSegment(service);
}

/** The family of a task definition ARN or `family:revision` (the family guard compares these). */
export function familyOf(taskDefinition: string): string {
  const name = shortArn(taskDefinition);
  const colon = name.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(name.slice(colon + 1)) ? name.slice(0, colon) : name;
}

/** The revision number of a task definition ARN or `family:revision`, if it has one (rollback targets). */
export function revisionOf(taskDefinition: string): number | undefined {
  const match = /:(\d+)$/.exec(taskDefinition);
  return match ? Number(match[1]) : undefined;
}

/** The last segment of an ARN (a cluster's or service's name, a task's id); a plain name unchanged. */
export function lastSegment(nameOrArn: string): string {
  return nameOrArn.slice(nameOrArn.lastIndexOf('/') + 1);
}
