/**
 * The examples readers copy, as tests get them. Every fenced block of the user-facing markdown carries a
 * marker on the line above it:
 *
 *   <!-- example: <id> -->        an example: some test runs it, and gets its text through
 *                                 `docExample('<file>#<id>')` (the literal string is the claim)
 *   <!-- not run: <reason> -->    text that is shown, not run (a transcript, another project's workflow)
 *
 * Whole example files under examples/ are read with `exampleFile('examples/...')`, a claim the same way.
 * test/workflows/doc-examples.test.ts fails when a block has no marker or an example no test claims, so a
 * new example arrives with the test that runs it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './action.js';

/** One fenced block of a markdown file. */
export interface FencedBlock {
  /** The markdown file, relative to the repository root. */
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  /** The fence's language (`yaml`, `bash`...), empty when it names none. */
  language: string;
  /** The block's text, without the fences. */
  text: string;
  /** `example` with its id, `not-run` with its reason, or no marker at all. */
  marker?: { kind: 'example'; id: string } | { kind: 'not-run'; reason: string };
}

const MARKER = /^<!--\s*(?:example:\s*([\w-]+)|not run:\s*(.+?))\s*-->\s*$/;

/** The markdown files whose fenced blocks readers copy: README.md, docs/*.md, each action's README. */
export function exampleMarkdownFiles(): string[] {
  return [
    'README.md',
    ...readdirSync(join(ROOT, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .sort()
      .map((name) => `docs/${name}`),
    ...readdirSync(join(ROOT, 'actions'))
      .sort()
      .map((name) => `actions/${name}/README.md`),
  ];
}

/** Every file under examples/, relative to the repository root. */
export function exampleFiles(directory = 'examples'): string[] {
  return readdirSync(join(ROOT, directory))
    .sort()
    .flatMap((name) => {
      const path = `${directory}/${name}`;
      return statSync(join(ROOT, path)).isDirectory() ? exampleFiles(path) : [path];
    });
}

/** The fenced blocks of `file` in document order, each with the marker on the line above it. */
export function fencedBlocks(file: string): FencedBlock[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: FencedBlock[] = [];
  for (let index = 0; index < lines.length; index++) {
    const open = /^```([\w-]*)\s*$/.exec(lines[index]);
    if (!open) continue;
    const end = lines.findIndex((line, at) => at > index && /^```\s*$/.test(line));
    if (end < 0) throw new Error(`${file}:${index + 1}: fence never closed`);
    const marked = MARKER.exec(lines[index - 1] ?? '');
    blocks.push({
      file,
      line: index + 1,
      language: open[1],
      text: lines.slice(index + 1, end).join('\n') + '\n',
      marker: !marked
        ? undefined
        : marked[1]
          ? { kind: 'example', id: marked[1] }
          : { kind: 'not-run', reason: marked[2] },
    });
    index = end;
  }
  return blocks;
}

/** The text of the example `<file>#<id>` (e.g. `docs/configuration.md#base`); throws when it is not there. */
export function docExample(reference: string): string {
  const [file, id] = reference.split('#');
  const block = fencedBlocks(file).find(
    (entry) => entry.marker?.kind === 'example' && entry.marker.id === id,
  );
  if (!block) throw new Error(`no example '${id}' in ${file} (a <!-- example: ${id} --> line above a fence)`);
  return block.text;
}

/** The content of an example file (`examples/ecs-kit.yml`). */
export function exampleFile(path: string): string {
  return readFileSync(join(ROOT, path), 'utf8');
}

/** The example references (`file#id`) and example files a test source claims, by its literal calls. */
export function claimsOf(source: string): string[] {
  return [...source.matchAll(/\b(?:docExample|exampleFile)\(\s*'([^']+)'\s*\)/g)].map((match) => match[1]);
}
