/**
 * The family guard: a service runs one family of task definitions. Pointing the prod-app service at a
 * prod-api task definition is a classic outage, so a family change needs `allow-family-change: true`.
 */

/** What the guard compares for one service. */
export interface FamilyCheck {
  service: string;
  currentFamily: string;
  newFamily: string;
  allowFamilyChange: boolean;
}

/** A refused family change. */
export class FamilyChangeError extends Error {
  constructor(check: FamilyCheck) {
    super(
      `service '${check.service}' runs task definition family '${check.currentFamily}', refusing to deploy family '${check.newFamily}' (set allow-family-change: true if this is intended)`,
    );
    this.name = 'FamilyChangeError';
  }
}

/** The family of a task definition ARN or `family:revision`. */
export function familyOf(taskDefinition: string): string {
  const name = taskDefinition.slice(taskDefinition.lastIndexOf('/') + 1);
  const colon = name.lastIndexOf(':');
  return colon > 0 && /^\d+$/.test(name.slice(colon + 1)) ? name.slice(0, colon) : name;
}

/** The revision number of a task definition ARN or `family:revision`, if it has one. */
export function revisionOf(taskDefinition: string): number | undefined {
  const match = /:(\d+)$/.exec(taskDefinition);
  return match ? Number(match[1]) : undefined;
}

/** Throws FamilyChangeError when the family changes and that is not allowed. */
export function checkFamily(check: FamilyCheck): void {
  if (check.currentFamily !== check.newFamily && !check.allowFamilyChange) throw new FamilyChangeError(check);
}
