/**
 * docs/cleanup-rules.md's translations of real ECR lifecycle policies, run: each block's inputs given to
 * the bundled cleanup-ecr against a repository holding images the policy treats differently, and the images
 * left are those the document says the translation keeps (the policy's own, plus the superset it names).
 */
import { parse } from 'yaml';
import type { ImageSeed } from '../../sim/ecr/model.js';
import { runAction } from '../helpers/action.js';
import { docExample } from '../helpers/doc-examples.js';
import { useSimulatorPerTest } from '../helpers/simulator.js';

const DAY = 86_400_000;
const simulators = useSimulatorPerTest();

/** An image pushed `days` ago with `tags` (none: untagged, shown as `-<days>d`). */
const image = (days: number, ...tags: string[]): ImageSeed => ({
  tags,
  pushedAt: Date.now() - days * DAY,
  sizeBytes: 1_000_000,
});
/** `count` images `<prefix>1` (newest) ... `<prefix><count>`, a day apart from `from` days ago. */
const series = (prefix: string, count: number, from = 1): ImageSeed[] =>
  Array.from({ length: count }, (_, index) => image(from + index, `${prefix}${index + 1}`));
const names = (prefix: string, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, index) => `${prefix}${from + index}`);

interface Case {
  inputs: string;
  images: ImageSeed[];
  /** What stays: tags, untagged images as `-<days>d`. */
  kept: string[];
}

const cases: Record<string, Case> = {
  'CMSgov: the newest 500': {
    inputs: docExample('docs/cleanup-rules.md#cmsgov'),
    images: series('b', 502),
    kept: names('b', 1, 500),
  },
  'megha1002240: the newest 3': {
    inputs: docExample('docs/cleanup-rules.md#megha1002240'),
    images: series('b', 5),
    kept: names('b', 1, 3),
  },
  'LBHackney-IT: every tagged image, the newest 5 untagged': {
    inputs: docExample('docs/cleanup-rules.md#lbhackney-it'),
    images: [...series('v', 3, 100), ...[1, 2, 3, 4, 5, 6, 7].map((days) => image(days))],
    kept: ['v1', 'v2', 'v3', '-1d', '-2d', '-3d', '-4d', '-5d'],
  },
  'trussworks: the newest tagged image, and (superset) everything younger than 14 days': {
    inputs: docExample('docs/cleanup-rules.md#trussworks'),
    images: [image(1, 't1'), image(20, 't2'), image(30, 't3'), image(5), image(20.5)],
    kept: ['t1', '-5d'],
  },
  'blacklane: develop* newest 10, pr-* and untagged expire, other tags stay': {
    inputs: docExample('docs/cleanup-rules.md#blacklane'),
    images: [...series('develop-', 12, 11), image(20, 'pr-5'), image(3, 'pr-6'), image(100, 'v2'), image(30)],
    kept: [...names('develop-', 1, 10), 'pr-6', 'v2'],
  },
  'danilo-drs: the newest image and the newest latest*': {
    inputs: docExample('docs/cleanup-rules.md#danilo-drs'),
    images: [
      image(0.5, 'y'),
      image(2, 'x1'),
      image(4, 'x2'),
      image(3, 'latest-1'),
      image(5, 'latest-2'),
      image(2.5),
    ],
    kept: ['y', 'latest-1'],
  },
  'glyhood: production* 8, development* 6, others 10, untagged 10': {
    inputs: docExample('docs/cleanup-rules.md#glyhood'),
    images: [
      ...series('production-', 9),
      ...series('development-', 7, 20),
      ...series('other-', 11, 40),
      ...Array.from({ length: 11 }, (_, index) => image(60 + index)),
    ],
    kept: [
      ...names('production-', 1, 8),
      ...names('development-', 1, 6),
      ...names('other-', 1, 10),
      ...Array.from({ length: 10 }, (_, index) => `-${60 + index}d`),
    ],
  },
  'QuiNovas: 9* newest 20, other tags stay, the newest untagged': {
    inputs: docExample('docs/cleanup-rules.md#quinovas'),
    images: [...series('9-', 21), image(200, 'a-1'), image(2.5), image(30)],
    kept: [...names('9-', 1, 20), 'a-1', '-2.5d'],
  },
};

test.each(Object.entries(cases))(
  '%s',
  async (_name, { inputs, images, kept }) => {
    const { sim } = await simulators.start({ world: { repositories: [{ name: 'app', images }] } });
    const given = Object.fromEntries(
      Object.entries(parse(inputs) as Record<string, unknown>).map(([name, value]) => [name, String(value)]),
    );
    const result = await runAction('cleanup-ecr', {
      endpoint: sim.endpoint,
      inputs: { repositories: 'app', ...given },
    });
    if (result.code !== 0) throw new Error(result.stdout.slice(-3000));
    const now = Date.now();
    const left = sim.world.ecr
      .listImages('app')
      .map((entry) => entry.tags.join('+') || `-${Math.round(((now - entry.pushedAt) / DAY) * 2) / 2}d`);
    expect(left.sort()).toEqual([...kept].sort());
  },
  60_000,
);
