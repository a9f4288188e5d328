/**
 * IAM denials, recognised once for the whole kit: an AWS error whose name is AccessDeniedException (ECS,
 * ECR: JSON 1.1) or AccessDenied (ELBv2: Query/XML), found anywhere in a chain of wrapped causes. IAM's
 * message names the caller and the action (`User: <arn> is not authorized to perform: <action> ...`);
 * the kit repeats both and points at the policy it documents for the action (docs/iam/<action>.json).
 */
import { awsErrorName, errorMessage } from '../errors.js';

const DENIED_NAMES = new Set(['AccessDeniedException', 'AccessDenied']);

/** One denied call: the IAM action and, when IAM's message names it, the caller. */
export interface Denial {
  /** `elasticloadbalancing:DescribeTargetGroups` (from the message, else the operation the kit called). */
  permission: string;
  principal?: string;
}

/** The AccessDenied error in `error`'s cause chain, or undefined. */
function deniedError(error: unknown): unknown {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (DENIED_NAMES.has(awsErrorName(current) ?? '')) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when `error` (or a cause it wraps) is an IAM denial. */
export function isAccessDenied(error: unknown): boolean {
  return deniedError(error) !== undefined;
}

/**
 * What an IAM denial says, or undefined when `error` is not one. `fallbackPermission` names the action
 * when the message does not (some services answer a bare "Access Denied").
 */
export function denialOf(error: unknown, fallbackPermission = 'an unnamed action'): Denial | undefined {
  const denied = deniedError(error);
  if (denied === undefined) return undefined;
  const message = errorMessage(denied);
  const permission = /not authorized to perform: ([\w-]+:[\w*]+)/.exec(message)?.[1] ?? fallbackPermission;
  const principal = /User: (\S+) is not authorized/.exec(message)?.[1];
  return { permission, principal };
}

/** The policy the kit documents for an action, relative to the repository root. */
export function policyPath(action: string): string {
  return `docs/iam/${action}.json`;
}

/**
 * The step's failure when permissions are missing: every denied action, the caller, what was (not)
 * changed, and the policy to grant. Kept as data so a test or summary can list the permissions.
 */
export class MissingPermissionsError extends Error {
  readonly permissions: string[];
  readonly principal?: string;

  constructor(action: string, denials: Denial[], changed: string) {
    const permissions = [...new Set(denials.map((denial) => denial.permission))].sort();
    const principal = denials.find((denial) => denial.principal)?.principal;
    super(
      `missing permission${permissions.length > 1 ? 's' : ''} ${permissions.join(', ')}` +
        `${principal ? ` for ${principal}` : ''}: ${changed}; grant what ${policyPath(action)} lists`,
    );
    this.name = 'MissingPermissionsError';
    this.permissions = permissions;
    this.principal = principal;
  }
}

/** One read of a preflight: the IAM action it needs and the call. */
export interface PreflightRead<T> {
  permission: string;
  read: () => Promise<T>;
}

/**
 * Runs reads concurrently and returns their results in order. When any is denied, every denial is
 * collected first, so one failed step names every missing permission, not just the first; other errors
 * are rethrown as they are.
 */
export async function readAll<T>(action: string, reads: PreflightRead<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(reads.map((entry) => entry.read()));
  const denials: Denial[] = [];
  for (const [index, result] of settled.entries()) {
    if (result.status !== 'rejected') continue;
    const denial = denialOf(result.reason, reads[index].permission);
    if (!denial) throw result.reason;
    denials.push(denial);
  }
  if (denials.length > 0) throw new MissingPermissionsError(action, denials, 'nothing was changed');
  return settled.map((result) => (result as PromiseFulfilledResult<T>).value);
}

/**
 * `error` as a MissingPermissionsError when it is an IAM denial (`changed` says what the run changed so
 * far, `nothing was changed` by default); any other error as it is.
 */
export function asMissingPermissions(
  action: string,
  error: unknown,
  changed = 'nothing was changed',
  fallbackPermission?: string,
): unknown {
  if (error instanceof MissingPermissionsError) return error;
  const denial = denialOf(error, fallbackPermission);
  return denial ? new MissingPermissionsError(action, [denial], changed) : error;
}

/**
 * Runs a phase that makes no mutating call; an IAM denial inside it becomes a MissingPermissionsError
 * saying that nothing was changed.
 */
export async function beforeMutation<T>(action: string, phase: () => Promise<T>): Promise<T> {
  try {
    return await phase();
  } catch (error) {
    throw asMissingPermissions(action, error);
  }
}

/**
 * Runs independent pre-mutation phases concurrently and returns their results in order. Denials from all
 * of them (raw AWS errors or a phase's own MissingPermissionsError) are named together in one error, so a
 * new user learns every missing permission from one failed run; any other error is rethrown as it is.
 */
export async function phasesTogether<T extends unknown[]>(
  action: string,
  phases: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
  const settled = await Promise.allSettled((phases as (() => Promise<unknown>)[]).map((phase) => phase()));
  const denials: Denial[] = [];
  for (const result of settled) {
    if (result.status !== 'rejected') continue;
    const error: unknown = result.reason;
    if (error instanceof MissingPermissionsError) {
      denials.push(...error.permissions.map((permission) => ({ permission, principal: error.principal })));
      continue;
    }
    const denial = denialOf(error);
    if (!denial) throw error;
    denials.push(denial);
  }
  if (denials.length > 0) throw new MissingPermissionsError(action, denials, 'nothing was changed');
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as T;
}
