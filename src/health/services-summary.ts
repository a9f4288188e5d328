/**
 * wait-healthy's summary when one step gates several services (`deployment-ids`): one heading with the
 * step's verdict, the facts of the whole wait, and a row per service, instead of a full summary per
 * service. Each of those would repeat the same heading and charts without naming its service, and ten of
 * them would bury the one that failed; the table puts the failing service first and every service one
 * line apart.
 */
import {
  factList,
  formatDuration,
  markdownTable,
  serviceDeploymentsUrl,
  shortenArns,
  summaryHeading,
  type SummaryOutcome,
} from '../github/markdown.js';
import type { WaitReport } from './types.js';

/** One gated service and its report. */
export interface ServiceWait {
  service: string;
  report: WaitReport;
}

/** Where the services are, for console links (omitted: no links). */
export interface ServicesSummaryLinks {
  region: string;
  cluster: string;
}

const unbroken = (text: string) => text.replace(/ /g, '\u00a0');

function lastMs(report: WaitReport): number {
  return Math.max(
    0,
    ...report.verdict.samples.map((sample) => sample.elapsedMs),
    ...report.events.map((event) => event.elapsedMs),
    report.verdict.timeToHealthyMs ?? 0,
  );
}

function outcomeOf(waits: readonly ServiceWait[]): SummaryOutcome {
  if (waits.every(({ report }) => report.verdict.status === 'healthy')) return 'success';
  return waits.some(({ report }) => report.rolledBack) ? 'rolled-back' : 'failed';
}

/** The summary of a step that gated `waits` (in the order given, failing services first in the table). */
export function servicesWaitSummaryMarkdown(
  waits: readonly ServiceWait[],
  links?: ServicesSummaryLinks,
): string {
  const failing = waits.filter(({ report }) => report.verdict.status !== 'healthy');
  const strategy = waits[0]?.report.strategy ?? 'rolling';
  const status =
    failing.length === 0
      ? `healthy, ${waits.length} services`
      : `${failing[0].report.verdict.status}, ${failing.length} of ${waits.length} services not healthy`;
  const parts = [summaryHeading(`wait-healthy (${strategy})`, outcomeOf(waits), status), ''];
  for (const { service, report } of failing)
    parts.push(`> **\`${service}\`: ${shortenArns(report.verdict.reason)}**`, '');
  const slowest = waits.reduce<ServiceWait | undefined>(
    (found, entry) =>
      (entry.report.verdict.timeToHealthyMs ?? -1) > (found?.report.verdict.timeToHealthyMs ?? -1)
        ? entry
        : found,
    undefined,
  );
  const facts: [string, string][] = [
    ['total', formatDuration(Math.max(0, ...waits.map(({ report }) => lastMs(report))))],
    ['services', `${waits.length - failing.length} of ${waits.length} healthy`],
    ['healthy targets', String(waits.reduce((sum, { report }) => sum + report.verdict.healthyTargets, 0))],
  ];
  if (failing.length === 0 && slowest?.report.verdict.timeToHealthyMs !== undefined)
    facts.push([
      'slowest to healthy',
      `\`${slowest.service}\` in ${formatDuration(slowest.report.verdict.timeToHealthyMs)}`,
    ]);
  if (waits.some(({ report }) => report.rolledBack)) facts.push(['rolled back', 'yes']);
  parts.push(factList(facts), '');
  const rows = [...failing, ...waits.filter((entry) => !failing.includes(entry))].map(
    ({ service, report }) => {
      const name = links
        ? `[\`${service}\`](${serviceDeploymentsUrl(links.region, links.cluster, service)})`
        : `\`${service}\``;
      const deployment = report.verdict.deploymentId ? `<br><sub>${report.verdict.deploymentId}</sub>` : '';
      const healthyIn = report.verdict.timeToHealthyMs;
      return [
        `${name}${deployment}`,
        report.rolledBack ? `${report.verdict.status}, rolled back` : report.verdict.status,
        healthyIn === undefined ? '' : unbroken(formatDuration(healthyIn)),
        String(report.verdict.healthyTargets),
        shortenArns(report.verdict.reason),
      ];
    },
  );
  parts.push(
    '### Services',
    '',
    markdownTable(['Service', 'Verdict', 'Healthy after', 'Healthy targets', 'Detail'], rows),
    '',
  );
  const left = waits.filter(({ report }) => report.leftState);
  if (left.length > 0)
    parts.push(
      '### Left behind',
      '',
      ...left.map(({ service, report }) => `- \`${service}\`: ${shortenArns(report.leftState!)}`),
      '',
    );
  const steps = waits.flatMap(({ service, report }) => report.events.map((event) => ({ service, event })));
  if (steps.length > 0) {
    const sorted = steps.sort((a, b) => a.event.elapsedMs - b.event.elapsedMs);
    parts.push(
      '### Steps',
      '',
      markdownTable(
        ['at', 'service', 'step', 'detail'],
        sorted.map(({ service, event }) => [
          unbroken(formatDuration(event.elapsedMs)),
          `\`${service}\``,
          event.action,
          shortenArns(event.detail),
        ]),
      ),
      '',
    );
  }
  return parts.join('\n');
}
