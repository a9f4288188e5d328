/** The check behind test/unit/iam-policies.test.ts: a committed policy against observed calls and the code. */
import type { ObservedAction } from './observed.js';
import { ALWAYS_IMPLIED, TAG_ON_CREATE, actionPermissions, actionsOf } from './permissions.js';
import { allowedActions, type PolicyDocument } from './policy.js';

/** What the check compares for one action. */
export interface PolicyCheck {
  action: string;
  policy: PolicyDocument;
  /** From docs/iam/observed.json; undefined when the suites never ran the action against the simulator. */
  observed: ObservedAction | undefined;
  /** IAM actions of the commands the action's sources construct (scripts/iam/scan.ts). */
  scanned: string[];
  /** IAM actions listed in scripts/iam/unobserved.ts: calls the suites cannot exercise. */
  unobserved?: string[];
}

/** IAM actions the scanned commands may need: the commands, plus what AWS checks alongside them. */
export function permittedByCode(scanned: string[]): Set<string> {
  const permitted = new Set(scanned);
  for (const action of scanned) {
    for (const implied of ALWAYS_IMPLIED[action] ?? []) permitted.add(implied);
    const [prefix, operation] = action.split(':');
    if (/^(Create|Register)/.test(operation) && TAG_ON_CREATE[prefix]) permitted.add(TAG_ON_CREATE[prefix]);
  }
  return permitted;
}

/** Every disagreement between the policy, the observed calls and the code; empty when they agree. */
export function checkPolicy(check: PolicyCheck): string[] {
  const problems: string[] = [];
  const allowed = new Set(allowedActions(check.policy));
  const unobserved = check.unobserved ?? [];
  const needed = new Set([
    ...(check.observed ? actionsOf(actionPermissions(check.observed)) : []),
    ...unobserved,
  ]);
  for (const action of unobserved) {
    if (check.observed?.operations.includes(action)) {
      problems.push(
        `${check.action}: ${action} is listed as unobservable but was observed: remove it from scripts/iam/unobserved.ts`,
      );
    }
  }
  const permitted = permittedByCode(check.scanned);
  for (const action of check.scanned) {
    if (!allowed.has(action))
      problems.push(`${check.action}: the code can call ${action}, which the policy does not allow`);
    if (!needed.has(action)) {
      problems.push(
        `${check.action}: the code can call ${action}, but no integration test was seen calling it`,
      );
    }
  }
  for (const action of needed) {
    if (!allowed.has(action))
      problems.push(`${check.action}: was seen needing ${action}, which the policy does not allow`);
  }
  for (const action of allowed) {
    if (!needed.has(action))
      problems.push(`${check.action}: the policy allows ${action}, which was never observed`);
    if (!permitted.has(action))
      problems.push(`${check.action}: the policy allows ${action}, which the code never calls`);
  }
  return [...new Set(problems)];
}
