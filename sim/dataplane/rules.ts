/**
 * Listener rule evaluation as the ALB guide describes it: rules are tried in priority order, the default
 * rule last; a rule matches when every condition matches, and a condition matches when any of its values
 * does. Host headers, HTTP header values and query strings compare case-insensitively; path patterns and
 * methods case-sensitively; `*` matches any run of characters and `?` exactly one.
 */
import type { ActionRecord, ConditionRecord } from '../elbv2/records.js';
import type { AnyRule } from '../elbv2/store.js';

/** The parts of an HTTP request that rule conditions look at. */
export interface RoutedRequest {
  method: string;
  /** Host header without the port. */
  host: string;
  /** Path without the query string. */
  path: string;
  /** Header names in lower case. */
  headers: Record<string, string | string[] | undefined>;
  query: URLSearchParams;
  sourceIp: string;
}

/** True when `value` matches an ALB wildcard pattern (`*` any run, `?` one character). */
export function matchesWildcard(pattern: string, value: string, caseInsensitive: boolean): boolean {
  const escaped = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${escaped}$`, caseInsensitive ? 'is' : 's').test(value);
}

function ipv4ToNumber(ip: string): number | undefined {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255))
    return undefined;
  return ((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) >>> 0;
}

/** True when an IPv4 address lies in a CIDR block (IPv6 blocks never match: the data plane is IPv4 loopback). */
export function inCidr(cidr: string, ip: string): boolean {
  const [block, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? 32);
  const base = ipv4ToNumber(block);
  const address = ipv4ToNumber(ip.replace(/^::ffff:/, ''));
  if (base === undefined || address === undefined || !(bits >= 0 && bits <= 32)) return false;
  const mask = bits === 0 ? 0 : (~0 << (32 - bits)) >>> 0;
  return (base & mask) === (address & mask);
}

function headerValues(request: RoutedRequest, name: string): string[] {
  const value = request.headers[name.toLowerCase()];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

/** Whether one rule condition matches a request. */
export function matchesCondition(condition: ConditionRecord, request: RoutedRequest): boolean {
  const any = (values: string[], test: (pattern: string) => boolean) => values.some(test);
  switch (condition.field) {
    case 'host-header':
      return any(condition.values, (pattern) => matchesWildcard(pattern, request.host, true));
    case 'path-pattern':
      return any(condition.values, (pattern) => matchesWildcard(pattern, request.path, false));
    case 'http-request-method':
      return condition.values.includes(request.method);
    case 'http-header': {
      const actual = headerValues(request, condition.httpHeaderName ?? '');
      return any(condition.values, (pattern) =>
        actual.some((value) => matchesWildcard(pattern, value, true)),
      );
    }
    case 'query-string':
      return (condition.queryStrings ?? []).some((pair) =>
        [...request.query.entries()].some(
          ([key, value]) =>
            (pair.Key === undefined || matchesWildcard(pair.Key, key, true)) &&
            matchesWildcard(pair.Value, value, true),
        ),
      );
    case 'source-ip':
      return any(condition.values, (cidr) => inCidr(cidr, request.sourceIp));
    default:
      return false;
  }
}

/** The first action (lowest `order`) of the first rule that matches; rules as ElbStore.rulesOf lists them. */
export function selectAction(rules: AnyRule[], request: RoutedRequest): ActionRecord | undefined {
  for (const entry of rules) {
    const actions = entry.kind === 'default' ? entry.listener.defaultActions : entry.rule.actions;
    const matches =
      entry.kind === 'default' ||
      entry.rule.conditions.every((condition) => matchesCondition(condition, request));
    if (!matches) continue;
    return [...actions].sort((a, b) => (a.order ?? 0) - (b.order ?? 0))[0];
  }
  return undefined;
}

/**
 * Picks a target group of a forward action in proportion to its weight; `random` is in [0, 1).
 * Undefined when every weight is 0.
 */
export function pickWeighted(
  members: { targetGroupArn: string; weight: number }[],
  random: number,
): string | undefined {
  const total = members.reduce((sum, member) => sum + Math.max(0, member.weight), 0);
  if (total <= 0) return undefined;
  let point = random * total;
  for (const member of members) {
    point -= Math.max(0, member.weight);
    if (point < 0) return member.targetGroupArn;
  }
  return members.filter((member) => member.weight > 0).at(-1)?.targetGroupArn;
}

/**
 * The targets a request may go to: the healthy ones, or, when none is healthy, every registered target
 * that is not draining (ALB fails open). Draining and unused targets never get new requests.
 */
export function routableTargets<T extends { state: string }>(targets: T[]): T[] {
  const healthy = targets.filter((target) => target.state === 'healthy');
  if (healthy.length > 0) return healthy;
  return targets.filter((target) => ['initial', 'unhealthy', 'unavailable'].includes(target.state));
}
