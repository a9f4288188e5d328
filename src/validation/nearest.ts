/**
 * The names closest to one a user typed (a cluster, a service, an image tag), for "did you mean" hints:
 * by edit distance, ties broken alphabetically, and only names close enough to be a plausible typo.
 */

/**
 * Edit distance between two strings: insertions, deletions, substitutions and swaps of two neighbouring
 * characters (the commonest typo, `wbe` for `web`) cost 1 each (optimal string alignment).
 */
export function editDistance(a: string, b: string): number {
  const rows: number[][] = [Array.from({ length: b.length + 1 }, (_, index) => index)];
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j], rows[i - 2][j - 2] + 1);
      }
    }
    rows.push(row);
  }
  return rows[a.length][b.length];
}

/**
 * Up to `limit` of `candidates` nearest to `name`, nearest first. A candidate qualifies when its distance
 * is at most a third of the longer name (at least 1), or when one name contains the other (a prefix or a
 * suffix the user left out); case differences cost nothing extra beyond one edit per character.
 */
export function nearestNames(name: string, candidates: readonly string[], limit = 1): string[] {
  const scored = [...new Set(candidates)]
    .filter((candidate) => candidate !== name)
    .map((candidate) => {
      const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
      const contained =
        candidate.toLowerCase().includes(name.toLowerCase()) ||
        name.toLowerCase().includes(candidate.toLowerCase());
      const allowed = Math.max(1, Math.floor(Math.max(name.length, candidate.length) / 3));
      return { candidate, distance, close: distance <= allowed || (contained && name.length >= 3) };
    })
    .filter((entry) => entry.close)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((entry) => entry.candidate);
}
