/**
 * Summaries of every action and outcome, made by the engines' pure summary functions from realistic
 * reports: long digest-pinned ECR images, target-group ARNs in service events, uneven poll times, many
 * services. The render test draws each one as GitHub would.
 */
import { buildSummaryMarkdown } from '../../src/build/summary.js';
import { imageSetSummaryMarkdown } from '../../src/build/set-summary.js';
import type { DeployReport, ServiceReport } from '../../src/deploy/report.js';
import { deploySummary } from '../../src/deploy/summary.js';
import type { HealthSample, WaitReport } from '../../src/health/types.js';
import { waitSummaryMarkdown } from '../../src/health/summary.js';
import type { CleanupResult } from '../../src/images/cleanup.js';
import { cleanupSummaryMarkdown } from '../../src/images/cleanup-summary.js';
import type { InventoryImage } from '../../src/images/retention-types.js';
import { commentBody } from '../../src/preview/comment.js';
import { deploySummary as previewSummary, sweepSummary, teardownSummary } from '../../src/preview/summary.js';
import type { PreviewDeployment } from '../../src/preview/types.js';
import { releaseCases } from './release-fixtures.js';
import {
  ACCOUNT,
  REGION,
  REGISTRY,
  T0,
  digest,
  emptyDiff,
  image,
  taskDefArn,
  tgArn,
  type SummaryCase,
} from './values.js';

export type { SummaryCase } from './values.js';

// ---- ecs-deploy -------------------------------------------------------------------------------

function service(name: string, overrides: Partial<ServiceReport> = {}): ServiceReport {
  return {
    service: name,
    previousTaskDefinitionArn: taskDefArn('shop-web', 41),
    action: 'updated',
    forceNewDeployment: false,
    deploymentId: 'ecs-svc/8241097153820984321',
    wait: {
      service: name,
      status: 'completed',
      reason: 'deployment completed: 3/3 tasks running',
      deploymentId: 'ecs-svc/8241097153820984321',
      taskDefinitionArn: taskDefArn('shop-web', 42),
      runningCount: 3,
      desiredCount: 3,
      events: [],
    },
    stoppedReasons: [],
    ...overrides,
  };
}

function timeline(services: string[], endS: number) {
  return services.flatMap((name, index) => [
    { time: T0 + 1500, service: name, message: `deployment of shop-web:42 started` },
    { time: T0 + 9000 + index * 800, service: name, message: '1/3 tasks running' },
    { time: T0 + 21000 + index * 900, service: name, message: '3/3 tasks running, draining old tasks' },
    { time: T0 + (endS - 3 + index) * 1000, service: name, message: 'completed: deployment completed' },
  ]);
}

function deployReport(overrides: Partial<DeployReport> = {}): DeployReport {
  const diff = emptyDiff();
  diff.containers = [
    {
      name: 'web',
      image: { before: image('shop/web', 'v41', 'a1'), after: image('shop/web', 'v42', 'b2') },
      environment: { added: ['FEATURE_CHECKOUT'], removed: [], changed: ['LOG_LEVEL'] },
      fields: [],
    },
    {
      name: 'envoy',
      image: {
        before: `${REGISTRY}/mirror/envoy:v1.30.1`,
        after: 'public.ecr.aws/appmesh/aws-appmesh-envoy:v1.31.2.0-prod',
      },
      fields: ['memoryReservation'],
    },
  ];
  return {
    mode: 'deploy',
    outcome: 'deployed',
    cluster: 'production',
    waitMode: 'deployment',
    taskDefinitionArn: taskDefArn('shop-web', 42),
    family: 'shop-web',
    registered: true,
    diff,
    services: [service('shop-web'), service('shop-web-canary')],
    timeline: timeline(['shop-web', 'shop-web-canary'], 95),
    startedAt: T0,
    finishedAt: T0 + 96_000,
    ...overrides,
  };
}

const FAILED_EVENTS = [
  `(service shop-web) has started 3 tasks: (task 7f3a1c2e9b8d4e6fa1b2c3d4e5f60718).`,
  `(service shop-web) registered 3 targets in (target-group ${tgArn('shop-web-tg')})`,
  `(service shop-web) (port 8080) is unhealthy in (target-group ${tgArn('shop-web-tg')}) due to (reason Health checks failed with these codes: [502]).`,
  `(service shop-web) deregistered 1 targets in (target-group ${tgArn('shop-web-tg')})`,
  `(service shop-web) has stopped 1 running tasks: (task 7f3a1c2e9b8d4e6fa1b2c3d4e5f60718).`,
];

