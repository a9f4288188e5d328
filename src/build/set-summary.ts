/**
 * The job summary and the `images` output of a step that built or promoted a whole image set: one row per
 * image in the config's order, so a reader sees which images changed and which were reused.
 */
import { formatDuration, markdownTable, summaryHeading } from '../github/markdown.js';

/** One image of the set as the summary shows it. */
export interface SetSummaryImage {
  name: string;
  repositoryName: string;
  /** `<repositoryUri>@<digest>`. */
  image: string;
  digest: string;
  tags: readonly string[];
  skipped: boolean;
  fingerprint?: string;
  buildSeconds?: number;
  /** Set for a promotion: the image the tags were copied from (`repo@digest`). */
  promotedFrom?: string;
}

/** The `images` output: `name=<repositoryUri>@<digest>` a line, in the set's order (ecs-deploy's `built-images`). */
export function imageLines(images: readonly { name: string; image: string }[]): string {
  return images.map(({ name, image }) => `${name}=${image}`).join('\n');
}

/** `sha256:0123456789ab` : enough to tell digests apart in a table, with the full one on hover. */
function shortDigest(digest: string): string {
  const [algorithm, hex = ''] = digest.split(':');
  return `<code title="${digest}">${algorithm}:${hex.slice(0, 12)}</code>`;
}

function outcome(image: SetSummaryImage): string {
  if (image.promotedFrom)
    return `promoted from <code>${image.promotedFrom.split('@')[0]}</code>, not rebuilt`;
  if (image.skipped) {
    const fingerprint = image.fingerprint ? ` <code>fp-${image.fingerprint.slice(0, 12)}</code>` : '';
    return `skipped: fingerprint${fingerprint} already pushed`;
  }
  return image.buildSeconds === undefined ? 'built' : `built in ${formatDuration(image.buildSeconds * 1000)}`;
}

function heading(images: readonly SetSummaryImage[]): string {
  const count = (n: number) => `${n} image${n === 1 ? '' : 's'}`;
  if (images.some((image) => image.promotedFrom))
    return summaryHeading('build-push', 'success', `promoted ${count(images.length)}`);
  const built = images.filter((image) => !image.skipped).length;
  if (built === 0)
    return summaryHeading('build-push', 'unchanged', `${count(images.length)} already built, skipped`);
  return summaryHeading('build-push', 'success', `built ${built} of ${count(images.length)}`);
}

/** Markdown for the job summary of an image set. */
export function imageSetSummaryMarkdown(images: readonly SetSummaryImage[]): string {
  const rows = images.map((image) => [
    `<code>${image.name}</code>`,
    `<code>${image.repositoryName}</code>`,
    shortDigest(image.digest),
    outcome(image),
    image.tags.map((tag) => `<code>${tag}</code>`).join(', '),
  ]);
  return [
    heading(images),
    '',
    markdownTable(['Image', 'Repository', 'Digest', 'Build', 'Tags'], rows),
    '',
  ].join('\n');
}
