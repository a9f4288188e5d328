/**
 * Target group settings with AWS's documented defaults and limits (CreateTargetGroup): shared by the
 * seed and the API so both produce identical target groups.
 */
import { SIM_VPC_ID } from './arns.js';
import { validationError } from './params.js';
import type { HealthCheckSettings } from './records.js';

/** Everything a target group can be created with; undefined means "AWS's default". */
export interface TargetGroupInput {
  name: string;
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  targetType?: 'ip' | 'instance' | 'lambda' | 'alb';
  ipAddressType?: string;
  healthCheck?: {
    enabled?: boolean;
    protocol?: string;
    port?: string;
    path?: string;
    intervalSeconds?: number;
    timeoutSeconds?: number;
    healthyThresholdCount?: number;
    unhealthyThresholdCount?: number;
    matcher?: { HttpCode?: string; GrpcCode?: string };
  };
  deregistrationDelaySeconds?: number;
}

/** Settings after defaults and validation. */
export interface TargetGroupSettings {
  name: string;
  targetType: 'ip' | 'instance' | 'lambda' | 'alb';
  protocol?: string;
  protocolVersion?: string;
  port?: number;
  vpcId?: string;
  ipAddressType: string;
  healthCheck: HealthCheckSettings;
  deregistrationDelaySeconds: number;
}

const PROTOCOLS = ['HTTP', 'HTTPS', 'TCP', 'TLS', 'UDP', 'TCP_UDP', 'GENEVE'];
const HTTP_PROTOCOLS = ['HTTP', 'HTTPS'];
const TARGET_TYPES = ['ip', 'instance', 'lambda', 'alb'];

/** Checks a target group name: 1-32 alphanumerics or hyphens, no hyphen at either end, not `internal-`. */
export function checkTargetGroupName(name: string): void {
  if (!/^[A-Za-z0-9-]{1,32}$/.test(name) || name.startsWith('-') || name.endsWith('-')) {
    throw validationError(
      `target group name '${name}' must be 1-32 alphanumeric characters or hyphens, not starting or ending with a hyphen`,
    );
  }
  if (name.toLowerCase().startsWith('internal-')) {
    throw validationError(`target group name '${name}' cannot begin with 'internal-'`);
  }
}

function inRange(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw validationError(`${name} must be an integer from ${min} to ${max}, got ${value}`);
  }
}

/**
 * Checks a Matcher.HttpCode such as `200`, `200,202` or `200-299`: AWS accepts 200-499 for
 * Application Load Balancer (HTTP/HTTPS) target groups and 200-599 for the others.
 */
function checkHttpCodes(httpCode: string, protocol: string | undefined): void {
  const max = protocol && HTTP_PROTOCOLS.includes(protocol) ? 499 : 599;
  const codes = httpCode.split(/[,-]/);
  const wellFormed = /^\d{3}(-\d{3})?(,\d{3}(-\d{3})?)*$/.test(httpCode);
  if (!wellFormed || codes.some((code) => Number(code) < 200 || Number(code) > max)) {
    throw validationError(
      `Matcher.HttpCode must be codes from 200 to ${max} like '200', '200,202' or '200-299', got '${httpCode}'`,
    );
  }
}

/** Applies defaults and validates; throws ValidationError naming the offending setting. */
export function resolveTargetGroupSettings(input: TargetGroupInput): TargetGroupSettings {
  checkTargetGroupName(input.name);
  const targetType = input.targetType ?? 'instance';
  if (!TARGET_TYPES.includes(targetType)) {
    throw validationError(`TargetType must be one of ${TARGET_TYPES.join(', ')}, got '${targetType}'`);
  }
  const lambda = targetType === 'lambda';
  const protocol = input.protocol?.toUpperCase();
  if (!lambda) {
    if (!protocol) throw validationError('Protocol is required for target type ' + targetType);
    if (input.port === undefined) throw validationError('Port is required for target type ' + targetType);
    if (!input.vpcId) throw validationError('VpcId is required for target type ' + targetType);
  } else if (protocol || input.port !== undefined || input.vpcId) {
    throw validationError('Protocol, Port and VpcId cannot be set for target type lambda');
  }
  if (protocol && !PROTOCOLS.includes(protocol)) {
    throw validationError(`Protocol must be one of ${PROTOCOLS.join(', ')}, got '${input.protocol}'`);
  }
  inRange('Port', input.port, 1, 65535);

  const check = input.healthCheck ?? {};
  const enabled = check.enabled ?? !lambda;
  if (!enabled && !lambda) {
    throw validationError(`health checks cannot be disabled for target type ${targetType}`);
  }
  const checkProtocol = (
    check.protocol ?? (protocol && HTTP_PROTOCOLS.includes(protocol) ? protocol : lambda ? undefined : 'TCP')
  )?.toUpperCase();
  const httpCheck = lambda || (checkProtocol !== undefined && HTTP_PROTOCOLS.includes(checkProtocol));
  const intervalSeconds = check.intervalSeconds ?? (lambda ? 35 : 30);
  const timeoutSeconds = check.timeoutSeconds ?? (lambda ? 30 : httpCheck ? 5 : 10);
  inRange('HealthCheckIntervalSeconds', intervalSeconds, 5, 300);
  inRange('HealthCheckTimeoutSeconds', timeoutSeconds, 2, 120);
  if (timeoutSeconds >= intervalSeconds) {
    throw validationError(
      `HealthCheckTimeoutSeconds (${timeoutSeconds}) must be smaller than HealthCheckIntervalSeconds (${intervalSeconds})`,
    );
  }
  const healthyThresholdCount = check.healthyThresholdCount ?? 5;
  const unhealthyThresholdCount = check.unhealthyThresholdCount ?? 2;
  inRange('HealthyThresholdCount', healthyThresholdCount, 2, 10);
  inRange('UnhealthyThresholdCount', unhealthyThresholdCount, 2, 10);
  const port = check.port ?? 'traffic-port';
  if (port !== 'traffic-port') inRange('HealthCheckPort', Number(port), 1, 65535);
  if (check.path !== undefined && !check.path.startsWith('/')) {
    throw validationError(`HealthCheckPath must start with '/', got '${check.path}'`);
  }
  if (check.matcher?.HttpCode !== undefined) checkHttpCodes(check.matcher.HttpCode, protocol);
  const delay = input.deregistrationDelaySeconds ?? 300;
  inRange('deregistration_delay.timeout_seconds', delay, 0, 3600);

  return {
    name: input.name,
    targetType,
    protocol,
    protocolVersion:
      protocol && HTTP_PROTOCOLS.includes(protocol) ? (input.protocolVersion ?? 'HTTP1') : undefined,
    port: input.port,
    vpcId: input.vpcId,
    ipAddressType: input.ipAddressType ?? 'ipv4',
    healthCheck: {
      enabled,
      protocol: checkProtocol,
      port,
      path: httpCheck && !lambda ? (check.path ?? '/') : check.path,
      intervalSeconds,
      timeoutSeconds,
      healthyThresholdCount,
      unhealthyThresholdCount,
      matcher: httpCheck ? (check.matcher ?? { HttpCode: '200' }) : check.matcher,
    },
    deregistrationDelaySeconds: delay,
  };
}

/** The default VPC for seeded target groups. */
export const DEFAULT_VPC_ID = SIM_VPC_ID;
