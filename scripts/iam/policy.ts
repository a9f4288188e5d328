/** IAM policy documents from permissions: one statement per resource scope and set of modes. */
import type { Condition } from './scopes.js';
import type { Permission } from './permissions.js';

/** One IAM policy statement. */
export interface Statement {
  Sid: string;
  Effect: 'Allow';
  Action: string[];
  Resource: string | string[];
  Condition?: Condition;
}

/** An IAM policy document. */
export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: Statement[];
}

const pascal = (text: string): string =>
  text
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0].toUpperCase() + part.slice(1))
    .join('');

/** Builds the policy: statements grouped by scope and by the modes that need them, Sids naming both. */
export function buildPolicy(permissions: Permission[]): PolicyDocument {
  const groups = new Map<string, { permission: Permission; actions: Set<string> }>();
  for (const permission of permissions) {
    const { name, resources, condition } = permission.scope;
    const key = JSON.stringify([name, resources, condition ?? null, permission.modes]);
    const group = groups.get(key) ?? { permission, actions: new Set<string>() };
    group.actions.add(permission.action);
    groups.set(key, group);
  }
  const used = new Set<string>();
  const statements = [...groups.values()].map(({ permission, actions }) => {
    const modes = permission.modes.map(pascal).join('');
    let sid = `${permission.scope.name}${modes}`;
    for (let n = 2; used.has(sid); n++) sid = `${permission.scope.name}${modes}${n}`;
    used.add(sid);
    const { resources, condition } = permission.scope;
    const statement: Statement = {
      Sid: sid,
      Effect: 'Allow',
      Action: [...actions].sort(),
      Resource: resources.length === 1 ? resources[0] : [...resources],
    };
    if (condition) statement.Condition = condition;
    return statement;
  });
  statements.sort((a, b) => a.Sid.localeCompare(b.Sid));
  return { Version: '2012-10-17', Statement: statements };
}

/** Every IAM action a policy allows, sorted. */
export function allowedActions(policy: PolicyDocument): string[] {
  return [...new Set(policy.Statement.flatMap((statement) => statement.Action))].sort();
}
