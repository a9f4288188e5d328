/** The cap on concurrent previews: checked on plain data before any mutating call. */

/** Why deploying this pull request's preview would exceed the cap, or undefined when it may go ahead. */
export function capProblem(options: {
  pullRequest: number;
  /** Pull requests that have a preview of the template (service or rule). */
  existing: readonly number[];
  maxPreviews: number;
}): string | undefined {
  const others = [...new Set(options.existing)]
    .filter((n) => n !== options.pullRequest)
    .sort((a, b) => a - b);
  if (others.length < options.maxPreviews) return undefined;
  return (
    `preview cap reached: ${others.length} of at most ${options.maxPreviews} previews exist ` +
    `(${others.map((n) => `pr-${n}`).join(', ')}); close one of those pull requests or raise max-previews`
  );
}
