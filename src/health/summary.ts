/**
 * The job summary of wait-healthy: the verdict in the heading, the facts and durations, links to the
 * service in the ECS console, charts of healthy targets and traffic on a proportional time axis, and the
 * steps with how long each lasted.
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
import { healthyTargetsChart, trafficChart } from './summary-chart.js';
import type { WaitReport } from './types.js';
import { lastSegment } from '../arn.js';

/** Where the gated services are, for console links (omitted: no links). */
export interface WaitSummaryLinks {
  region: string;
  cluster: string;
  services: readonly string[];
}

function outcomeOf(report: WaitReport): SummaryOutcome {
  if (report.verdict.status === 'healthy') return 'success';
  return report.rolledBack ? 'rolled-back' : 'failed';
}

/** How long the wait lasted: the last sample or step, whichever came later. */
function totalMs(report: WaitReport): number {
  return Math.max(
    0,
    ...report.verdict.samples.map((sample) => sample.elapsedMs),
    ...report.events.map((event) => event.elapsedMs),
    report.verdict.timeToHealthyMs ?? 0,
  );
}

/** The whole summary. */
export function waitSummaryMarkdown(report: WaitReport, links?: WaitSummaryLinks): string {
  const { verdict } = report;
  const status = report.rolledBack ? `${verdict.status}, rolled back` : verdict.status;
  const parts = [
    summaryHeading(`wait-healthy (${report.strategy})`, outcomeOf(report), status),
    '',
    shortenArns(verdict.reason),
    '',
  ];
  const facts: [string, string][] = [
    ['total', formatDuration(totalMs(report))],
    [
      'time to healthy',
      verdict.timeToHealthyMs === undefined ? '-' : formatDuration(verdict.timeToHealthyMs),
    ],
    ['healthy targets', String(verdict.healthyTargets)],
    ['rolled back', report.rolledBack ? 'yes' : 'no'],
  ];
  if (report.finalWeights) {
    facts.push([
      'final weights',
      Object.entries(report.finalWeights)
        .map(([name, weight]) => `${name}=${weight}`)
        .join(', '),
    ]);
  }
  if (verdict.deploymentId) facts.push(['deployment', `\`${lastSegment(verdict.deploymentId)}\``]);
  if (report.leftState) facts.push(['left', shortenArns(report.leftState)]);
  if (links) {
    for (const service of links.services.filter(Boolean))
      facts.push([
        `\`${service}\``,
        `[deployments in the ECS console](${serviceDeploymentsUrl(links.region, links.cluster, service)})`,
      ]);
  }
  parts.push(factList(facts), '');
  for (const chart of [healthyTargetsChart(verdict.samples), trafficChart(verdict.samples)])
    if (chart) parts.push(chart, '');
  if (report.events.length > 0) {
    const end = totalMs(report);
    const rows = report.events.map((entry, index) => [
      formatDuration(entry.elapsedMs),
      formatDuration((report.events[index + 1]?.elapsedMs ?? end) - entry.elapsedMs),
      entry.action,
      entry.newWeight ?? '',
      shortenArns(entry.detail),
    ]);
    parts.push(
      '### Steps',
      '',
      markdownTable(['at', 'lasted', 'step', 'new revision %', 'detail'], rows),
      '',
    );
  }
  return parts.join('\n');
}
