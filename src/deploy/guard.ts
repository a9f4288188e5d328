/**
 * The family guard: a service runs one family of task definitions. Pointing the prod-app service at a
 * prod-api task definition is a classic outage, so a family change needs `allow-family-change: true`.
 */
import type { Service } from '@aws-sdk/client-ecs';
import { familyOf } from '../arn.js';

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

/** Throws FamilyChangeError when the family changes and that is not allowed. */
export function checkFamily(check: FamilyCheck): void {
  if (check.currentFamily !== check.newFamily && !check.allowFamilyChange) throw new FamilyChangeError(check);
}

/**
 * Checks every service against the family it is about to run: deploy mode (the rendered revision) and
 * rollback mode (the rollback target) refuse a family change the same way.
 */
export function checkFamilies(services: Service[], newFamily: string, allowFamilyChange: boolean): void {
  for (const service of services) {
    checkFamily({
      service: service.serviceName ?? '',
      currentFamily: familyOf(service.taskDefinition ?? ''),
      newFamily,
      allowFamilyChange,
    });
  }
}
