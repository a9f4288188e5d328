/**
 * A map input (`KEY=value` per line: environment-variables, secrets, images, build-args) given both by the
 * step and by the config file: the step's entries win by key and the config's other entries stay, so one
 * `environment-variables:` line no longer discards every variable the config sets. With the input's
 * `replace-*` option the step's entries are the whole list, and the config entries that drops are named
 * so the run can warn about them.
 */

/** The merged raw input and what the step's entries did to the config's. */
export interface KeyedMerge {
  /** The raw input text: the config's remaining lines, then the step's. */
  value: string;
  /** Config keys the step set again (its value wins). */
  overridden: string[];
  /** Config keys left out because `replace` was set. */
  dropped: string[];
}

function entries(text: string): { key: string | undefined; line: string }[] {
  return text
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '' && !line.trim().startsWith('#'))
    .map((line) => {
      const equals = line.indexOf('=');
      // A line without `=` keeps no key; the input's reader reports it with the input's name.
      return { key: equals > 0 ? line.slice(0, equals).trim() : undefined, line };
    });
}

/** Merges the step's `explicit` lines over the config's `configured` lines by key (the text before `=`). */
export function mergeKeyedLines(configured: string, explicit: string, replace: boolean): KeyedMerge {
  const given = entries(explicit);
  const keys = new Set(given.map((entry) => entry.key).filter((key) => key !== undefined));
  const base = entries(configured);
  const overridden = base.filter((entry) => entry.key !== undefined && keys.has(entry.key));
  const kept = base.filter((entry) => entry.key === undefined || !keys.has(entry.key));
  if (replace) {
    return {
      value: explicit,
      overridden: overridden.map((entry) => entry.key!),
      dropped: kept.map((entry) => entry.key ?? entry.line.trim()),
    };
  }
  return {
    value: [...kept, ...given].map((entry) => entry.line).join('\n'),
    overridden: overridden.map((entry) => entry.key!),
    dropped: [],
  };
}
