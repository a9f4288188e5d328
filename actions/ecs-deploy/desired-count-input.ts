/**
 * ecs-deploy's `desired-count`: one whole number for every service, or `service=count` per line when the
 * services differ (what the config file's per-service `desired-count` becomes). Every service a line
 * names must be one this step deploys, so a typo cannot silently leave a count unset.
 */
import type { DesiredCount } from '../../src/deploy/inputs.js';
import { InputError } from '../../src/errors.js';
import { readInteger, readKeyValues } from '../../src/github/inputs.js';
import type { InputSource } from '../../src/github/input-source.js';

const MAX = 5000;

/** The count(s) to set, or undefined to keep every service's count. */
export function readDesiredCount(source: InputSource, services: string[]): DesiredCount | undefined {
  if (!source.value('desired-count').includes('=')) {
    return readInteger(source, 'desired-count', { min: 0, max: MAX });
  }
  const counts: Record<string, number> = {};
  for (const [service, text] of readKeyValues(source, 'desired-count')) {
    if (!services.includes(service)) {
      throw new InputError(
        'desired-count',
        `names service '${service}', which this step does not deploy (it deploys ${services.join(', ')})`,
      );
    }
    if (!/^\d+$/.test(text) || Number(text) > MAX) {
      throw new InputError(
        'desired-count',
        `expected a whole number from 0 to ${MAX} for '${service}', got '${text}'`,
      );
    }
    counts[service] = Number(text);
  }
  return counts;
}
