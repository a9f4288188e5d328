/**
 * ecs-deploy's summary of a release of several services: each service's revision from → to, who failed and
 * who was only stopped, revisions with one diff sharing a table, and a long failure as a list.
 */
import { expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { DeployReport, RevisionReport, ServiceReport } from '../../src/deploy/report.js';
import { deploySummary, rolloutTimeline } from '../../src/deploy/summary.js';
import { failureQuote, messageParts } from '../../src/github/markdown.js';
import type { TaskDefinitionDiff } from '../../src/taskdef/diff.js';

const T0 = 1_780_000_000_000;
const arn = (revision: string) => `arn:aws:ecs:eu-west-1:123456789012:task-definition/${revision}`;

function diff(image: string): TaskDefinitionDiff {
  return {
    changed: true,
    addedContainers: [],
    removedContainers: [],
    fields: [],
    containers: [{ name: 'app', image: { before: 'shop:v1', after: image }, fields: [] }],
  };
}

function member(
  service: string,
  from: string,
  to: string,
  overrides: Partial<ServiceReport> = {},
): ServiceReport {
  return {
    service,
    previousTaskDefinitionArn: arn(from),
    targetTaskDefinitionArn: arn(to),
    action: 'updated',
    forceNewDeployment: false,
    deploymentId: `ecs-svc/${service.length}`,
    wait: { service, status: 'completed', reason: 'completed', taskDefinitionArn: arn(to), events: [] },
    stoppedReasons: [],
    ...overrides,
  };
}

function release(
  revisions: RevisionReport[],
  services: ServiceReport[],
  overrides: Partial<DeployReport> = {},
) {
  return deploySummary({
    mode: 'deploy',
    outcome: 'deployed',
    cluster: 'prod',
    waitMode: 'healthy',
    taskDefinitionArn: revisions[0].taskDefinitionArn,
    family: 'web, worker',
    registered: true,
    diff: revisions[0].diff,
    services,
    timeline: [],
    startedAt: T0,
    finishedAt: T0 + 60_000,
    revisions,
    ...overrides,
  });
}

const revision = (
  name: string,
  services: string[],
  image = 'shop:v2',
  registered = true,
): RevisionReport => ({
  family: name.split(':')[0],
  taskDefinitionArn: arn(name),
  registered,
  diff: diff(image),
  services,
});

test('several revisions: counted on the first line, listed with their services, and each row says from → to', () => {
  const markdown = release(
    [
      revision('web:5', ['web']),
      revision('web:6', ['web-writer'], 'shop:v3', false),
      revision('worker:3', ['worker']),
    ],
    [
      member('web', 'web:4', 'web:5'),
      member('web-writer', 'web:4', 'web:6'),
      member('worker', 'worker:2', 'worker:3'),
    ],
  );
  expect(markdown).toContain('· 3 task definitions of `web`, `worker`, 2 registered by this run ·');
  expect(markdown).toContain('- `web:6` for `web-writer`\n');
  expect(markdown).toContain('- `web:5` for `web` (registered by this run)\n');
  expect(markdown).toMatch(
    /\| \[?`web-writer`\]?[^|]*<sub>ecs-svc\/10<\/sub> \| completed \| [^|]* \| `web:4` → `web:6` \|/,
  );
});

test('revisions with the same change share one table headed by all of them; more tables than four fold', () => {
  const same = release(
    [
      revision('web:5', ['web']),
      revision('web:6', ['web-writer']),
      revision('worker:3', ['worker'], 'shop:v9'),
    ],
    [
      member('web', 'web:4', 'web:5'),
      member('web-writer', 'web:4', 'web:6'),
      member('worker', 'worker:2', 'worker:3'),
    ],
  );
  expect(same).toContain('#### `web:5`, `web:6` for `web`, `web-writer`\n');
  expect(same).toContain('#### `worker:3` for `worker`\n');
  expect(same.match(/\| Change \| Before \| After \|/g)).toHaveLength(2);
  expect(same).not.toContain('<details>');

  const names = ['a', 'b', 'c', 'd', 'e'];
  const folded = release(
    names.map((name, index) => revision(`${name}:2`, [name], `shop:v${index}`)),
    names.map((name) => member(name, `${name}:1`, `${name}:2`)),
  );
  expect(
    folded.match(/<details><summary><code>[a-e]:2<\/code> for <code>[a-e]<\/code><\/summary>/g),
  ).toHaveLength(5);
});

test('after one service failed the others read stopped, rolled back; their bars run to their rollback', () => {
  const back = (service: string) => ({
    service,
    status: 'completed' as const,
    reason: 'rolled back',
    taskDefinitionArn: arn('web:4'),
    events: [],
  });
  const stoppedWait = {
    service: 'web-writer',
    status: 'stopped' as const,
    reason: 'not waited for further: web failed first',
    taskDefinitionArn: arn('web:6'),
    events: [],
  };
  const report: Partial<DeployReport> = {
    outcome: 'rolled-back',
    timeline: [
      { time: T0 + 1000, service: 'web', message: 'deployment of web:5 started' },
      { time: T0 + 1000, service: 'web-writer', message: 'deployment of web:6 started' },
      { time: T0 + 4000, service: 'web-writer', message: '1/3 tasks running' },
      { time: T0 + 30_000, service: 'web', message: 'failed: unhealthy' },
      { time: T0 + 31_000, service: 'web', message: 'rollback to web:4 started' },
      { time: T0 + 31_000, service: 'web-writer', message: 'rollback to web:4 started' },
      { time: T0 + 50_000, service: 'web', message: 'completed: done' },
      { time: T0 + 45_000, service: 'web-writer', message: 'completed: done' },
    ],
  };
  const services = [
    member('web', 'web:4', 'web:5', {
      wait: { ...stoppedWait, service: 'web', status: 'failed', reason: 'unhealthy' },
      rollback: back('web'),
    }),
    member('web-writer', 'web:4', 'web:6', { wait: stoppedWait, rollback: back('web-writer') }),
  ];
  const revisions = [revision('web:5', ['web']), revision('web:6', ['web-writer'])];
  const markdown = release(revisions, services, report);
  expect(markdown).toMatch(/\| failed, rolled back \|/);
  expect(markdown).toMatch(/\| stopped, rolled back \|/);
  const chart = rolloutTimeline(baseOf(revisions, services, report))!;
  // The failed one ends at its failure; the stopped one was live until its rollback, not at its last event.
  expect(chart).toContain('rollout :crit, 1000, 30000');
  expect(chart).toContain('rollout :1000, 31000');
});

function baseOf(
  revisions: RevisionReport[],
  services: ServiceReport[],
  overrides: Partial<DeployReport>,
): DeployReport {
  return {
    mode: 'deploy',
    outcome: 'deployed',
    cluster: 'prod',
    waitMode: 'healthy',
    family: 'web',
    registered: true,
    diff: revisions[0].diff,
    services,
    timeline: [],
    startedAt: T0,
    finishedAt: T0 + 60_000,
    revisions,
    ...overrides,
  };
}

test('long service names widen the gantt margin so their labels do not run over the bars', () => {
  const long = 'checkout-payments-api-production-eu-west-1a';
  const chart = rolloutTimeline(
    baseOf([revision('web:5', [long])], [member(long, 'web:4', 'web:5')], {
      timeline: [
        { time: T0 + 1000, service: long, message: 'deployment of web:5 started' },
        { time: T0 + 9000, service: long, message: 'completed: done' },
      ],
    }),
  )!;
  expect(chart).toMatch(/^```mermaid\n%%\{init: \{"gantt": \{"leftPadding": (\d+)\}\}\}%%\ngantt\n/);
  expect(Number(/"leftPadding": (\d+)/.exec(chart)![1])).toBeGreaterThan(long.length * 6);
  const short = rolloutTimeline(
    baseOf([revision('web:5', ['web'])], [member('web', 'web:4', 'web:5')], {
      timeline: [{ time: T0 + 1000, service: 'web', message: 'completed: done' }],
    }),
  )!;
  expect(short).not.toContain('%%{init');
});

test('a failure is a bold first clause and a list of the rest; commands are code, console addresses links', () => {
  expect(
    failureQuote(
      'deploy.before[0]: task 5d0c failed (exit codes app=1; proxy=none); logs of app: https://example.com/a?b=c#d; ' +
        'to put it back: aws ecs update-service --cluster prod --service web --task-definition web:4',
    ),
  ).toEqual([
    '> **deploy.before[0]: task 5d0c failed (exit codes app=1; proxy=none)**',
    '>',
    '> - [logs of app](https://example.com/a?b=c#d)',
    '> - to put it back: `aws ecs update-service --cluster prod --service web --task-definition web:4`',
  ]);
  expect(failureQuote('web: circuit breaker tripped')).toEqual(['> **web: circuit breaker tripped**']);
});

test('messageParts gives back every clause, in order, whatever the clauses', () => {
  const clause = fc.stringMatching(/^[a-z0-9 :,.=-]*[a-z0-9]$/).filter((text) => text.trim() === text);
  fc.assert(
    fc.property(fc.array(clause, { minLength: 1, maxLength: 6 }), (clauses) => {
      expect(messageParts(clauses.join('; '))).toEqual(clauses);
    }),
  );
});
