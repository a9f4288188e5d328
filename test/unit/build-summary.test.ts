/** The job summary of a build, a skip and a promotion. */
import { buildSummaryMarkdown } from '../../src/build/summary.js';

const digest = `sha256:${'d'.repeat(64)}`;
const image = `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop@${digest}`;

test('a build shows image, digest, tags, size, build time and fingerprint', () => {
  const markdown = buildSummaryMarkdown({
    image,
    digest,
    tags: ['abc123', 'main'],
    sizeBytes: 52_428_800,
    buildSeconds: 83.27,
    fingerprint: 'f'.repeat(64),
    skipped: false,
  });
  expect(markdown).toMatch(/^## ✅ build-push: built and pushed\n/);
  // Shortened for GitHub's column, the full reference in the title.
  expect(markdown).toContain(`- **Image**: <code title="${image}">shop@sha256:dddddddd…</code>`);
  expect(markdown).toContain(`- **Digest**: \`${digest}\``);
  expect(markdown).toContain('- **Tags**: `abc123`, `main`');
  expect(markdown).toContain('- **Size**: 50.0 MiB');
  expect(markdown).toContain('- **Build**: 1 min 23 s');
  expect(markdown).toContain(`- **Fingerprint**: \`${'f'.repeat(64)}\``);
  expect(markdown).not.toContain('| |');
});

test('a skip names the fingerprint instead of a build time', () => {
  const markdown = buildSummaryMarkdown({ image, digest, tags: ['x'], skipped: true, fingerprint: 'abc' });
  expect(markdown).toMatch(/^## ⏸️ build-push: already built, skipped/);
  expect(markdown).toContain('- **Build**: skipped (fingerprint abc)');
  expect(markdown).toContain('- **Size**: unknown');
  expect(markdown).not.toContain('**Fingerprint**');
});

test('a promotion names its source', () => {
  const markdown = buildSummaryMarkdown({
    image,
    digest,
    tags: ['production'],
    skipped: true,
    sizeBytes: 900,
    promotedFrom: `shop@${digest}`,
  });
  expect(markdown).toMatch(/^## ✅ build-push: promoted/);
  expect(markdown).toContain(
    `- **Build**: promoted from <code title="shop@${digest}">shop@sha256:dddddddd…</code> (no build)`,
  );
  expect(markdown).toContain('- **Size**: 900 B');
});
