/**
 * The job summary of a run: outcome, what changed (names only for environment and secrets), a mermaid
 * timeline of the rollout, final state per service, and the service events and stop reasons that explain
 * a failure.
 */
import { markdownTable, mermaid } from '../github/markdown.js';
import { describeDiff, type TaskDefinitionDiff } from '../taskdef/diff.js';
import { oneOffSummary } from './one-off-summary.js';
import type { DeployReport, ServiceReport } from './report.js';
import { shortArn } from './arn.js';

const MAX_EVENTS = 15;
const MAX_MILESTONES = 12;

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
      rows.push([`\`${container.name}\` image`, container.image.before ?? '', container.image.after ?? '']);
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

// Mermaid gantt task names may not contain `:`, `#` or `;`.
function ganttLabel(text: string): string {
  return text.replace(/[:#;]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
}

/** A gantt chart: one section per service, a bar for the rollout (and rollback), milestones for changes. */
export function rolloutTimeline(report: DeployReport): string | undefined {
  if (report.timeline.length === 0) return undefined;
  const lines = [
    'gantt',
    '  dateFormat x',
    '  axisFormat %M:%S',
    `  title ${report.mode} on ${ganttLabel(report.cluster)}`,
  ];
  for (const entry of report.services.filter((service) => service.action === 'updated')) {
    const events = report.timeline.filter((event) => event.service === entry.service);
    if (events.length === 0) continue;
    lines.push(`  section ${ganttLabel(entry.service)}`);
    const start = events[0].time;
    const rollbackStart = events.find((event) => event.message.startsWith('rollback'))?.time;
    const end = Math.max(start + 1, (rollbackStart ?? report.finishedAt) as number);
    const failed = entry.wait && entry.wait.status !== 'completed';
    lines.push(
      `  ${report.mode === 'rollback' ? 'rollback' : 'rollout'} ${failed ? ':crit, ' : ':'}${start}, ${end}`,
    );
    if (rollbackStart !== undefined)
      lines.push(`  rollback :active, ${rollbackStart}, ${Math.max(rollbackStart + 1, report.finishedAt)}`);
    for (const event of events.slice(0, MAX_MILESTONES))
      lines.push(`  ${ganttLabel(event.message)} :milestone, ${event.time}, ${event.time}`);
  }
  return mermaid(lines.join('\n'));
}

function serviceRow(entry: ServiceReport): string[] {
  const last = entry.rollback ?? entry.wait;
  const state =
    entry.action !== 'updated'
      ? entry.action
      : entry.rollback
        ? `rolled back (${entry.rollback.status})`
        : (entry.wait?.status ?? 'updated');
  const running = last?.runningCount !== undefined ? `${last.runningCount}/${last.desiredCount ?? '?'}` : '';
  return [
    `\`${entry.service}\``,
    state,
    shortArn(entry.previousTaskDefinitionArn),
    entry.deploymentId ?? '',
    running,
    entry.wait?.reason ?? '',
  ];
}

function failureDetails(report: DeployReport): string[] {
  const lines: string[] = [];
  for (const entry of report.services) {
    const events = [...(entry.wait?.events ?? []), ...(entry.rollback?.events ?? [])].slice(-MAX_EVENTS);
    if (entry.stoppedReasons.length === 0 && events.length === 0) continue;
    if (!entry.wait || entry.wait.status === 'completed') continue;
    lines.push(`#### \`${entry.service}\``);
    if (entry.stoppedReasons.length > 0) {
      lines.push('Stopped tasks:', '', ...entry.stoppedReasons.map((reason) => `- ${reason}`), '');
    }
    if (events.length > 0) lines.push('Service events:', '', '```', ...events, '```', '');
  }
  return lines;
}

/** The job summary markdown for a run. */
export function deploySummary(report: DeployReport): string {
  const title = report.mode === 'rollback' ? 'ecs-deploy rollback' : 'ecs-deploy';
  const lines = [`## ${title}: ${report.outcome}`, ''];
  if (report.failure) lines.push(`> **${report.failure}**`, '');
  lines.push(
    `Cluster \`${report.cluster}\` · task definition ${report.taskDefinitionArn ? `\`${shortArn(report.taskDefinitionArn)}\`` : `new revision of \`${report.family}\``}${report.registered && report.outcome !== 'planned' ? ' (registered by this run)' : ''} · wait mode \`${report.waitMode}\``,
    '',
    '### What changed',
    '',
  );
  const rows = changeRows(report.diff);
  lines.push(
    rows.length > 0
      ? markdownTable(['Change', 'Before', 'After'], rows)
      : 'Nothing: the task definition is unchanged.',
    '',
  );
  const chart = rolloutTimeline(report);
  if (chart) lines.push('### Rollout', '', chart, '');
  lines.push(
    '### Services',
    '',
    markdownTable(
      ['Service', 'Result', 'Previous revision', 'Deployment', 'Running', 'Detail'],
      report.services.map(serviceRow),
    ),
    '',
  );
  lines.push(...oneOffSummary(report.oneOffTasks));
  const details = failureDetails(report);
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
