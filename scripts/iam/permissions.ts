/**
 * The IAM permissions an action needs, derived from what it was seen calling: each call's own action,
 * plus what AWS authorises alongside it (passing roles, tagging on create, the docker registry protocol).
 */
import type { ObservedAction, ObservedMode } from './observed.js';
import { ARN, CREATED_RESOURCES, scopeOf, taggedResourceArn, type Scope } from './scopes.js';
import { UNOBSERVED } from './unobserved.js';

/** One IAM action, the modes that need it, where it applies and why it is there. */
export interface Permission {
  action: string;
  modes: string[];
  scope: Scope;
  /** `called`, or what implies it (shown in docs/iam/README.md). */
  source: string;
}

/** ECR actions docker/buildx use after `docker login` to push and pull image layers and manifests. */
export const REGISTRY_PROTOCOL = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:BatchGetImage',
  'ecr:CompleteLayerUpload',
  'ecr:GetDownloadUrlForLayer',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];

/** Permissions AWS checks for a call besides its own action, whatever its parameters. */
export const ALWAYS_IMPLIED: Record<string, string[]> = {
  // The kit registers revisions with taskRoleArn/executionRoleArn as the file gives them.
  'ecs:RegisterTaskDefinition': ['iam:PassRole'],
  // RunTask starts a task with the revision's task and execution roles (one-off tasks).
  'ecs:RunTask': ['iam:PassRole'],
  // docker login is followed by docker push / buildx pulls.
  'ecr:GetAuthorizationToken': REGISTRY_PROTOCOL,
};

/** The tagging action AWS authorises when a create call carries tags. */
export const TAG_ON_CREATE: Record<string, string> = {
  ecs: 'ecs:TagResource',
  ecr: 'ecr:TagResource',
  elasticloadbalancing: 'elasticloadbalancing:AddTags',
};

const CREATE_CONDITION_KEY: Record<string, string> = {
  ecs: 'ecs:CreateAction',
  elasticloadbalancing: 'elasticloadbalancing:CreateAction',
};

/** Every permission one mode needs. */
export function modePermissions(mode: string, calls: ObservedMode): Permission[] {
  const permissions: Permission[] = [];
  const add = (action: string, scope: Scope, source: string) =>
    permissions.push({ action, modes: [mode], scope, source });
  for (const action of calls.operations) {
    if (action === 'ecs:TagResource') {
      const resources = (calls.tagged.length > 0 ? calls.tagged : ['task-definition']).map(taggedResourceArn);
      add(action, { name: 'Tagging', resources }, 'called');
    } else {
      add(action, scopeOf(action), 'called');
    }
    for (const implied of ALWAYS_IMPLIED[action] ?? []) {
      const scope =
        implied === 'iam:PassRole' ? scopeOf(implied) : { name: 'Repositories', resources: [ARN.repository] };
      add(implied, scope, `implied by ${action}`);
    }
  }
  for (const create of calls.createdWithTags) {
    const [prefix, operation] = create.split(':');
    const tagging = TAG_ON_CREATE[prefix];
    if (!tagging) continue;
    const key = CREATE_CONDITION_KEY[prefix];
    const created = CREATED_RESOURCES[create];
    if (!created) throw new Error(`no created resource known for ${create}: add it to scripts/iam/scopes.ts`);
    const scope: Scope = {
      name: 'TagOnCreate',
      resources: created,
      condition: key ? { StringEquals: { [key]: operation } } : undefined,
    };
    if (!scope.condition) delete scope.condition;
    add(tagging, scope, `implied by ${create} with tags`);
  }
  return permissions;
}

/** Every permission an action needs over all its modes, one entry per action and scope. */
export function actionPermissions(observed: ObservedAction): Permission[] {
  const merged = new Map<string, Permission>();
  for (const [mode, calls] of Object.entries(observed.modes)) {
    for (const permission of modePermissions(mode, calls)) {
      const key = `${permission.action} ${JSON.stringify([permission.scope.resources, permission.scope.condition])}`;
      const known = merged.get(key);
      if (known) known.modes = [...new Set([...known.modes, mode])].sort();
      else merged.set(key, { ...permission });
    }
  }
  return [...merged.values()];
}

/** The IAM actions of a permission list, sorted. */
export function actionsOf(permissions: Permission[]): string[] {
  return [...new Set(permissions.map((permission) => permission.action))].sort();
}

/** Everything `action`'s policy holds: the observed permissions plus its listed unobservable calls. */
export function policyPermissions(action: string, observed: ObservedAction | undefined): Permission[] {
  const unobserved = (UNOBSERVED[action] ?? []).map((call) => ({
    action: call.action,
    modes: [...call.modes].sort(),
    scope: scopeOf(call.action),
    source: `not observed: ${call.reason}`,
  }));
  return [...(observed ? actionPermissions(observed) : []), ...unobserved];
}
