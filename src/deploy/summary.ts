/**
 * The job summary of a run: outcome, what changed (names only for environment and secrets), a mermaid
 * timeline of the rollout, final state per service, and the service events and stop reasons that explain
 * a failure.
 */
import {
  formatDuration,
  imageReference,
  imageRepository,
  logStreamUrl,
  markdownTable,
  serviceDeploymentsUrl,
  shortenArns,
  summaryHeading,
  type SummaryOutcome,
} from '../github/markdown.js';
import { describeDiff, type TaskDefinitionDiff } from '../taskdef/diff.js';
import { oneOffSummary } from './one-off-summary.js';
import { rollbackTargetsSummary } from './rollback-summary.js';
import type { DeployReport, ServiceReport } from './report.js';
import { shortArn } from '../arn.js';
import { rolloutTimeline, servicePhases } from './summary-timeline.js';

export { rolloutTimeline } from './summary-timeline.js';

const MAX_EVENTS = 15;

/** Where the run happened, for console links (omitted: no links). */
export interface DeploySummaryOptions {
  region?: string;
}

const OUTCOME: Record<DeployReport['outcome'], SummaryOutcome> = {
  deployed: 'success',
  unchanged: 'unchanged',
  'rolled-back': 'rolled-back',
  planned: 'planned',
  failed: 'failed',
};

function imageChange(before: string | undefined, after: string | undefined): [string, string] {
  const show = (reference: string | undefined) => (reference ? imageReference(reference) : '');
  const moved =
    before && after && imageRepository(before) !== imageRepository(after) ? ' ⚠️ **repository changed**' : '';
  return [show(before), `${show(after)}${moved}`];
}

function changeRows(diff: TaskDefinitionDiff): string[][] {
  const rows: string[][] = [];
  const list = (items: string[]) => items.map((item) => `\`${item}\``).join(', ');
  if (diff.family) rows.push(['family', diff.family.before ?? '', diff.family.after ?? '']);
  if (diff.cpu) rows.push(['task cpu', diff.cpu.before ?? '(none)', diff.cpu.after ?? '(none)']);
  if (diff.memory) rows.push(['task memory', diff.memory.before ?? '(none)', diff.memory.after ?? '(none)']);
  for (const name of diff.addedContainers) rows.push([`container \`${name}\``, '', 'added']);
  for (const name of diff.removedContainers) rows.push([`container \`${name}\``, 'removed', '']);
  for (const container of diff.containers) {
    if (container.image)
      rows.push([
        `\`${container.name}\` image`,
        ...imageChange(container.image.before, container.image.after),
      ]);
    for (const [label, change] of [
      ['environment', container.environment],
      ['secrets', container.secrets],
    ] as const) {
      if (!change) continue;
      const after = [
        change.added.length > 0 ? `added ${list(change.added)}` : '',
        change.removed.length > 0 ? `removed ${list(change.removed)}` : '',
        change.changed.length > 0 ? `changed ${list(change.changed)}` : '',
      ].filter(Boolean);
      rows.push([`\`${container.name}\` ${label}`, '', after.join('; ')]);
    }
    if (container.fields.length > 0)
      rows.push([`\`${container.name}\` settings`, '', `changed ${list(container.fields)}`]);
  }
  if (diff.fields.length > 0) rows.push(['task settings', '', `changed ${list(diff.fields)}`]);
  return rows;
}

function serviceRow(entry: ServiceReport, took: number | undefined, link: string | undefined): string[] {
  const last = entry.rollback ?? entry.wait;
  const state =
    entry.action === 'held'
      ? 'not updated'
      : entry.action !== 'updated'
        ? entry.action
        : entry.rollback
          ? `rolled back (${entry.rollback.status})`
          : (entry.wait?.status ?? 'updated');
  const running = last?.runningCount !== undefined ? `${last.runningCount}/${last.desiredCount ?? '?'}` : '';
  return [
    link ? `[\`${entry.service}\`](${link})` : `\`${entry.service}\``,
    state,
    took === undefined ? '' : formatDuration(took),
    shortArn(entry.previousTaskDefinitionArn),
    entry.deploymentId ?? '',
    running,
    shortenArns(entry.wait?.reason ?? ''),
  ];
}

function failureDetails(report: DeployReport, options: DeploySummaryOptions): string[] {
  const lines: string[] = [];
  for (const entry of report.services) {
    const events = [...(entry.wait?.events ?? []), ...(entry.rollback?.events ?? [])].slice(-MAX_EVENTS);
    if (entry.stoppedReasons.length === 0 && events.length === 0) continue;
    if (!entry.wait || entry.wait.status === 'completed' || entry.wait.status === 'stopped') continue;
    lines.push(`#### \`${entry.service}\``);
    if (entry.stoppedReasons.length > 0) {
      lines.push(
        'Stopped tasks:',
        '',
        ...entry.stoppedReasons.map((reason) => `- ${shortenArns(reason)}`),
        '',
      );
    }
    for (const task of entry.stoppedTasks ?? []) {
      if (!options.region || task.logStreams.length === 0) continue;
      const links = task.logStreams.map(
        (stream) => `[${stream.container}](${logStreamUrl(options.region!, stream.group, stream.stream)})`,
      );
      lines.push(`- logs of stopped task \`${task.taskId}\`: ${links.join(', ')}`);
    }
    if ((entry.stoppedTasks ?? []).some((task) => task.logStreams.length > 0)) lines.push('');
    // A list, not a code block: quoted events are long and would be cut off by the column.
    if (events.length > 0)
      lines.push('Service events:', '', ...events.map((event) => `- ${shortenArns(event)}`), '');
  }
  return lines;
}

