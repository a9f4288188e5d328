/**
 * The preview workflows' safety rules: forks get no AWS credentials (the credentialed job only runs for
 * pull requests from this repository, a job without permissions explains the skip), nothing uses
 * pull_request_target, and the permission check rejects preview scopes where no preview runs.
 */
import { ROOT } from '../helpers/action.js';
import { checkPermissions } from './checks/permissions.js';
import { jobsOf, parseWorkflow, readWorkflow, yamlFiles, type Job } from './checks/model.js';

const workflow = readWorkflow(ROOT, '.github/workflows/preview.yml');
const jobs = Object.fromEntries(jobsOf(workflow)) as Record<string, Job & { if?: string }>;
const SAME_REPOSITORY = 'github.event.pull_request.head.repo.full_name == github.repository';

test('the credentialed job runs only for pull requests from this repository (or a sweep)', () => {
  expect(jobs.preview.if).toBe(`inputs.mode == 'sweep' || ${SAME_REPOSITORY}`);
  expect(JSON.stringify(jobs.preview.steps)).toContain('configure-aws-credentials');
});

test('forks get a job without permissions or credentials that says why', () => {
  expect(jobs.fork.if).toBe(
    "inputs.mode != 'sweep' && github.event.pull_request.head.repo.full_name != github.repository",
  );
  expect(jobs.fork.permissions).toEqual({});
  expect(JSON.stringify(jobs.fork.steps)).not.toContain('configure-aws-credentials');
  expect(JSON.stringify(jobs.fork.steps)).toContain('Pull requests from forks get no AWS credentials');
});

test('no workflow the kit ships or shows is triggered by pull_request_target', () => {
  const files = [...yamlFiles(ROOT, '.github/workflows'), ...yamlFiles(ROOT, 'examples/workflows')];
  const triggered = files.filter((path) => {
    const on = readWorkflow(ROOT, path).workflow.on;
    const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
    return events.includes('pull_request_target');
  });
  expect(triggered).toEqual([]);
});

test('the example caller listens to the four pull_request activity types', () => {
  const example = readWorkflow(ROOT, 'examples/workflows/preview.yml');
  expect(example.workflow.on).toEqual({
    pull_request: { types: ['opened', 'synchronize', 'reopened', 'closed'] },
  });
});

test('pull-requests and deployments write are only accepted where the preview action runs', () => {
  const text = (uses: string) =>
    [
      'on: push',
      'permissions:',
      '  contents: read',
      '  pull-requests: write',
      '  deployments: write',
      'jobs:',
      '  one:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      `      - uses: ${uses}`,
    ].join('\n');
  const none = () => undefined;
  expect(checkPermissions(parseWorkflow(text('$/actions/preview')), none)).toEqual([]);
  expect(checkPermissions(parseWorkflow(text('$/actions/ecs-deploy')), none).map((f) => f.message)).toEqual([
    'pull-requests: write which the job does not need',
    'deployments: write which the job does not need',
  ]);
});