function failedService(name: string, rollback: boolean): ServiceReport {
  return service(name, {
    wait: {
      service: name,
      status: 'failed',
      reason: `circuit breaker tripped: 3 tasks failed health checks in target group ${tgArn('shop-web-tg')}`,
      deploymentId: 'ecs-svc/8241097153820984321',
      taskDefinitionArn: taskDefArn('shop-web', 42),
      runningCount: 0,
      desiredCount: 3,
      failedTasks: 3,
      events: FAILED_EVENTS,
    },
    rollback: rollback
      ? {
          service: name,
          status: 'completed',
          reason: 'rolled back to shop-web:41',
          taskDefinitionArn: taskDefArn('shop-web', 41),
          runningCount: 3,
          desiredCount: 3,
          events: [],
        }
      : undefined,
    stoppedReasons: [
      '3× Task failed ELB health checks in (target-group ' + tgArn('shop-web-tg') + '); web exited 137',
    ],
    stoppedTasks: [
      {
        taskId: '7f3a1c2e9b8d4e6fa1b2c3d4e5f60718',
        logStreams: [
          { container: 'web', group: '/ecs/shop-web', stream: 'web/web/7f3a1c2e9b8d4e6fa1b2c3d4e5f60718' },
        ],
      },
    ],
  });
}

function deployCases(): SummaryCase[] {
  const failedTimeline = [
    { time: T0 + 1200, service: 'shop-web', message: 'deployment of shop-web:42 started' },
    { time: T0 + 8000, service: 'shop-web', message: '0/3 tasks running' },
    { time: T0 + 30000, service: 'shop-web', message: '1/3 tasks running' },
    { time: T0 + 62000, service: 'shop-web', message: 'failed: circuit breaker tripped' },
  ];
  const rolledBackTimeline = [
    ...failedTimeline,
    { time: T0 + 63000, service: 'shop-web', message: 'rollback to shop-web:41 started' },
    { time: T0 + 70000, service: 'shop-web', message: '2/3 tasks running' },
    { time: T0 + 70000, service: 'shop-web', message: '2/3 tasks running' },
    { time: T0 + 88000, service: 'shop-web', message: 'completed: deployment completed' },
  ];
  const failure = 'shop-web: circuit breaker tripped (deployment ecs-svc/8241097153820984321 failed)';
  const many = Array.from({ length: 50 }, (_, index) => `shop-svc-${String(index).padStart(2, '0')}`);
  const tenContainers = emptyDiff();
  tenContainers.containers = Array.from({ length: 10 }, (_, index) => ({
    name: `container-${index}`,
    image: { before: image(`shop/c${index}`, 'v1', 'c3'), after: image(`shop/c${index}`, 'v2', 'd4') },
    environment: { added: ['A', 'B'], removed: ['C'], changed: ['D'] },
    secrets: { added: ['DB_PASSWORD'], removed: [], changed: [] },
    fields: ['cpu'],
  }));
  const opts = { region: REGION };
  return [
    { name: 'ecs-deploy-deployed', markdown: deploySummary(deployReport(), opts) },
    {
      name: 'ecs-deploy-failed',
      markdown: deploySummary(
        deployReport({
          outcome: 'failed',
          failure,
          services: [failedService('shop-web', false)],
          timeline: failedTimeline,
          finishedAt: T0 + 63_000,
        }),
        opts,
      ),
    },
    {
      name: 'ecs-deploy-rolled-back',
      markdown: deploySummary(
        deployReport({
          outcome: 'rolled-back',
          failure,
          services: [failedService('shop-web', true)],
          timeline: rolledBackTimeline,
          finishedAt: T0 + 89_000,
        }),
        opts,
      ),
    },
    {
      name: 'ecs-deploy-rollback-mode',
      markdown: deploySummary(
        deployReport({
          mode: 'rollback',
          outcome: 'rolled-back',
          diff: emptyDiff(),
          services: [service('shop-web', { previousTaskDefinitionArn: taskDefArn('shop-web', 42) })],
          timeline: [
            { time: T0 + 500, service: 'shop-web', message: 'rollback to shop-web:41 started' },
            { time: T0 + 2500, service: 'shop-web', message: 'completed: deployment completed' },
          ],
          finishedAt: T0 + 3000,
        }),
        opts,
      ),
    },
    {
      name: 'ecs-deploy-planned',
      markdown: deploySummary(
        deployReport({
          outcome: 'planned',
          taskDefinitionArn: undefined,
          services: [service('shop-web', { action: 'planned', wait: undefined, deploymentId: undefined })],
          timeline: [],
          finishedAt: T0 + 700,
        }),
        opts,
      ),
    },
    {
      name: 'ecs-deploy-unchanged',
      markdown: deploySummary(
        deployReport({
          outcome: 'unchanged',
          registered: false,
          diff: emptyDiff(),
          services: [service('shop-web', { action: 'unchanged', wait: undefined, deploymentId: undefined })],
          timeline: [],
          finishedAt: T0 + 900,
        }),
        opts,
      ),
    },
    {
      name: 'ecs-deploy-large',
      markdown: deploySummary(
        deployReport({
          diff: tenContainers,
          services: many.map((name) => service(name)),
          timeline: timeline(many, 300),
          finishedAt: T0 + 360_000,
        }),
        opts,
      ),
    },
  ];
}