/** The distinct revisions of a several-deployables run: services that share one registration share a line. */
function distinctRevisions(report: DeployReport): NonNullable<DeployReport['revisions']> {
  const merged: NonNullable<DeployReport['revisions']> = [];
  for (const revision of report.revisions ?? []) {
    const same = revision.taskDefinitionArn
      ? merged.find((entry) => entry.taskDefinitionArn === revision.taskDefinitionArn)
      : undefined;
    if (same) same.services = [...same.services, ...revision.services];
    else merged.push({ ...revision });
  }
  return merged;
}

/** The revision a run deployed, or each of them (with its services) when it deployed several. */
function revisionLine(report: DeployReport): string {
  const registered = (yes: boolean) =>
    yes && report.outcome !== 'planned' ? ' (registered by this run)' : '';
  const revisions = distinctRevisions(report);
  if (revisions.length <= 1)
    return `task definition ${report.taskDefinitionArn ? `\`${shortArn(report.taskDefinitionArn)}\`` : `new revision of \`${report.family}\``}${registered(report.registered)}`;
  const each = revisions.map(
    (revision) =>
      `${revision.taskDefinitionArn ? `\`${shortArn(revision.taskDefinitionArn)}\`` : `new revision of \`${revision.family}\``} for ${revision.services.map((service) => `\`${service}\``).join(', ')}${registered(revision.registered)}`,
  );
  return `task definitions ${each.join('; ')}`;
}

/** The change table of the revision, or one per revision (headed by its services) when there are several. */
function changeSection(report: DeployReport): string[] {
  const table = (diff: DeployReport['diff']) => {
    const rows = changeRows(diff);
    return rows.length > 0
      ? markdownTable(['Change', 'Before', 'After'], rows)
      : 'Nothing: the task definition is unchanged.';
  };
  const revisions = distinctRevisions(report);
  if (revisions.length <= 1) return [table(report.diff), ''];
  return revisions.flatMap((revision) => [
    `#### \`${revision.family}\` (${revision.services.map((service) => `\`${service}\``).join(', ')})`,
    '',
    table(revision.diff),
    '',
  ]);
}

/** The job summary markdown for a run. */
export function deploySummary(report: DeployReport, options: DeploySummaryOptions = {}): string {
  const title = report.mode === 'rollback' ? 'ecs-deploy rollback' : 'ecs-deploy';
  const lines = [summaryHeading(title, OUTCOME[report.outcome], report.outcome), ''];
  if (report.failure) lines.push(`> **${shortenArns(report.failure)}**`, '');
  lines.push(
    `Cluster \`${report.cluster}\` · ${revisionLine(report)} · wait mode \`${report.waitMode}\` · took ${formatDuration(report.finishedAt - report.startedAt)}`,
    '',
    ...rollbackTargetsSummary(report),
    '### What changed',
    '',
    ...changeSection(report),
  );
  const phases = servicePhases(report);
  const chart = rolloutTimeline(report);
  if (chart) lines.push('### Rollout', '', chart, '');
  lines.push(
    '### Services',
    '',
    markdownTable(
      ['Service', 'Result', 'Took', 'Previous revision', 'Deployment', 'Running', 'Detail'],
      report.services.map((entry) => {
        const phase = phases.find((candidate) => candidate.service === entry.service);
        const end = phase?.rollback?.end ?? phase?.rollout?.end;
        const link = options.region
          ? serviceDeploymentsUrl(options.region, report.cluster, entry.service)
          : undefined;
        return serviceRow(entry, end === undefined ? undefined : end - (phase?.rollout?.start ?? 0), link);
      }),
    ),
    '',
  );
  lines.push(...oneOffSummary(report.oneOffTasks));
  const details = failureDetails(report, options);
  if (details.length > 0) lines.push('### Why it failed', '', ...details);
  if (report.cleanup && report.cleanup.deregistered.length > 0) {
    lines.push(
      '### Deregistered revisions',
      '',
      ...report.cleanup.deregistered.map((arn) => `- \`${shortArn(arn)}\``),
      '',
    );
  }
  return lines.join('\n');
}

/** The diff as plain text for the `diff` output. */
export function diffText(report: DeployReport): string {
  return describeDiff(report.diff).join('\n');
}
