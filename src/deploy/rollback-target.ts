/**
 * Resolving the revisions a user names for rollback mode (`rollback-to`); the candidates rule for an empty
 * `rollback-to` is rollback-candidates.ts. Pure, with no SDK, so ecs-deploy's input check uses it too.
 *
 * With several services a single revision cannot fit them all when they run different families (the seed
 * shape: web and web-writer on seed-web, worker on seed-worker). So `rollback-to` takes one revision per
 * family, comma- or newline-separated, and each service goes to the one of its own family. A bare revision
 * number names no family: it is allowed alone, for services that all run one family.
 */
import { familyOf } from '../arn.js';
import { InputError } from '../errors.js';

/** The entries of `rollback-to`, as written (comma- or newline-separated, blanks dropped). */
export function parseRollbackTo(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

const isNumber = (entry: string) => /^\d+$/.test(entry);

/**
 * Why these entries can never be resolved, whatever the services run (checked with the other inputs):
 * a bare number beside other entries, or two revisions of one family. Undefined when they are fine.
 */
export function rollbackToProblem(entries: string[]): string | undefined {
  if (entries.length > 1 && entries.some(isNumber))
    return `a bare revision number names no family, so it cannot be combined with other revisions; give family:revision for each (got '${entries.join(',')}')`;
  const families = entries.map(familyOf);
  const twice = families.find((family, index) => families.indexOf(family) !== index);
  if (twice) return `names two revisions of family ${twice}; give at most one per family`;
  return undefined;
}

/** Resolves one entry (a revision number, family:revision or ARN) against the service's current revision. */
export function resolveRollbackTo(rollbackTo: string, currentTaskDefinitionArn: string): string {
  if (isNumber(rollbackTo)) return currentTaskDefinitionArn.replace(/:\d+$/, `:${rollbackTo}`);
  return rollbackTo;
}

/** A service as the resolution sees it: its name and the revision it runs now. */
export interface RunningService {
  service: string;
  taskDefinitionArn: string;
}

/**
 * The revision `rollback-to` gives each service, in the order of `services`: the entry of the service's own
 * family; a bare number, when every service runs one family; or, when exactly one entry of another family
 * is given and `allowFamilyChange` is set, that entry (a deliberate family change, as in deploy mode).
 * Throws an InputError naming every service it cannot place, before anything changes.
 */
export function explicitRollbackTargets(
  entries: string[],
  services: RunningService[],
  allowFamilyChange: boolean,
): string[] {
  const families = [...new Set(services.map((entry) => familyOf(entry.taskDefinitionArn)))];
  if (entries.length === 1 && isNumber(entries[0])) {
    if (families.length > 1)
      throw new InputError(
        'rollback-to',
        `expected a family:revision for each family (the services run ${familiesOf(services)}), got the bare revision number ${entries[0]}`,
      );
    return services.map((entry) => resolveRollbackTo(entries[0], entry.taskDefinitionArn));
  }
  const unplaced: RunningService[] = [];
  const targets = services.map((entry) => {
    const own = entries.find((candidate) => familyOf(candidate) === familyOf(entry.taskDefinitionArn));
    if (own) return own;
    // One entry of another family: the family guard refuses it unless allow-family-change says otherwise.
    if (entries.length === 1 && (allowFamilyChange || services.length === 1)) return entries[0];
    unplaced.push(entry);
    return '';
  });
  if (unplaced.length > 0)
    throw new InputError(
      'rollback-to',
      `expected a revision of each service's family, but it gives none for ${unplaced
        .map((entry) => `${entry.service} (family ${familyOf(entry.taskDefinitionArn)})`)
        .join(
          ', ',
        )}: add family:revision for it, or leave rollback-to empty to take each service's last healthy revision`,
    );
  return targets;
}

/** `seed-web (web, web-writer) and seed-worker (worker)`. */
function familiesOf(services: RunningService[]): string {
  const byFamily = new Map<string, string[]>();
  for (const entry of services) {
    const family = familyOf(entry.taskDefinitionArn);
    byFamily.set(family, [...(byFamily.get(family) ?? []), entry.service]);
  }
  return [...byFamily].map(([family, names]) => `${family} (${names.join(', ')})`).join(' and ');
}
