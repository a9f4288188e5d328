/**
 * How a preview is reached: a host-header rule `pr-<n>.<domain>` or a path rule `/pr-<n>/*`, the URL that
 * follows from it, and the listener rule priority derived from the pull request number.
 */
import type { RuleCondition } from '@aws-sdk/client-elastic-load-balancing-v2';
import { previewLabel } from './naming.js';

/** Host-header routing under a domain, or path routing on the shared load balancer's address. */
export type PreviewRouting = { kind: 'host'; domain: string } | { kind: 'path'; baseUrl: string };

/** The listener rule condition that sends the preview's requests to its target group. */
export function ruleConditions(routing: PreviewRouting, pullRequest: number): RuleCondition[] {
  const label = previewLabel(pullRequest);
  if (routing.kind === 'host')
    return [{ Field: 'host-header', HostHeaderConfig: { Values: [`${label}.${routing.domain}`] } }];
  return [{ Field: 'path-pattern', PathPatternConfig: { Values: [`/${label}/*`] } }];
}

/** The values a rule's conditions hold, as `field=value` strings, for comparing an existing rule. */
export function conditionKeys(conditions: readonly RuleCondition[]): string[] {
  return conditions
    .flatMap((condition) => {
      const values =
        condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values ?? [];
      return values.map((value) => `${condition.Field}=${value}`);
    })
    .sort();
}

/** The preview's URL: `<scheme>://pr-<n>.<domain>[:port]` (the listener's scheme and port) or `<base>/pr-<n>/`. */
export function previewUrl(
  routing: PreviewRouting,
  pullRequest: number,
  listener: { scheme: string; portSuffix: string } = { scheme: 'https', portSuffix: '' },
): string {
  const label = previewLabel(pullRequest);
  if (routing.kind === 'host') return `${listener.scheme}://${label}.${routing.domain}${listener.portSuffix}`;
  return `${routing.baseUrl.replace(/\/+$/, '')}/${label}/`;
}

/** The range of listener rule priorities previews use. */
export interface PriorityRange {
  /** First priority (1-50000). */
  base: number;
  /** How many priorities from `base` previews may use. */
  size: number;
}

/** The priority a pull request asks for first: `base + (n mod size)`, the same on every run. */
export function preferredPriority(pullRequest: number, range: PriorityRange): number {
  return range.base + (pullRequest % range.size);
}

/**
 * The priority for a new preview rule: the preferred one, or when another rule holds it the next free one
 * (wrapping inside the range), probed in a fixed order so that two runs with the same rules agree.
 * Undefined when the whole range is taken.
 */
export function choosePriority(
  pullRequest: number,
  range: PriorityRange,
  taken: ReadonlySet<number>,
): number | undefined {
  const first = preferredPriority(pullRequest, range);
  for (let step = 0; step < range.size; step++) {
    const candidate = range.base + ((first - range.base + step) % range.size);
    if (!taken.has(candidate)) return candidate;
  }
  return undefined;
}
