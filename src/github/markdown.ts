/** Small pure builders for job-summary markdown. */
import { lastSegment } from '../arn.js';

/** Escapes a value for a markdown table cell. */
export function cell(value: unknown): string {
  return String(value ?? '')
    .replace(/\|/g, '\\|')
    .replace(/\r?\n/g, '<br>');
}

/** A markdown table. */
export function markdownTable(headers: string[], rows: unknown[][]): string {
  const lines = [`| ${headers.map(cell).join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`];
  for (const row of rows) lines.push(`| ${row.map(cell).join(' | ')} |`);
  return lines.join('\n');
}

/** A fenced mermaid block. */
export function mermaid(body: string): string {
  return ['```mermaid', body.trimEnd(), '```'].join('\n');
}

/**
 * The one outcome convention of every summary heading, so a reader scanning a job's summaries sees the
 * result of each step at a glance.
 */
export const OUTCOME_ICONS = {
  success: '✅',
  failed: '❌',
  'rolled-back': '↩️',
  planned: '📝',
  unchanged: '⏸️',
} as const;

/** An outcome of the icon convention. */
export type SummaryOutcome = keyof typeof OUTCOME_ICONS;

/** A summary's heading: `## <icon> <action>: <what happened>`. */
export function summaryHeading(action: string, outcome: SummaryOutcome, text: string): string {
  return `## ${OUTCOME_ICONS[outcome]} ${action}: ${text}`;
}

/** Elapsed milliseconds as people read them: `850 ms`, `12.4 s`, `3 min 05 s`, `1 h 02 min`. */
export function formatDuration(ms: number): string {
  const value = Math.max(0, ms);
  if (value < 1000) return `${Math.round(value)} ms`;
  if (value < 60_000) return `${(Math.round(value / 100) / 10).toFixed(1)} s`;
  const seconds = Math.round(value / 1000);
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
  const minutes = Math.round(seconds / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}

/**
 * A list of `name: value` facts. GitHub's tables need a header row, which key-value facts do not have, so
 * they are a list instead of a table with an empty header.
 */
export function factList(facts: readonly (readonly [string, unknown])[]): string {
  return facts.map(([name, value]) => `- **${name}**: ${String(value ?? '')}`).join('\n');
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The ECS console page of a service's deployments (the first place to look when a rollout misbehaves). */
export function serviceDeploymentsUrl(region: string, cluster: string, service: string): string {
  const c = encodeURIComponent(lastSegment(cluster));
  const s = encodeURIComponent(lastSegment(service));
  return `https://${region}.console.aws.amazon.com/ecs/v2/clusters/${c}/services/${s}/deployments?region=${region}`;
}

/** The CloudWatch console page of one log stream (an awslogs container's output). */
export function logStreamUrl(region: string, group: string, stream: string): string {
  // The console's fragment escapes `/` twice: `$252F` is `%2F` escaped again.
  const escape = (text: string) => encodeURIComponent(encodeURIComponent(text)).replace(/%/g, '$');
  return `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#logsV2:log-groups/log-group/${escape(group)}/log-events/${escape(stream)}`;
}

/**
 * An image reference short enough for GitHub's column: without the registry host and with the digest cut
 * to 8 hex digits (`shop:1.4@sha256:abcdef12…`); the full reference is the code span's title, and the
 * reference as is when it is already short.
 */
export function imageReference(reference: string): string {
  const short = shortImage(reference);
  if (short === reference) return `<code>${escapeHtml(reference)}</code>`;
  return `<code title="${escapeHtml(reference)}">${escapeHtml(short)}</code>`;
}

/** The shortened form of an image reference (see imageReference). */
export function shortImage(reference: string): string {
  const [name, digest] = reference.split('@');
  const slash = name.indexOf('/');
  const host = slash > 0 && /[.:]/.test(name.slice(0, slash)) ? name.slice(0, slash) : '';
  const path = host ? name.slice(slash + 1) : name;
  if (!digest) return path;
  const [algorithm, hex = ''] = digest.split(':');
  return `${path}@${algorithm}:${hex.slice(0, 8)}…`;
}

/** The repository of an image reference (no tag, no digest), to tell a repository change from a tag change. */
export function imageRepository(reference: string): string {
  const name = reference.split('@')[0];
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  return colon > lastSlash ? name.slice(0, colon) : name;
}

/**
 * Replaces the full ARNs in a quoted AWS message (service events name target groups by ARN) with their
 * short names: `targetgroup/web-tg/0123…` becomes `web-tg`, any other ARN its last path segment.
 */
export function shortenArns(text: string): string {
  return text.replace(/arn:aws[\w-]*:[\w-]+:[\w-]*:\d*:([^\s,;)]*[^\s,;).])/g, (_, resource: string) => {
    const targetGroup = /^targetgroup\/([^/]+)/.exec(resource);
    if (targetGroup) return targetGroup[1];
    const repository = /^repository\/(.+)$/.exec(resource);
    if (repository) return repository[1];
    return resource.split('/').slice(0, 3).pop() ?? resource;
  });
}

/** Cuts the sha256 digests in a quoted message to 12 hex digits (the short form ECR's console shows). */
export function shortenDigests(text: string): string {
  return text.replace(/sha256:([0-9a-f]{12})[0-9a-f]{52}/g, 'sha256:$1…');
}

/** Splits a message at its `; ` separators that are outside parentheses, brackets and code spans. */
export function messageParts(message: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let code = false;
  let start = 0;
  for (let index = 0; index < message.length; index++) {
    const char = message[index];
    if (char === '`') code = !code;
    else if (!code && (char === '(' || char === '[')) depth++;
    else if (!code && (char === ')' || char === ']')) depth = Math.max(0, depth - 1);
    else if (!code && depth === 0 && char === ';' && message[index + 1] === ' ') {
      parts.push(message.slice(start, index));
      start = index + 2;
    }
  }
  parts.push(message.slice(start));
  return parts.map((part) => part.trim()).filter(Boolean);
}

/**
 * A failure as a quote: its first clause in bold, each further `; ` clause (what was left behind, how to
 * finish) a list item, so a long message reads as steps rather than one paragraph. A command the kit
 * tells the reader to run (`aws ecs update-service …`) is a code span, to copy as it is, and a clause that
 * is only a console address (`logs of app: https://…`) a link.
 */
export function failureQuote(message: string): string[] {
  const command = (part: string) =>
    part
      .replace(/\baws (ecs|ecr|elbv2) [a-z-]+ .*$/, (found) => `\`${found}\``)
      // `logs of app: https://…`: a console address is a link named by what it shows, not 200 characters.
      .replace(/^([^:`]{1,60}): (https:\/\/\S+)$/, (_, label: string, url: string) => `[${label}](${url})`);
  const [first, ...rest] = messageParts(message);
  return [
    `> **${first ?? ''}**`,
    ...(rest.length > 0 ? ['>'] : []),
    ...rest.map((part) => `> - ${command(part)}`),
  ];
}
