/**
 * Every summary the actions write, rendered as GitHub renders it (GFM, mermaid 11 in headless Chromium,
 * GitHub's column width): no mermaid block fails, nothing is wider than the column, and every action that
 * fails early still writes a summary. One picture per summary goes to .tmp/summaries/ for people to look at.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { ROOT, runAction } from '../helpers/action.js';
import { startRenderer, type SummaryRenderer } from '../helpers/render-summary.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';
import {
  image,
  runDeploy,
  startDeployHarness,
  stopDeployHarness,
  type DeployHarness,
} from '../integration/ecs-deploy-kit.js';
import { runWaitHealthy } from '../integration/wait-healthy-kit.js';
import { summaryCases, type SummaryCase } from './fixtures.js';

const PICTURES = join(ROOT, '.tmp', 'summaries');
const MIB = 1024 * 1024;

let renderer: SummaryRenderer;
beforeAll(async () => {
  renderer = await startRenderer();
  mkdirSync(PICTURES, { recursive: true });
}, 30_000);
afterAll(async () => {
  await renderer?.close();
});

async function expectRendersCleanly(entry: SummaryCase): Promise<void> {
  const result = await renderer.render(entry.markdown, { screenshot: true });
  writeFileSync(join(PICTURES, `${entry.name}.png`), result.png!);
  expect({ name: entry.name, mermaidErrors: result.mermaidErrors, clipped: result.clipped }).toEqual({
    name: entry.name,
    mermaidErrors: [],
    clipped: [],
  });
}

test('the renderer reports what a reader would miss: a broken chart, a wide table, a long code line', async () => {
  const arn = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/0f1e2d3c4b5a6978';
  const result = await renderer.render(
    [
      '```mermaid\nxychart-beta\n  x-axis [a, b\n```',
      `| a | b |\n| --- | --- |\n| ${arn} ${arn} | ${'x'.repeat(120)} |`,
      `\`\`\`\n(service web) registered 1 targets in (target-group ${arn}) and then some more words\n\`\`\``,
    ].join('\n\n'),
  );
  expect(result.mermaidErrors).toHaveLength(1);
  expect(result.clipped).toEqual([
    expect.stringMatching(/^<table> scrolls/),
    expect.stringMatching(/^<pre> scrolls/),
  ]);
});

describe('summaries from every engine and outcome', () => {
  const cases = summaryCases();
  test.each(cases.map((entry) => [entry.name, entry] as const))('%s renders cleanly', async (_, entry) => {
    await expectRendersCleanly(entry);
  });

  test('every summary but the PR comment states its outcome with the icon convention', () => {
    for (const entry of cases.filter((candidate) => !candidate.name.startsWith('preview-comment')))
      expect(entry.markdown).toMatch(/^## (✅|❌|↩️|📝|⏸️) /);
  });

  test('ten containers and fifty services stay far below GitHub 1 MiB summary limit', () => {
    const large = cases.find((entry) => entry.name === 'ecs-deploy-large')!;
    expect(Buffer.byteLength(large.markdown)).toBeLessThan(MIB / 8);
  });
});

describe('actions that fail early still write a summary', () => {
  const sim = useSimulator();
  const early: [string, Record<string, string>][] = [
    ['build-push', { repository: 'shop', 'aws-region': 'us-east-1', context: 'no-such-dir' }],
    [
      'cleanup-ecr',
      { repositories: 'shop', 'aws-region': 'us-east-1', 'keep-newest': '1', clusters: 'missing' },
    ],
    ['wait-healthy', { cluster: 'missing', service: 'web', 'aws-region': 'us-east-1', timeout: '5s' }],
    [
      'ecs-deploy',
      { cluster: 'missing', service: 'web', 'aws-region': 'us-east-1', 'task-definition': 'x.json' },
    ],
    ['preview', { cluster: 'missing', 'template-service': 'web', 'aws-region': 'us-east-1' }],
  ];
  test.each(early)('%s', async (action, inputs) => {
    const result = await runAction(action, { inputs, endpoint: sim().sim.endpoint, timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.summary).toMatch(new RegExp(`^## ❌ ${action}: failed`));
    await expectRendersCleanly({ name: `${action}-failed-early`, markdown: result.summary });
  });

  test('bad input', async () => {
    const result = await runAction('wait-healthy', { inputs: {} });
    expect(result.summary).toMatch(/^## ❌ wait-healthy: failed/);
    await expectRendersCleanly({ name: 'wait-healthy-bad-input', markdown: result.summary });
  });
});

describe('real runs of the bundles against the simulator', () => {
  let harness: DeployHarness | undefined;
  beforeAll(async () => {
    harness = await startDeployHarness({
      ...rollingWorld({
        healthCheckIntervalSeconds: 10,
        deregistrationDelaySeconds: 30,
        circuitBreaker: true,
      }),
      behaviours: { [image('broken')]: { kind: 'crash-loop', crashAfterMs: 3000, exitCode: 137 } },
    });
  });
  afterAll(async () => {
    await stopDeployHarness(harness);
  });

  test('a deploy, the health gate after it, and a deploy rolled back by the circuit breaker', async () => {
    const deployed = await runDeploy(harness!, { 'container-name': 'web', image: image('v2') });
    expect(deployed.code).toBe(0);
    expect(deployed.summary).toMatch(/^## ✅ ecs-deploy: deployed/);
    await expectRendersCleanly({ name: 'ecs-deploy-deployed-real', markdown: deployed.summary });

    const healthy = await runWaitHealthy(harness!, { service: 'web' });
    expect(healthy.code).toBe(0);
    await expectRendersCleanly({ name: 'wait-healthy-healthy-real', markdown: healthy.summary });

    const failed = await runDeploy(harness!, { 'container-name': 'web', image: image('broken') });
    expect(failed.code).toBe(1);
    expect(failed.summary).toMatch(/^## ↩️ ecs-deploy: rolled-back/);
    await expectRendersCleanly({ name: 'ecs-deploy-rolled-back-real', markdown: failed.summary });
  }, 90_000);
});
