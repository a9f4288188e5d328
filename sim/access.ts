/**
 * Denied permissions: the simulator plays a caller whose IAM role lacks some actions. A denied operation
 * is answered as AWS answers it (AccessDeniedException in JSON 1.1, AccessDenied with HTTP 403 in the
 * Query/XML format), with IAM's message naming the principal, the action and why. Set with `/_sim/deny`.
 */
import { SimError } from './errors.js';
import type { ServiceName } from './protocol/wire.js';

/** The IAM service prefix of each simulated service (`elasticloadbalancing:DescribeTargetGroups`). */
export const IAM_PREFIX: Record<ServiceName, string> = {
  ecs: 'ecs',
  ecr: 'ecr',
  elbv2: 'elasticloadbalancing',
  cloudwatch: 'cloudwatch',
};

/** The default caller: an assumed role as GitHub's OIDC federation produces it. */
export const DEFAULT_PRINCIPAL = 'arn:aws:sts::123456789012:assumed-role/deploy/gha';

/** What `/_sim/deny` sets: IAM actions (`ecs:ListTasks`, globs like `ecs:Describe*`) the caller lacks. */
export interface DenyConfig {
  operations?: string[];
  /** When set, the caller's role allows only these actions (globs too): everything else is denied. */
  allow?: string[];
  /** The caller's ARN as the error message names it. */
  principal?: string;
}

/** How a protocol spells access denied: the error code and HTTP status its SDK clients expect. */
export interface AccessDeniedEncoding {
  code: string;
  status: number;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/** The permissions the simulated caller lacks. */
export class AccessPolicy {
  private denied: RegExp[] = [];
  private allowed?: RegExp[];
  private config: DenyConfig = {};

  /** Replaces the denied actions (an empty list allows everything again). */
  configure(config: DenyConfig): void {
    for (const operation of [...(config.operations ?? []), ...(config.allow ?? [])]) {
      if (!/^[a-z0-9-]+:[A-Za-z*?]+$/.test(operation))
        throw new Error(`deny: ${JSON.stringify(operation)} is not an IAM action like ecs:ListTasks`);
    }
    this.config = { ...config };
    this.denied = (config.operations ?? []).map(globToRegExp);
    this.allowed = config.allow?.map(globToRegExp);
  }

  /** The current configuration. */
  current(): DenyConfig {
    return this.config;
  }

  /**
   * The error to answer a call with when its action is denied, else undefined. `resource` is the ARN
   * IAM evaluated, when the request names one (IAM's message then says `on resource: ...`).
   */
  check(
    call: { service: ServiceName; operation: string; resource?: string },
    encoding: AccessDeniedEncoding,
  ): SimError | undefined {
    const action = `${IAM_PREFIX[call.service]}:${call.operation}`;
    const notAllowed = this.allowed !== undefined && !this.allowed.some((pattern) => pattern.test(action));
    if (!notAllowed && !this.denied.some((pattern) => pattern.test(action))) return undefined;
    const principal = this.config.principal ?? DEFAULT_PRINCIPAL;
    const on = call.resource ? ` on resource: ${call.resource}` : '';
    const message =
      `User: ${principal} is not authorized to perform: ${action}${on} ` +
      `because no identity-based policy allows the ${action} action`;
    return new SimError(encoding.code, message, { status: encoding.status });
  }
}
