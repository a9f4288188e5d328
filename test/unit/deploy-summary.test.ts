/** ecs-deploy's summary: the gantt on elapsed seconds, per-service durations, links, images and events. */
import { expect, test } from '@jest/globals';
import type { Task } from '@aws-sdk/client-ecs';
import type { DeployReport, ServiceReport } from '../../src/deploy/report.js';
import { logStreamsOf } from '../../src/deploy/stopped-logs.js';
import { deploySummary, rolloutTimeline } from '../../src/deploy/summary.js';
import { formatDuration, imageReference, shortenArns, shortImage } from '../../src/github/markdown.js';

const T0 = 1_780_000_000_000;
const ECR = '123456789012.dkr.ecr.eu-west-1.amazonaws.com';
const TG = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web-tg/0f1e2d3c4b5a6978';

function entry(service: string, status: 'completed' | 'failed' = 'completed'): ServiceReport {
  return {
    service,
    previousTaskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:1',
    action: 'updated',
    forceNewDeployment: false,
    wait: { service, status, reason: status, taskDefinitionArn: 'x', events: [] },
    stoppedReasons: [],
  };
}

function report(overrides: Partial<DeployReport>): DeployReport {
  return {
    mode: 'deploy',
    outcome: 'deployed',
    cluster: 'prod',
    waitMode: 'deployment',
    taskDefinitionArn: 'arn:aws:ecs:eu-west-1:123456789012:task-definition/shop-web:2',
    family: 'shop-web',
    registered: true,
    diff: { changed: false, addedContainers: [], removedContainers: [], containers: [], fields: [] },
    services: [entry('web'), entry('worker')],
    timeline: [
      { time: T0 + 1000, service: 'web', message: 'deployment of shop-web:2 started' },
      { time: T0 + 1000, service: 'worker', message: 'deployment of shop-web:2 started' },
      { time: T0 + 5000, service: 'web', message: '1/2 tasks running' },
      { time: T0 + 6000, service: 'web', message: '1/2 tasks running' },
      { time: T0 + 12_000, service: 'web', message: 'completed: done' },
      { time: T0 + 40_000, service: 'worker', message: 'completed: done' },
    ],
    startedAt: T0,
    finishedAt: T0 + 41_000,
    ...overrides,
  };
}

test('the gantt counts elapsed seconds, ends each bar when its service finished, and has no today marker', () => {
  const chart = rolloutTimeline(report({}))!;
  expect(chart).toContain('dateFormat x');
  expect(chart).toContain('axisFormat %ss');
  expect(chart).toContain('tickInterval 5second');
  expect(chart).toContain('todayMarker off');
  expect(chart).toContain('rollout :1000, 12000');
  expect(chart).toContain('rollout :1000, 40000');
  expect(chart.match(/1\/2 tasks running/g)).toHaveLength(1);
  expect(chart).not.toMatch(/17800/);
});

test('rollback mode draws one rollback bar per service, no phantom one', () => {
  const chart = rolloutTimeline(
    report({
      mode: 'rollback',
      outcome: 'rolled-back',
      services: [entry('web')],
      timeline: [
        { time: T0 + 500, service: 'web', message: 'rollback to shop-web:1 started' },
        { time: T0 + 2500, service: 'web', message: 'completed: done' },
      ],
      finishedAt: T0 + 3000,
    }),
  )!;
  expect(chart.match(/^ {2}rollback :/gm)).toHaveLength(1);
  expect(chart).toContain('rollback :500, 2500');
});

test('a failed rollout that was rolled back has both bars and a red rollout', () => {
  const chart = rolloutTimeline(
    report({
      services: [entry('web', 'failed')],
      timeline: [
        { time: T0 + 1000, service: 'web', message: 'deployment of shop-web:2 started' },
        { time: T0 + 30_000, service: 'web', message: 'failed: circuit breaker' },
        { time: T0 + 31_000, service: 'web', message: 'rollback to shop-web:1 started' },
        { time: T0 + 50_000, service: 'web', message: 'completed: done' },
      ],
    }),
  )!;
  expect(chart).toContain('rollout :crit, 1000, 30000');
  expect(chart).toContain('rollback :active, 31000, 50000');
});

test('the summary states outcome, durations, console links, short images and a repository change', () => {
  const markdown = deploySummary(
    report({
      diff: {
        changed: true,
        addedContainers: [],
        removedContainers: [],
        fields: [],
        containers: [
          {
            name: 'web',
            image: { before: `${ECR}/shop:v1@sha256:${'a'.repeat(64)}`, after: `${ECR}/other:v2` },
            fields: [],
          },
        ],
      },
    }),
    { region: 'eu-west-1' },
  );
  expect(markdown).toMatch(/^## ✅ ecs-deploy: deployed\n/);
  expect(markdown).toContain('took 41.0 s');
  // A duration's spaces do not break (no `11.0` over `s` in a narrow column).
  expect(markdown).toContain('| 11.0\u00a0s |');
  expect(markdown).toContain(
    '[`web`](https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/prod/services/web/deployments?region=eu-west-1)',
  );
  expect(markdown).toContain('shop:v1@sha256:aaaaaaaa…</code>');
  expect(markdown).toContain('⚠️ **repository changed**');
});

test('stopped tasks link their awslogs streams; events name target groups, not ARNs', () => {
  const tasks: Task[] = [{ taskArn: 'arn:aws:ecs:eu-west-1:123456789012:task/prod/abc123' }];
  const logs = logStreamsOf(tasks, {
    containerDefinitions: [
      {
        name: 'web',
        logConfiguration: {
          logDriver: 'awslogs',
          options: { 'awslogs-group': '/ecs/shop', 'awslogs-stream-prefix': 'shop' },
        },
      },
      { name: 'sidecar' },
    ],
  });
  expect(logs).toEqual([
    { taskId: 'abc123', logStreams: [{ container: 'web', group: '/ecs/shop', stream: 'shop/web/abc123' }] },
  ]);
  const failed = entry('web', 'failed');
  failed.wait!.events = [`(service web) is unhealthy in (target-group ${TG}) due to (reason 502)`];
  failed.stoppedTasks = logs;
  const markdown = deploySummary(report({ outcome: 'failed', services: [failed] }), { region: 'eu-west-1' });
  expect(markdown).toContain('- (service web) is unhealthy in (target-group web-tg) due to (reason 502)');
  expect(markdown).not.toContain('arn:aws:elasticloadbalancing');
  expect(markdown).toContain(
    '[web](https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups/log-group/$252Fecs$252Fshop/log-events/shop$252Fweb$252Fabc123)',
  );
});

test('markdown helpers', () => {
  expect(formatDuration(850)).toBe('850 ms');
  expect(formatDuration(12_440)).toBe('12.4 s');
  expect(formatDuration(185_000)).toBe('3 min 05 s');
  expect(formatDuration(3_720_000)).toBe('1 h 02 min');
  expect(shortImage(`${ECR}/shop/web:v1@sha256:${'b'.repeat(64)}`)).toBe('shop/web:v1@sha256:bbbbbbbb…');
  expect(shortImage('nginx:1.27')).toBe('nginx:1.27');
  expect(shortImage('localhost:5000/shop:v1')).toBe('shop:v1');
  expect(imageReference('nginx:1.27')).toBe('<code>nginx:1.27</code>');
  expect(shortenArns(`in ${TG}.`)).toBe('in web-tg.');
  expect(shortenArns('arn:aws:ecr:eu-west-1:123456789012:repository/shop/web')).toBe('shop/web');
});
