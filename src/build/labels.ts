/** OCI standard image labels (org.opencontainers.image.*) derived from the git metadata of the run. */

/** What the labels are derived from. */
export interface LabelSource {
  /** Web URL of the source repository, e.g. https://github.com/acme/shop. */
  sourceUrl?: string;
  /** The commit SHA the image is built from. */
  revision?: string;
  /** When the build started. */
  created: Date;
}

/**
 * The OCI labels `source`, `revision` and `created`, followed by the user's own labels (which win
 * on a clash, so a caller can override any of them).
 */
export function imageLabels(
  source: LabelSource,
  extra: ReadonlyMap<string, string> = new Map(),
): Map<string, string> {
  const labels = new Map<string, string>();
  if (source.sourceUrl) labels.set('org.opencontainers.image.source', source.sourceUrl);
  if (source.revision) labels.set('org.opencontainers.image.revision', source.revision);
  labels.set('org.opencontainers.image.created', source.created.toISOString());
  for (const [key, value] of extra) labels.set(key, value);
  return labels;
}
