/** IAM action names for the simulator's services and the SDK's command classes. */

/** The simulator's service names. */
export type SimService = 'ecs' | 'ecr' | 'elbv2' | 'cloudwatch';

/** The IAM service prefix of each simulator service. */
export const IAM_PREFIX: Record<SimService, string> = {
  ecs: 'ecs',
  ecr: 'ecr',
  elbv2: 'elasticloadbalancing',
  cloudwatch: 'cloudwatch',
};

/** `ecs:DescribeServices` for service `ecs`, operation `DescribeServices`. */
export function iamAction(service: SimService, operation: string): string {
  return `${IAM_PREFIX[service]}:${operation}`;
}

/** The SDK package of each IAM prefix, for mapping `new <Op>Command(` in a source file. */
export const SDK_PACKAGE_PREFIX: Record<string, string> = {
  '@aws-sdk/client-ecs': 'ecs',
  '@aws-sdk/client-ecr': 'ecr',
  '@aws-sdk/client-elastic-load-balancing-v2': 'elasticloadbalancing',
  '@aws-sdk/client-cloudwatch': 'cloudwatch',
};

/** The operation of an IAM action (`ecs:UpdateService` → `UpdateService`). */
export function operationOf(action: string): string {
  return action.slice(action.indexOf(':') + 1);
}
