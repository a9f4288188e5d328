/**
 * Renders a job summary the way GitHub shows it: GitHub-flavoured markdown (raw HTML such as `<details>`
 * allowed, as in a job summary), every ```mermaid block drawn by the real mermaid library in headless
 * Chromium, in a column as wide as GitHub's summary column and with GitHub's rules for tables and code.
 * What it reports is what a reader would miss: mermaid errors and content cut off by the column.
 *
 * One browser per test file: `const renderer = await startRenderer()` in beforeAll, `renderer.close()` in
 * afterAll.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Marked } from 'marked';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(import.meta.dirname, '..', '..');
const MERMAID = join(ROOT, 'node_modules', 'mermaid', 'dist', 'mermaid.min.js');

/**
 * The width of the summary's markdown column on github.com: the job summary card in a 1280 px layout
 * leaves 1012 px for the rendered markdown (the same as a README's article width).
 */
export const COLUMN_WIDTH = 1012;

// The parts of GitHub's markdown stylesheet (primer/css markdown-body) that decide width and wrapping.
const CSS = `
body { margin: 0; background: #fff; }
.markdown-body { box-sizing: content-box; width: ${COLUMN_WIDTH}px; padding: 16px; color: #1f2328;
  font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif;
  font-size: 16px; line-height: 1.5; word-wrap: break-word; }
.markdown-body h2 { font-size: 1.5em; border-bottom: 1px solid #d1d9e0b3; padding-bottom: .3em; margin: 24px 0 16px; }
.markdown-body h3 { font-size: 1.25em; margin: 24px 0 16px; }
.markdown-body h4 { font-size: 1em; margin: 24px 0 16px; }
.markdown-body p, .markdown-body ul, .markdown-body table, .markdown-body pre, .markdown-body blockquote,
.markdown-body details { margin: 0 0 16px; }
.markdown-body blockquote { padding: 0 1em; color: #59636e; border-left: .25em solid #d1d9e0; }
.markdown-body table { display: block; width: max-content; max-width: 100%; overflow: auto;
  border-spacing: 0; border-collapse: collapse; font-variant: tabular-nums; }
.markdown-body table th { font-weight: 600; }
.markdown-body table th, .markdown-body table td { padding: 6px 13px; border: 1px solid #d1d9e0; }
.markdown-body table tr:nth-child(2n) { background-color: #f6f8fa; }
.markdown-body code { padding: .2em .4em; margin: 0; font-size: 85%; white-space: break-spaces;
  background-color: #818b981f; border-radius: 6px;
  font-family: ui-monospace, SFMono-Regular, "SF Mono", Menlo, Consolas, "Liberation Mono", monospace; }
.markdown-body pre { padding: 16px; overflow: auto; font-size: 85%; line-height: 1.45; background: #f6f8fa; border-radius: 6px; }
.markdown-body pre code { padding: 0; font-size: 100%; white-space: pre; background: transparent; }
.markdown-body img { max-width: 100%; }
.markdown-body .mermaid-frame { width: 100%; overflow: auto; margin: 0 0 16px; }
`;

// Runs in the page (plain JavaScript: the project's types have no DOM): puts the HTML in the column,
// renders each mermaid block, then lists every element whose content is wider than its room.
const IN_PAGE = `
mermaid.initialize({ startOnLoad: false, theme: 'default', securityLevel: 'strict' });
window.renderSummary = async (html, prefix) => {
  const root = document.getElementById('summary');
  root.innerHTML = html;
  const mermaidErrors = [];
  const blocks = [...root.querySelectorAll('pre.mermaid-source')];
  for (const [index, block] of blocks.entries()) {
    const source = block.textContent || '';
    try {
      await mermaid.parse(source);
      const { svg } = await mermaid.render(prefix + '-' + index, source);
      if (/Syntax error in text/.test(svg)) throw new Error('syntax error');
      block.outerHTML = svg;
    } catch (error) {
      mermaidErrors.push(String(error && error.message || error).split('\\n')[0] + ' in:\\n' + source);
    }
  }
  for (const stray of document.querySelectorAll('body > div[id^="d' + prefix + '"]')) stray.remove();
  const clipped = [];
  const reported = new Set();
  const limit = root.getBoundingClientRect().right - 16 + 1;
  for (const element of root.querySelectorAll('*')) {
    if (element.closest('svg') && element.tagName.toLowerCase() !== 'svg') continue;
    const style = getComputedStyle(element);
    const scrolls = style.overflowX !== 'visible' && element.scrollWidth > element.clientWidth + 1;
    const beyond = element.getBoundingClientRect().right > limit;
    // The outermost element that overflows is the one to name; its descendants overflow with it.
    if ((scrolls || beyond) && ![...reported].some((outer) => outer.contains(element))) {
      reported.add(element);
      const text = (element.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 120);
      clipped.push('<' + element.tagName.toLowerCase() + '> ' +
        (scrolls ? 'scrolls ' + element.scrollWidth + '/' + element.clientWidth + ' px' : 'extends beyond the column') +
        ': ' + text);
    }
  }
  return { mermaidErrors, clipped, diagrams: blocks.length - mermaidErrors.length };
};
`;

/** What a reader of the summary would miss. */
export interface RenderResult {
  /** Mermaid parse or render errors, one per failing block. */
  mermaidErrors: string[];
  /** Elements whose content is wider than the room they have (cut off or behind a scroll bar). */
  clipped: string[];
  /** Rendered mermaid blocks. */
  diagrams: number;
  /** The screenshot, when asked for. */
  png?: Buffer;
}

/** A running renderer. */
export interface SummaryRenderer {
  render(markdown: string, options?: { screenshot?: boolean }): Promise<RenderResult>;
  close(): Promise<void>;
}

const marked = new Marked({ gfm: true });

/** The HTML GitHub would make of the markdown; mermaid blocks become `<pre class="mermaid-source">`. */
export function summaryHtml(markdown: string): string {
  const html = marked.parse(markdown, { async: false });
  return html.replace(
    /<pre><code class="language-mermaid">([\s\S]*?)<\/code><\/pre>/g,
    (_, source: string) => `<div class="mermaid-frame"><pre class="mermaid-source">${source}</pre></div>`,
  );
}

/** Starts one headless Chromium (Debian's) for the renders of a test file. */
export async function startRenderer(): Promise<SummaryRenderer> {
  const profile = mkdtempSync(join(tmpdir(), 'ecs-kit-chromium-'));
  const browser: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: COLUMN_WIDTH + 32, height: 800 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page: Page = browser.pages()[0] ?? (await browser.newPage());
  await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>${CSS}</style></head>
    <body><article class="markdown-body" id="summary"></article></body></html>`);
  await page.addScriptTag({ path: MERMAID });
  await page.addScriptTag({ content: IN_PAGE });
  let counter = 0;
  return {
    async render(markdown, options = {}) {
      const html = summaryHtml(markdown);
      const result = (await page.evaluate(
        ([html, prefix]) =>
          (
            globalThis as unknown as { renderSummary: (html: string, prefix: string) => unknown }
          ).renderSummary(html, prefix),
        [html, `m${++counter}`] as const,
      )) as Omit<RenderResult, 'png'>;
      const png = options.screenshot
        ? await page.locator('#summary').screenshot({ animations: 'disabled' })
        : undefined;
      return { ...result, png };
    },
    async close() {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