// ---- wait-healthy -----------------------------------------------------------------------------

// The poll backs off: dense samples first, sparse ones during the bake, as the real gate records them.
function samples(options: { until: number; healthyFrom?: number; desired: number; weights?: boolean }) {
  const times: number[] = [];
  for (let t = 0; t <= options.until; t += t < 20_000 ? 1500 : t < 66_000 ? 3000 : 15_000) times.push(t);
  return times.map((elapsedMs): HealthSample => ({
    elapsedMs,
    decision: 'pending',
    healthyTargets:
      options.healthyFrom === undefined || elapsedMs < options.healthyFrom
        ? 0
        : Math.min(options.desired, 1 + Math.floor((elapsedMs - options.healthyFrom) / 5000)),
    desiredCount: options.desired,
    runningTasks: options.desired,
    newWeight: options.weights
      ? elapsedMs < 40_000
        ? 0
        : elapsedMs < 100_000
          ? 10
          : elapsedMs < 160_000
            ? 50
            : 100
      : undefined,
    reason: 'observing',
  }));
}

function waitCases(): SummaryCase[] {
  const links = (services: string[]) => ({ region: REGION, cluster: 'production', services });
  const healthy: WaitReport = {
    strategy: 'rolling',
    verdict: {
      status: 'healthy',
      reason: `3/3 new tasks healthy in ${tgArn('shop-web-tg')}`,
      timeToHealthyMs: 41_500,
      healthyTargets: 3,
      deploymentId: 'ecs-svc/8241097153820984321',
      samples: samples({ until: 41_500, healthyFrom: 24_000, desired: 3 }),
    },
    rolledBack: false,
    events: [],
  };
  const blueGreen: WaitReport = {
    strategy: 'blue-green',
    verdict: {
      status: 'healthy',
      reason: '2/2 new tasks healthy in shop-green-tg',
      timeToHealthyMs: 36_000,
      healthyTargets: 2,
      samples: samples({ until: 186_000, healthyFrom: 20_000, desired: 2, weights: true }),
    },
    rolledBack: false,
    finalWeights: { 'shop-blue-tg': 0, 'shop-green-tg': 100 },
    events: [
      { elapsedMs: 36_000, action: 'healthy', detail: 'green healthy: 2/2 targets' },
      { elapsedMs: 40_000, action: 'shift', newWeight: 10, detail: 'green 10% / blue 90%' },
      { elapsedMs: 100_000, action: 'shift', newWeight: 50, detail: 'green 50% / blue 50%' },
      { elapsedMs: 160_000, action: 'shift', newWeight: 100, detail: 'green 100% / blue 0%' },
      { elapsedMs: 186_000, action: 'scale-down', detail: 'blue service shop-blue scaled to 0' },
    ],
  };
  const unhealthy: WaitReport = {
    strategy: 'blue-green',
    verdict: {
      status: 'unhealthy',
      reason: `new task 7f3a1c2e stopped: Task failed ELB health checks in (target-group ${tgArn('shop-green-tg')})`,
      healthyTargets: 0,
      samples: samples({ until: 66_000, desired: 2, weights: false }),
    },
    rolledBack: true,
    finalWeights: { 'shop-blue-tg': 100, 'shop-green-tg': 0 },
    events: [{ elapsedMs: 66_000, action: 'rollback', newWeight: 0, detail: 'green 0% / blue 100%' }],
    leftState: 'traffic is green 0% / blue 100%; shop-green keeps its 2 failing tasks for inspection',
  };
  const timeout: WaitReport = {
    strategy: 'native',
    verdict: {
      status: 'timeout',
      reason: 'the deployment was still IN_PROGRESS (BAKE_TIME) after 10 min 00 s',
      healthyTargets: 1,
      deploymentId: `arn:aws:ecs:${REGION}:${ACCOUNT}:service-deployment/production/shop-web/Jk2xQ9`,
      samples: samples({ until: 600_000, healthyFrom: 300_000, desired: 2 }),
    },
    rolledBack: false,
    events: [{ elapsedMs: 600_000, action: 'stop-deployment', detail: 'asked ECS to stop the deployment' }],
    leftState: 'ECS is rolling back to shop-web:41 (StopServiceDeployment ROLLBACK)',
  };
  return [
    { name: 'wait-healthy-healthy', markdown: waitSummaryMarkdown(healthy, links(['shop-web'])) },
    {
      name: 'wait-healthy-blue-green-healthy',
      markdown: waitSummaryMarkdown(blueGreen, links(['shop-blue', 'shop-green'])),
    },
    {
      name: 'wait-healthy-rolled-back',
      markdown: waitSummaryMarkdown(unhealthy, links(['shop-blue', 'shop-green'])),
    },
    { name: 'wait-healthy-timeout', markdown: waitSummaryMarkdown(timeout, links(['shop-web'])) },
  ];
}

