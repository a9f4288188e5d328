/**
 * The rollout gantt of ecs-deploy's summary, on an axis of elapsed seconds since the run started (a
 * wall-clock axis reads differently in every time zone): one section per updated service, a bar that ends
 * when that service finished (and a rollback bar when one ran), each distinct event once as a milestone.
 */
import { mermaid } from '../github/markdown.js';
import type { DeployReport } from './report.js';
import type { RolloutEvent } from './types.js';

const MAX_MILESTONES = 8;
// With more services than this the chart shows only bars: milestones would make it thousands of px tall.
const MILESTONE_SERVICES = 6;
const MAX_LEFT_PADDING = 300;
const TICKS_S = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600];

// Mermaid gantt task names may not contain `:`, `#` or `;`.
function ganttLabel(text: string): string {
  return text.replace(/[:#;]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 60);
}

/** When one service's rollout (and rollback) ran, in ms since the run started. */
export interface ServicePhases {
  service: string;
  rollout?: { start: number; end: number };
  rollback?: { start: number; end: number };
  events: RolloutEvent[];
}

const isRollbackStart = (event: RolloutEvent) => /^rollback to .* started$/.test(event.message);

/** The phases of each updated service, from the report's timeline. */
export function servicePhases(report: DeployReport): ServicePhases[] {
  const phases: ServicePhases[] = [];
  for (const entry of report.services.filter((service) => service.action === 'updated')) {
    const events = report.timeline
      .filter((event) => event.service === entry.service)
      .map((event) => ({ ...event, time: Math.max(0, event.time - report.startedAt) }))
      .sort((a, b) => a.time - b.time);
    if (events.length === 0) continue;
    const rollbackAt = report.mode === 'deploy' ? events.findIndex(isRollbackStart) : -1;
    const rolloutEvents = rollbackAt < 0 ? events : events.slice(0, rollbackAt);
    const span = (list: RolloutEvent[]) => ({
      start: list[0].time,
      end: Math.max(list[0].time + 1, list[list.length - 1].time),
    });
    // A service no longer waited for (another failed first) records nothing after its tasks started, yet
    // its rollout was live until its rollback replaced it: its bar runs to the rollback.
    const rollout = rolloutEvents.length > 0 ? span(rolloutEvents) : undefined;
    if (rollout && rollbackAt >= 0 && entry.wait?.status === 'stopped')
      rollout.end = Math.max(rollout.end, events[rollbackAt].time);
    phases.push({
      service: entry.service,
      rollout,
      rollback: rollbackAt >= 0 ? span(events.slice(rollbackAt)) : undefined,
      events,
    });
  }
  return phases;
}

/** The gantt chart, or undefined when no service was updated. */
export function rolloutTimeline(report: DeployReport): string | undefined {
  const phases = servicePhases(report);
  if (phases.length === 0) return undefined;
  const totalS = Math.max(1, (report.finishedAt - report.startedAt) / 1000);
  const tick = TICKS_S.find((seconds) => totalS / seconds <= 10) ?? 3600;
  // Section names are drawn left of the bars in leftPadding px (75 by default): a longer one would run
  // over its bars, so the margin grows with the longest name (about 7 px a character at the section font).
  const longest = Math.max(...phases.map((phase) => ganttLabel(phase.service).length));
  const padding = Math.min(MAX_LEFT_PADDING, Math.max(75, Math.ceil(longest * 7 + 16)));
  const lines = [
    ...(padding > 75 ? [`%%{init: {"gantt": {"leftPadding": ${padding}}}}%%`] : []),
    'gantt',
    // Milliseconds since the run started, shown as whole seconds since the epoch: elapsed seconds.
    '  dateFormat x',
    '  axisFormat %ss',
    `  tickInterval ${tick}second`,
    '  todayMarker off',
    `  title ${report.mode} on ${ganttLabel(report.cluster)}, seconds since the run started`,
  ];
  for (const phase of phases) {
    const entry = report.services.find((service) => service.service === phase.service);
    // A service no longer waited for (another failed first) did not fail itself.
    const failed = entry?.wait && entry.wait.status !== 'completed' && entry.wait.status !== 'stopped';
    lines.push(`  section ${ganttLabel(phase.service)}`);
    if (phase.rollout) {
      const name = report.mode === 'rollback' ? 'rollback' : 'rollout';
      lines.push(`  ${name} :${failed ? 'crit, ' : ''}${phase.rollout.start}, ${phase.rollout.end}`);
    }
    if (phase.rollback) lines.push(`  rollback :active, ${phase.rollback.start}, ${phase.rollback.end}`);
    const seen = new Set<string>();
    for (const event of phases.length > MILESTONE_SERVICES ? [] : phase.events) {
      const label = ganttLabel(event.message);
      if (!label || seen.has(label) || seen.size >= MAX_MILESTONES) continue;
      seen.add(label);
      lines.push(`  ${label} :milestone, ${event.time}, ${event.time}`);
    }
  }
  return mermaid(lines.join('\n'));
}
