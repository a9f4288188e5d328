/**
 * preview's GitHub side against a fake GitHub API on 127.0.0.1 (GITHUB_API_URL): one sticky comment,
 * created once and then edited in place; a deployment per push in environment pr-<n> with statuses
 * in_progress → success (environment_url = the preview URL); inactive on teardown; the sweep asks for the
 * pull request's state.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeGitHub, type FakeGitHub } from '../helpers/fake-github.js';
import { startHarness, stopHarness, type Harness } from './wait-healthy-kit.js';
import {
  PREVIEW_TIME_SCALE,
  describeService,
  expectSuccess,
  prImage,
  preview,
  previewWorld,
} from './preview-kit.js';

let harness: Harness | undefined;
let github: FakeGitHub | undefined;
let scratch: string;

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'preview-github-'));
});

afterEach(async () => {
  await stopHarness(harness);
  await github?.stop();
  harness = undefined;
  github = undefined;
  rmSync(scratch, { recursive: true, force: true });
});

const sha = (digit: string) => digit.repeat(40);

/** The environment of a pull_request event for PR `number` at head commit `head`. */
function pullRequestEvent(number: number, head: string): Record<string, string> {
  const path = join(scratch, `event-${number}-${head.slice(0, 4)}.json`);
  writeFileSync(
    path,
    JSON.stringify({ action: 'synchronize', number, pull_request: { number, head: { sha: head } } }),
  );
  return { GITHUB_EVENT_PATH: path, GITHUB_EVENT_NAME: 'pull_request', GITHUB_API_URL: github!.url };
}

const calls = (method: string, pattern: RegExp) =>
  github!.requests.filter((request) => request.method === method && pattern.test(request.path));

