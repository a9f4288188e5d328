/**
 * The "after" side of each docs/migration.md example: the caller workflow and the config file, as the
 * document shows them, plus the stand-in jobs an excerpt leaves out (jobs it `needs:` but does not show)
 * and a trigger when the excerpt has none.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../helpers/action.js';

/** One converted example. */
export interface MigrationExample {
  /** The workflow as the document shows it. */
  workflow: string;
  /** The workflow made complete: a trigger and stand-ins for the jobs the excerpt leaves out. */
  complete: string;
  /** The `.github/ecs-kit.yml` it comes with. */
  config: string;
}

/** The examples in document order. */
export function migrationExamples(): MigrationExample[] {
  const docs = readFileSync(join(ROOT, 'docs', 'migration.md'), 'utf8');
  const sections = docs
    .split(/^### After\s*$/m)
    .slice(1)
    .map((part) => part.split(/^##+ /m)[0]);
  return sections.map((part) => {
    const blocks = [...part.matchAll(/```yaml\n([\s\S]*?)```/g)].map((match) => match[1]);
    const workflow = blocks.find((block) => /^jobs:/m.test(block)) ?? '';
    const config = blocks.find((block) => /^version: 1/m.test(block)) ?? '';
    const kept = [...workflow.matchAll(/needs: \[([^\]]+)\]/g)]
      .flatMap((match) => match[1].split(',').map((name) => name.trim()))
      .filter((name) => !new RegExp(`^  ${name}:`, 'm').test(workflow));
    const standIns = [...new Set(kept)].map(
      (name) => `  ${name}:\n    runs-on: ubuntu-latest\n    steps:\n      - run: 'true'\n`,
    );
    const complete = `${/^on:/m.test(workflow) ? '' : 'on: push\n'}${workflow}${standIns.join('')}`;
    return { workflow, complete, config };
  });
}
