/**
 * Did-you-mean for names a user typed (repositories, tags): the candidates closest by edit distance, so
 * a message can say what exists instead of only what does not.
 */

/** Levenshtein distance between two strings (insertions, deletions and substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j] + 1, current[j - 1] + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * Up to `limit` distinct candidates, nearest to `name` first (ties in the candidates' order). Pure: the
 * same inputs always give the same list.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 3): string[] {
  return [...new Set(candidates)]
    .map((candidate, index) => ({ candidate, index, distance: editDistance(name, candidate) }))
    .sort((a, b) => a.distance - b.distance || a.index - b.index)
    .slice(0, Math.max(0, limit))
    .map((entry) => entry.candidate);
}
