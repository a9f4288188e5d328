/**
 * The "after" side of each docs/migration.md example: the caller workflow and the config file, as the
 * document shows them, plus the stand-in jobs an excerpt leaves out (jobs it `needs:` but does not show)
 * and a trigger when the excerpt has none.
 */
import { docExample } from '../../helpers/doc-examples.js';

/** One converted example. */
export interface MigrationExample {
  /** The workflow as the document shows it. */
  workflow: string;
  /** The workflow made complete: a trigger and stand-ins for the jobs the excerpt leaves out. */
  complete: string;
  /** The `.github/ecs-kit.yml` it comes with. */
  config: string;
}

function converted(workflow: string, config: string): MigrationExample {
  const kept = [...workflow.matchAll(/needs: \[([^\]]+)\]/g)]
    .flatMap((match) => match[1].split(',').map((name) => name.trim()))
    .filter((name) => !new RegExp(`^  ${name}:`, 'm').test(workflow));
  const standIns = [...new Set(kept)].map(
    (name) => `  ${name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n`,
  );
  const complete = `${/^on:/m.test(workflow) ? '' : 'on: push\n'}${workflow}${standIns.join('')}`;
  return { workflow, complete, config };
}

/** The examples in document order. */
export function migrationExamples(): MigrationExample[] {
  return [
    converted(
      docExample('docs/migration.md#credit-cashflow-engine-workflow'),
      docExample('docs/migration.md#credit-cashflow-engine-config'),
    ),
    converted(
      docExample('docs/migration.md#alloff-api-workflow'),
      docExample('docs/migration.md#alloff-api-config'),
    ),
    converted(docExample('docs/migration.md#mrbot-workflow'), docExample('docs/migration.md#mrbot-config')),
  ];
}
