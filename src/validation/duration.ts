/**
 * The one duration grammar of the kit: every timeout-like input and config setting takes plain seconds
 * (`90`, `1.5`) or units from days down to milliseconds, largest first (`15m`, `90s`, `1h30m`, `500ms`, `7d`).
 * Internally every duration is milliseconds.
 */

const NUMBER = '\\d+(?:\\.\\d+)?';
/** The units in the order they must appear, with their length in milliseconds. */
const UNITS = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1000],
  ['ms', 1],
] as const;

/** A duration in the grammar above (the JSON Schema's `duration` pattern is this pattern's source). */
export const DURATION = new RegExp(
  `^(?:(${NUMBER})|(?=\\d)${UNITS.map(([unit]) => `(?:(${NUMBER})${unit})?`).join('')})$`,
);

/** How error messages describe a duration. */
export const DURATION_EXPECTED = 'a duration such as 90s, 10m or 1h';

/** Milliseconds of a duration such as `90` (seconds), `90s`, `10m`, `1h30m`, `500ms`; undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  if (match[1] !== undefined) return Math.round(Number(match[1]) * 1000);
  const parts = UNITS.map(([, ms], index) => Number(match[index + 2] ?? 0) * ms);
  return Math.round(parts.reduce((sum, part) => sum + part, 0));
}
