/**
 * User-facing examples are safe to copy: the kit is referenced with one owner placeholder and pinned by
 * commit with its release in a comment (`<owner>/ecs-kit/actions/<name>@<sha> # v1.x.y`), third-party actions
 * are pinned by commit too, and `$/` (self-repository syntax, kit-internal) appears in no example.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import { yamlFiles } from './checks/model.js';
import { KIT_REPOSITORY } from './checks/references.js';

const markdown = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
  ...readdirSync(join(ROOT, 'actions')).map((name) => `actions/${name}/README.md`),
];
const examples = [...yamlFiles(ROOT, 'examples/workflows'), 'examples/ecs-kit.yml'];
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

/** The fenced code of a markdown file, or a whole example file: what readers copy. */
function copied(path: string): string {
  if (!path.endsWith('.md')) return read(path);
  return [...read(path).matchAll(/^```[\w-]*\n([\s\S]*?)^```/gm)].map((match) => match[1]).join('\n');
}

const KIT_PIN = new RegExp(
  `^${KIT_REPOSITORY}/(actions/[\\w-]+|\\.github/workflows/[\\w-]+\\.yml)@[0-9a-f]{40} # v1\\.\\d+\\.\\d+$`,
);
const THIRD_PARTY_PIN = /^[\w.-]+\/[\w.-]+(\/[^@\s]+)?@([0-9a-f]{40} # v\d+(\.\d+){0,2}|<sha>(\s.*)?)$/;

/** Problems of the `uses:` lines in `text`. */
function referenceProblems(text: string, checkThirdParty: boolean): string[] {
  const problems: string[] = [];
  for (const match of text.matchAll(/^\s*(?:-\s+)?uses:\s*(.+?)\s*$/gm)) {
    const value = match[1];
    if (value.startsWith('./')) continue;
    if (value.startsWith('$/')) problems.push(`${value}: $/ works only inside the kit's own workflows`);
    else if (value.includes('/ecs-kit/')) {
      if (!KIT_PIN.test(value)) problems.push(`${value}: not ${KIT_REPOSITORY}/...@<commit SHA> # v1.x.y`);
    } else if (checkThirdParty && !THIRD_PARTY_PIN.test(value)) {
      problems.push(`${value}: not pinned by commit SHA with its version in a comment`);
    }
  }
  return problems;
}

describe.each([...markdown, ...examples])('%s', (path) => {
  // docs/migration.md shows the workflows being replaced as they were; migration.test.ts checks its "after" side.
  const checkThirdParty = path !== 'docs/migration.md';

  test('references the kit as <owner>/ecs-kit at a commit, third-party actions pinned', () => {
    expect(referenceProblems(copied(path), checkThirdParty)).toEqual([]);
  });

  test('spells the owner of the kit one way', () => {
    expect(read(path).match(/(?<![\w<>/-])(ecs-kit|your-org|acme|<org>)\/ecs-kit\b/g) ?? []).toEqual([]);
  });

  test('shows no $/ reference outside the page that explains it', () => {
    if (path === 'docs/workflows.md') return;
    expect(read(path).match(/\$\/(actions|\.github)/g) ?? []).toEqual([]);
  });
});

test('docs/workflows.md states what $/ needs and the fallback', () => {
  const text = read('docs/workflows.md');
  expect(text).toContain('needs runner 2.336.0 or later');
  expect(text).toContain('not available on GitHub Enterprise Server');
  expect(text).toContain('`uses: <owner>/ecs-kit/actions/<name>@<commit SHA> # v1.x.y`');
});

describe('the reference check', () => {
  const sha = '0'.repeat(40);
  test.each([
    ['uses: ecs-kit/ecs-kit/actions/ecs-deploy@v1', true],
    [`uses: <owner>/ecs-kit/actions/ecs-deploy@${sha}`, true],
    ['uses: $/actions/ecs-deploy', true],
    ['uses: aws-actions/configure-aws-credentials@v4', true],
    [`uses: <owner>/ecs-kit/actions/ecs-deploy@${sha} # v1.2.3`, false],
    [`uses: <owner>/ecs-kit/.github/workflows/pipeline.yml@${sha} # v1.2.3`, false],
    [`uses: actions/checkout@${sha} # v6.0.2`, false],
    ['uses: ./actions/ecs-deploy', false],
  ])('%s is a problem: %s', (line, problem) => {
    expect(referenceProblems(`steps:\n  - ${line}\n`, true).length > 0).toBe(problem);
  });
});