describe('deploy and teardown', () => {
  test('one sticky comment updated in place, a deployment per push, inactive on teardown', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    github = await startFakeGitHub();
    const first = await preview(
      harness,
      { image: prImage(12, 'aaa'), 'github-token': 'test-token' },
      pullRequestEvent(12, sha('a')),
    );
    expectSuccess(first);
    expect(github.comments).toHaveLength(1);
    const [comment] = github.comments;
    expect(comment.issue).toBe(12);
    expect(comment.body).toContain('<!-- ecs-kit:preview web -->');
    expect(comment.body).toContain('✅ ready');
    expect(comment.body).toContain(first.outputs.url);
    expect(comment.body).toContain(sha('a').slice(0, 12));
    expect(github.deployments).toHaveLength(1);
    expect(github.deployments[0]).toMatchObject({ ref: sha('a'), environment: 'pr-12' });
    expect(github.deployments[0].payload).toMatchObject({
      transient_environment: true,
      production_environment: false,
    });
    expect(github.deployments[0].statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);
    expect(github.deployments[0].statuses[1]).toMatchObject({
      environment_url: first.outputs.url,
      log_url: 'https://github.com/acme/shop/actions/runs/4242',
    });
    expect(github.requests.every((request) => request.authorization === 'token test-token')).toBe(true);

    // Pushed again without waiting for health: the comment must not claim the preview is ready.
    const second = await preview(
      harness,
      { image: prImage(12, 'bbb'), 'github-token': 'test-token', 'wait-healthy': false },
      pullRequestEvent(12, sha('b')),
    );
    expectSuccess(second);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].id).toBe(comment.id);
    expect(github.comments[0].body).toContain('deployed (health not checked)');
    expect(github.comments[0].body).not.toContain('ready');
    expect(github.comments[0].body).toContain(sha('b').slice(0, 12));
    expect(github.comments[0].body).not.toContain(sha('a').slice(0, 12));
    expect(calls('POST', /\/issues\/12\/comments$/)).toHaveLength(1);
    expect(calls('PATCH', /\/issues\/comments\/\d+$/).length).toBeGreaterThanOrEqual(2);
    expect(github.deployments.map((deployment) => deployment.ref)).toEqual([sha('a'), sha('b')]);
    expect(github.deployments[1].statuses.map((status) => status.state)).toEqual(['in_progress', 'success']);

    const teardown = await preview(
      harness,
      { mode: 'teardown', 'github-token': 'test-token' },
      pullRequestEvent(12, sha('b')),
    );
    expectSuccess(teardown);
    for (const deployment of github.deployments)
      expect(deployment.statuses.at(-1)).toMatchObject({ state: 'inactive' });
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('🧹 removed');
    expect(github.comments[0].body).not.toContain(first.outputs.url);
  });

  test('a failed deploy (cap reached) reports failure on the deployment and in the comment', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    github = await startFakeGitHub();
    expectSuccess(
      await preview(harness, {
        'pull-request': 1,
        image: prImage(1, 'a'),
        'max-previews': 1,
        'wait-healthy': false,
      }),
    );
    const result = await preview(
      harness,
      { image: prImage(2, 'a'), 'max-previews': 1, 'github-token': 'test-token' },
      pullRequestEvent(2, sha('c')),
    );
    expect(result.code).toBe(1);
    expect(github.deployments[0].statuses.map((status) => status.state)).toEqual(['in_progress', 'failure']);
    expect(github.comments).toHaveLength(1);
    expect(github.comments[0].body).toContain('❌ deployment failed');
    expect(github.comments[0].body).toContain('preview cap reached');
  });

  test('an unhealthy preview fails the step after reporting failure with the URL', async () => {
    const world = previewWorld();
    world.behaviours = { [prImage(6, 'broken')]: { kind: 'never-healthy' } };
    harness = await startHarness(world, PREVIEW_TIME_SCALE);
    github = await startFakeGitHub();
    const result = await preview(
      harness,
      { image: prImage(6, 'broken'), 'github-token': 'test-token', 'health-timeout': '5m' },
      pullRequestEvent(6, sha('e')),
    );
    expect(result.code).toBe(1);
    expect(['unhealthy', 'timeout']).toContain(result.outputs.status);
    expect(result.outputs.url).toMatch(/\/pr-6\/$/);
    expect(result.stdout).toContain(`preview failed: preview pr-6 is ${result.outputs.status}`);
    expect(github.deployments[0].statuses.map((status) => status.state)).toEqual(['in_progress', 'failure']);
    expect(github.deployments[0].statuses[1]).toMatchObject({ environment_url: result.outputs.url });
    expect(github.comments[0].body).toContain('⚠️ deployed, not healthy');
  });

  test('GitHub errors are warnings: the preview still deploys', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    github = await startFakeGitHub();
    const result = await preview(
      harness,
      { image: prImage(4, 'a'), 'github-token': 'test-token', 'wait-healthy': false },
      {
        ...pullRequestEvent(4, sha('d')),
        GITHUB_REPOSITORY: 'acme/unknown',
        GITHUB_API_URL: `${github.url}/nowhere`,
      },
    );
    expectSuccess(result);
    expect(result.annotations.filter((annotation) => annotation.level === 'warning').length).toBeGreaterThan(
      0,
    );
    expect((await describeService(harness, 'web-pr-4'))?.status).toBe('ACTIVE');
  });
});

describe('sweep', () => {
  test('removes previews whose pull request is closed, keeps open ones', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    github = await startFakeGitHub();
    for (const pullRequest of [12, 13])
      expectSuccess(
        await preview(harness, {
          'pull-request': pullRequest,
          image: prImage(pullRequest, 'a'),
          'wait-healthy': false,
        }),
      );
    github.pulls.set(12, 'closed');
    github.pulls.set(13, 'open');
    const result = await preview(
      harness,
      { mode: 'sweep', 'github-token': 'test-token' },
      { GITHUB_API_URL: github.url, GITHUB_EVENT_NAME: 'schedule' },
    );
    expectSuccess(result);
    expect(result.outputs.removed).toBe('[12]');
    expect((await describeService(harness, 'web-pr-12'))?.status).not.toBe('ACTIVE');
    expect((await describeService(harness, 'web-pr-13'))?.status).toBe('ACTIVE');
    expect(calls('GET', /\/pulls\/12$/)).toHaveLength(1);
    expect(calls('GET', /\/pulls\/13$/)).toHaveLength(1);
    expect(result.summary).toContain('pull request closed');
  });
});
