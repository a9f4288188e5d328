/**
 * Every example in the docs and examples/ runs in a test. Each fenced block of README.md, docs/*.md and the
 * actions' READMEs has a marker line above it (test/helpers/doc-examples.ts): `<!-- example: <id> -->`
 * for an example, `<!-- not run: <reason> -->` for text that is only shown. An example is run by the test
 * that reads it with `docExample('<file>#<id>')`; a file under examples/ by the test that reads it with
 * `exampleFile('<path>')`. This test finds those literal calls in test/ and fails for an example no test
 * claims, so adding an example means adding (or extending) the test that runs it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../helpers/action.js';
import {
  claimsOf,
  docExample,
  exampleFiles,
  exampleMarkdownFiles,
  fencedBlocks,
} from '../helpers/doc-examples.js';

/** This test and the helper name examples only to describe the markers: they claim nothing. */
const OWN = [import.meta.filename, join(ROOT, 'test', 'helpers', 'doc-examples.ts')];

/** Every .ts file under test/ but OWN. */
function testSources(directory = join(ROOT, 'test')): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return testSources(path);
    return name.endsWith('.ts') && !OWN.includes(path) ? [path] : [];
  });
}

const claimed = new Map<string, string[]>();
for (const path of testSources()) {
  for (const claim of claimsOf(readFileSync(path, 'utf8'))) {
    claimed.set(claim, [...(claimed.get(claim) ?? []), path.slice(ROOT.length + 1)]);
  }
}
const blocks = exampleMarkdownFiles().flatMap((file) => fencedBlocks(file));
const examples = blocks.flatMap((block) =>
  block.marker?.kind === 'example' ? [`${block.file}#${block.marker.id}`] : [],
);

test('every fenced block says whether it is an example or only shown', () => {
  expect(
    blocks
      .filter((block) => !block.marker)
      .map(
        (block) => `${block.file}:${block.line}: add <!-- example: <id> --> or <!-- not run: <reason> -->`,
      ),
  ).toEqual([]);
});

test('example ids are unique within their file', () => {
  expect(examples.filter((reference, index) => examples.indexOf(reference) !== index)).toEqual([]);
});

/**
 * Examples no test runs yet, each with what running it needs. The list only shrinks: an example a test
 * starts to claim must leave it (the last test here fails until it does), and no new example may join it.
 */
const NOT_YET_RUN: Record<string, string> = {
  'docs/workflows.md#kit-checkout-fallback':
    "a stand-in for actions/github-script reading GitHub's OIDC token",
};

test('every example of the docs is run by a test, or listed as not yet run', () => {
  expect(examples.filter((reference) => !claimed.has(reference) && !(reference in NOT_YET_RUN))).toEqual([]);
});

test('the not-yet-run list holds only examples that exist and no test runs', () => {
  expect(
    Object.keys(NOT_YET_RUN).filter((reference) => !examples.includes(reference) || claimed.has(reference)),
  ).toEqual([]);
});

test('every file under examples/ is run by a test', () => {
  expect(exampleFiles().filter((path) => !claimed.has(path))).toEqual([]);
});

test('every claim names an example that exists', () => {
  const files = new Set(exampleFiles());
  const missing = [...claimed.keys()].filter((claim) => {
    if (!claim.includes('#')) return !files.has(claim);
    try {
      docExample(claim);
      return false;
    } catch {
      return true;
    }
  });
  expect(missing).toEqual([]);
});

test('a command a block shows names a script of package.json', () => {
  const scripts = Object.keys(
    (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
      .scripts,
  );
  const named = blocks.flatMap((block) =>
    [...block.text.matchAll(/\bnpm run (?:--silent )?([\w:-]+)/g)].map((match) => [block.file, match[1]]),
  );
  expect(named.filter(([, script]) => !scripts.includes(script))).toEqual([]);
});

describe('the markers', () => {
  test('an example marker, a not-run marker and no marker are told apart', () => {
    const blocks = fencedBlocks('docs/configuration.md');
    expect(blocks.some((block) => block.marker?.kind === 'example')).toBe(true);
    expect(blocks.some((block) => block.marker?.kind === 'not-run')).toBe(true);
  });

  test('claims are the literal docExample and exampleFile calls', () => {
    expect(
      claimsOf("docExample('docs/a.md#one'); exampleFile('examples/b.yml'); docExample(`x${y}`)"),
    ).toEqual(['docs/a.md#one', 'examples/b.yml']);
  });
});
