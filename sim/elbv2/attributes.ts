/** Target group attributes: AWS's defaults per protocol family and the checks ModifyTargetGroupAttributes applies. */
import { validationError } from './params.js';
import type { TargetGroupRecord } from './records.js';

/** The deregistration delay attribute (seconds a deregistered target keeps draining). */
export const DEREGISTRATION_DELAY = 'deregistration_delay.timeout_seconds';

/** The attributes a new target group starts with. */
export function defaultAttributes(options: {
  protocol?: string;
  targetType: string;
  deregistrationDelaySeconds: number;
}): Map<string, string> {
  const attributes = new Map<string, string>();
  if (options.targetType === 'lambda') {
    attributes.set('lambda.multi_value_headers.enabled', 'false');
    return attributes;
  }
  attributes.set(DEREGISTRATION_DELAY, String(options.deregistrationDelaySeconds));
  if (options.protocol === 'HTTP' || options.protocol === 'HTTPS') {
    attributes.set('stickiness.enabled', 'false');
    attributes.set('stickiness.type', 'lb_cookie');
    attributes.set('stickiness.lb_cookie.duration_seconds', '86400');
    attributes.set('slow_start.duration_seconds', '0');
    attributes.set('load_balancing.algorithm.type', 'round_robin');
    attributes.set('load_balancing.cross_zone.enabled', 'use_load_balancer_configuration');
  } else {
    attributes.set('stickiness.enabled', 'false');
    attributes.set('stickiness.type', 'source_ip');
    attributes.set('deregistration_delay.connection_termination.enabled', 'false');
    attributes.set('proxy_protocol_v2.enabled', 'false');
    attributes.set('preserve_client_ip.enabled', options.targetType === 'instance' ? 'true' : 'false');
    attributes.set('load_balancing.cross_zone.enabled', 'use_load_balancer_configuration');
  }
  return attributes;
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  [DEREGISTRATION_DELAY]: [0, 3600],
  'stickiness.lb_cookie.duration_seconds': [1, 604800],
  'slow_start.duration_seconds': [0, 900],
};

const CHOICES: Record<string, string[]> = {
  'stickiness.type': ['lb_cookie', 'app_cookie', 'source_ip', 'source_ip_dest_ip', 'source_ip_dest_ip_proto'],
  'load_balancing.algorithm.type': ['round_robin', 'least_outstanding_requests', 'weighted_random'],
  'load_balancing.cross_zone.enabled': ['true', 'false', 'use_load_balancer_configuration'],
};

/** Checks one attribute change against the group's attribute set and AWS's value ranges. */
export function checkAttribute(group: TargetGroupRecord, key: string, value: string): void {
  if (!group.attributes.has(key)) {
    throw validationError(`attribute '${key}' is not supported by target group '${group.name}'`);
  }
  const range = INTEGER_RANGES[key];
  if (range) {
    const number = Number(value);
    // AWS documents slow start as 30-900 seconds, or 0 to turn it off.
    const slowStartGap = key === 'slow_start.duration_seconds' && number > 0 && number < 30;
    if (!/^\d+$/.test(value) || number < range[0] || number > range[1] || slowStartGap) {
      throw validationError(
        `attribute '${key}' must be an integer from ${range[0]} to ${range[1]}, got '${value}'`,
      );
    }
    return;
  }
  const choices = CHOICES[key] ?? (key.endsWith('.enabled') ? ['true', 'false'] : undefined);
  if (choices && !choices.includes(value)) {
    throw validationError(`attribute '${key}' must be one of ${choices.join(', ')}, got '${value}'`);
  }
}