// ---- build-push -------------------------------------------------------------------------------

function buildCases(): SummaryCase[] {
  const built = image('shop/web', 'main-4f2c9e1', 'e5');
  return [
    {
      name: 'build-push-built',
      markdown: buildSummaryMarkdown({
        image: built,
        digest: digest('e5'),
        tags: ['main-4f2c9e1', 'main', 'latest'],
        sizeBytes: 187_000_000,
        buildSeconds: 143.2,
        fingerprint: 'f'.repeat(64),
        skipped: false,
      }),
    },
    {
      name: 'build-push-skipped',
      markdown: buildSummaryMarkdown({
        image: built,
        digest: digest('e5'),
        tags: ['main-4f2c9e1'],
        fingerprint: '9'.repeat(64),
        skipped: true,
      }),
    },
    {
      name: 'build-push-promoted',
      markdown: buildSummaryMarkdown({
        image: image('shop/web', 'production', 'e5'),
        digest: digest('e5'),
        tags: ['production'],
        sizeBytes: 187_000_000,
        skipped: true,
        promotedFrom: image('shop/web', 'main-4f2c9e1', 'e5'),
      }),
    },
    {
      name: 'build-push-image-set',
      markdown: imageSetSummaryMarkdown(
        [
          ['proxy', 'seed/haproxy', 'a1', false],
          ['app', 'seed/node-application-server', 'b2', true],
          ['migrations', 'seed/node-migrations', 'c3', false],
        ].map(([name, repository, seed, skipped]) => ({
          name: name as string,
          repositoryName: repository as string,
          image: `${REGISTRY}/${repository as string}@${digest(seed as string)}`,
          digest: digest(seed as string),
          tags: ['0123456789abcdef0123456789abcdef01234567', 'feature-long-branch-name'],
          skipped: skipped as boolean,
          fingerprint: (seed as string).repeat(32),
          buildSeconds: skipped ? undefined : 97.4,
        })),
      ),
    },
  ];
}

// ---- cleanup-ecr ------------------------------------------------------------------------------

/** A cleanup of two repositories: 8 images, 3 kept, 5 to delete, the first of which fails when `failing`. */
export function cleanupResult(dryRun: boolean, failing: boolean): CleanupResult {
  const images: InventoryImage[] = Array.from({ length: 8 }, (_, index) => ({
    repository: index < 5 ? 'shop/web' : 'shop/worker',
    digest: digest(String.fromCharCode(97 + index)),
    tags: index % 3 === 2 ? [] : [`build-${index}`],
    pushedAt: T0 - index * 86_400_000,
    sizeBytes: 50_000_000 + index * 1_000_000,
    children: [],
  }));
  const keep = images.slice(0, 3);
  const remove = images.slice(3);
  return {
    dryRun,
    repositories: ['shop/web', 'shop/worker'].map((name) => ({
      name,
      uri: `${REGISTRY}/${name}`,
      registryId: ACCOUNT,
    })),
    scan: { uses: [], clusters: ['production', 'staging'], services: 12, tasks: 30, taskDefinitions: 18 },
    unresolved: [],
    plan: {
      decisions: [
        ...keep.map((entry, index) => ({
          image: entry,
          action: 'keep' as const,
          rule: index === 0 ? ('in-use' as const) : ('keep-newest' as const),
          reason:
            index === 0
              ? 'service production/shop-web, PRIMARY deployment of shop-web:42'
              : 'among the newest 3',
        })),
        ...remove.map((entry) => ({
          image: entry,
          action: 'delete' as const,
          rule: 'delete-unkept' as const,
          reason: 'no keep rule holds it',
        })),
      ],
      keep,
      delete: remove,
    },
    outcome: dryRun
      ? undefined
      : {
          deleted: failing ? remove.slice(1) : remove,
          alreadyGone: [],
          failures: failing
            ? [
                {
                  repository: remove[0].repository,
                  digest: remove[0].digest,
                  code: 'ImageReferencedByManifestList',
                  reason: `Requested image ${remove[0].digest} is referenced by one or more image indexes in repository arn:aws:ecr:${REGION}:${ACCOUNT}:repository/shop/web and cannot be deleted`,
                },
              ]
            : [],
          calls: 2,
        },
  };
}

