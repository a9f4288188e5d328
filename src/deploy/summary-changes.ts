/**
 * The "What changed" part of ecs-deploy's summary: the revision (or revisions) a run deployed and each
 * one's change table. A release of several services often makes the same change in every revision (one
 * image bumped everywhere), so revisions with the same diff share one table, headed by every revision and
 * service it covers; with more tables than a reader scrolls past comfortably, each folds into a
 * `<details>` named by its revisions.
 */
import { shortArn } from '../arn.js';
import { imageReference, imageRepository, markdownTable } from '../github/markdown.js';
import type { TaskDefinitionDiff } from '../taskdef/diff.js';
import type { DeployReport, RevisionReport } from './report.js';

// Up to this many change tables are shown open; more fold, one <details> each.
const OPEN_TABLES = 4;

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

function changeTable(diff: TaskDefinitionDiff): string {
  const rows = changeRows(diff);
  return rows.length > 0
    ? markdownTable(['Change', 'Before', 'After'], rows)
    : 'Nothing: the task definition is unchanged.';
}

/** The distinct revisions of a several-deployables run: services that share one registration share a line. */
function distinctRevisions(report: DeployReport): RevisionReport[] {
  const merged: RevisionReport[] = [];
  for (const revision of report.revisions ?? []) {
    const same = revision.taskDefinitionArn
      ? merged.find((entry) => entry.taskDefinitionArn === revision.taskDefinitionArn)
      : undefined;
    if (same) same.services = [...same.services, ...revision.services];
    else merged.push({ ...revision });
  }
  return merged;
}

const codeList = (items: string[]) => items.map((item) => `\`${item}\``).join(', ');
const revisionName = (revision: RevisionReport) =>
  revision.taskDefinitionArn
    ? `\`${shortArn(revision.taskDefinitionArn)}\``
    : `new revision of \`${revision.family}\``;

/**
 * The run's revision for the summary's first line; with several, how many of which families, each listed
 * (with its services) below the line rather than in one long sentence.
 */
export function revisionSummary(report: DeployReport): { line: string; list: string[] } {
  const registered = (yes: boolean) =>
    yes && report.outcome !== 'planned' ? ' (registered by this run)' : '';
  const revisions = distinctRevisions(report);
  if (revisions.length <= 1) {
    const name = report.taskDefinitionArn
      ? `\`${shortArn(report.taskDefinitionArn)}\``
      : `new revision of \`${report.family}\``;
    return { line: `task definition ${name}${registered(report.registered)}`, list: [] };
  }
  const families = [...new Set(revisions.map((revision) => revision.family))];
  const fresh = revisions.filter((revision) => revision.registered).length;
  const made =
    fresh === 0 || report.outcome === 'planned'
      ? ''
      : fresh === revisions.length
        ? ', all registered by this run'
        : `, ${fresh} registered by this run`;
  return {
    line: `${revisions.length} task definitions of ${codeList(families)}${made}`,
    // `all registered` on the line says it once for every item.
    list: revisions.map(
      (revision) =>
        `- ${revisionName(revision)} for ${codeList(revision.services)}${fresh === revisions.length ? '' : registered(revision.registered)}`,
    ),
  };
}

/** The change table of the revision, or one per distinct change (headed by its revisions and services). */
export function changeSection(report: DeployReport): string[] {
  const revisions = distinctRevisions(report);
  if (revisions.length <= 1) return [changeTable(report.diff), ''];
  const groups: RevisionReport[][] = [];
  for (const revision of revisions) {
    const same = groups.find((group) => JSON.stringify(group[0].diff) === JSON.stringify(revision.diff));
    if (same) same.push(revision);
    else groups.push([revision]);
  }
  const heading = (group: RevisionReport[]) =>
    `${group.map(revisionName).join(', ')} for ${codeList(group.flatMap((revision) => revision.services))}`;
  if (groups.length <= OPEN_TABLES)
    return groups.flatMap((group) => [`#### ${heading(group)}`, '', changeTable(group[0].diff), '']);
  // Raw HTML: a code span inside <summary> is not markdown, so it is a <code> element.
  const html = (text: string) => text.replace(/`([^`]*)`/g, '<code>$1</code>');
  return groups.flatMap((group) => [
    `<details><summary>${html(heading(group))}</summary>`,
    '',
    changeTable(group[0].diff),
    '',
    '</details>',
    '',
  ]);
}