function cleanupCases(): SummaryCase[] {
  const result = cleanupResult;
  return [
    {
      name: 'cleanup-ecr-deleted',
      markdown: cleanupSummaryMarkdown(result(false, false), { elapsedMs: 8400 }),
    },
    {
      name: 'cleanup-ecr-failed',
      markdown: cleanupSummaryMarkdown(result(false, true), { elapsedMs: 9100 }),
    },
    {
      name: 'cleanup-ecr-dry-run',
      markdown: cleanupSummaryMarkdown(result(true, false), { elapsedMs: 5200 }),
    },
  ];
}

// ---- preview ----------------------------------------------------------------------------------

function previewCases(): SummaryCase[] {
  const deployment = (status: string, reason: string): PreviewDeployment => ({
    pullRequest: 12,
    url: 'https://pr-12.preview.shop.example.com',
    service: 'shop-web-pr-12',
    serviceArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:service/preview/shop-web-pr-12`,
    targetGroupArn: tgArn('shop-web-pr-12'),
    ruleArn: `arn:aws:elasticloadbalancing:${REGION}:${ACCOUNT}:listener-rule/app/preview/50dc6c495c0c9188/f2f7dc8efc522ab2/9683b2d02a6cabee`,
    priority: 40012,
    taskDefinitionArn: taskDefArn('shop-web-pr-12', 3),
    changes: [
      { resource: 'task definition', name: 'shop-web-pr-12:3', action: 'created' },
      { resource: 'target group', name: 'shop-web-pr-12', action: 'unchanged' },
      {
        resource: 'listener rule',
        name: 'priority 40012',
        action: 'updated',
        detail: 'host pr-12.preview.shop.example.com',
      },
      {
        resource: 'service',
        name: 'shop-web-pr-12',
        action: 'updated',
        detail: `target group ${tgArn('shop-web-pr-12')}`,
      },
    ],
    health: { status, reason },
  });
  return [
    {
      name: 'preview-healthy',
      markdown: previewSummary(deployment('healthy', '1/1 new tasks healthy'), {
        elapsedMs: 74_000,
        region: REGION,
        cluster: 'preview',
      }),
    },
    { name: 'preview-not-waited', markdown: previewSummary(deployment('skipped', 'not waited for')) },
    {
      name: 'preview-unhealthy',
      markdown: previewSummary(deployment('unhealthy', 'new task stopped: essential container exited 1')),
    },
    {
      name: 'preview-removed',
      markdown: teardownSummary({
        pullRequest: 12,
        service: 'shop-web-pr-12',
        changes: [
          { resource: 'service', name: 'shop-web-pr-12', action: 'deleted' },
          { resource: 'images', name: 'shop/web', action: 'deleted', detail: '3 images tagged pr-12-*' },
        ],
      }),
    },
    {
      name: 'preview-sweep',
      markdown: sweepSummary(
        [
          {
            preview: { pullRequest: 9, service: 'shop-web-pr-9' },
            remove: true,
            reason: 'pull request closed',
          },
          { preview: { pullRequest: 12, service: 'shop-web-pr-12' }, remove: false, reason: 'open' },
          { preview: { pullRequest: 7 }, remove: true, reason: 'expired after 7 days' },
        ],
        [7],
      ),
    },
    {
      name: 'preview-comment-not-waited',
      markdown: commentBody({
        templateService: 'shop-web',
        pullRequest: 12,
        status: 'deployed',
        url: 'https://pr-12.preview.shop.example.com',
        commit: '4f2c9e1a7b3d5c6e8f9a0b1c2d3e4f5a6b7c8d9e',
        service: 'shop-web-pr-12',
        detail: 'skipped: not waited for',
        runUrl: 'https://github.com/acme/shop/actions/runs/1234567890',
      }),
    },
  ];
}

/** Every summary case. */
export function summaryCases(): SummaryCase[] {
  return [
    ...deployCases(),
    ...releaseCases(),
    ...waitCases(),
    ...buildCases(),
    ...cleanupCases(),
    ...previewCases(),
  ];
}
