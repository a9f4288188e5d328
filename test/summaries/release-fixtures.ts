/**
 * Summaries of releases of several services: the seed shape's revisions of two families, a twelve-service
 * release (the widest revision line and change sections), a failed migration that held every service, an
 * all-or-nothing release rolled back after one service failed, rollback mode over several families with a
 * service that could not get back, and an image-set promotion that stopped part way. Built from reports
 * shaped as the engines assemble them (deploy-many.ts asDeployReport, rollback-mode.ts).
 */
import { unfinishedSetError } from '../../src/build/unfinished-set.js';
import { imageSetSummaryMarkdown } from '../../src/build/set-summary.js';
import type { DeployReport, RevisionReport, ServiceReport } from '../../src/deploy/report.js';
import { rollbackModeState } from '../../src/deploy/rollback-mode-state.js';
import type { OneOffResult } from '../../src/deploy/run-one-off.js';
import { deploySummary } from '../../src/deploy/summary.js';
import type { RolloutEvent } from '../../src/deploy/types.js';
import { logStreamUrl } from '../../src/github/markdown.js';
import { failureSummary } from '../../src/github/start.js';
import type { TaskDefinitionDiff } from '../../src/taskdef/diff.js';
import { servicesWaitSummaryMarkdown, type ServiceWait } from '../../src/health/services-summary.js';
import type { HealthSample } from '../../src/health/types.js';
import { MissingPermissionsError } from '../../src/aws/access-denied.js';
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

const opts = { region: REGION };

/** One service of a release pointed at `target`, coming from `previous`, with its wait's result. */
function member(
  name: string,
  previous: string,
  target: string,
  overrides: Partial<ServiceReport> = {},
): ServiceReport {
  return {
    service: name,
    previousTaskDefinitionArn: previous,
    targetTaskDefinitionArn: target,
    action: 'updated',
    forceNewDeployment: false,
    deploymentId: `ecs-svc/82410971538209${String(name.length).padStart(5, '0')}`,
    wait: {
      service: name,
      status: 'completed',
      reason: `3/3 new tasks healthy in ${tgArn(`${name}-tg`)}`,
      deploymentId: `ecs-svc/82410971538209${String(name.length).padStart(5, '0')}`,
      taskDefinitionArn: target,
      runningCount: 3,
      desiredCount: 3,
      events: [],
    },
    stoppedReasons: [],
    ...overrides,
  };
}

/** The image change of the two seed images and the flag that tells web-writer apart. */
function seedDiff(containers: string[], environment: string[] = []): TaskDefinitionDiff {
  const diff = emptyDiff();
  diff.changed = true;
  diff.containers = containers.map((name) => ({
    name,
    image: {
      before: image(name === 'proxy' ? 'seed/haproxy' : 'seed/node', 'main-3e8d1a7', 'a1'),
      after: image(name === 'proxy' ? 'seed/haproxy' : 'seed/node', 'main-9c4b2f0', 'b2'),
    },
    environment:
      environment.length > 0 && name !== 'proxy'
        ? { added: environment, removed: [], changed: [] }
        : undefined,
    fields: [],
  }));
  return diff;
}

/** Each service's rollout between `start` and `end` seconds, as the wait records it. */
function rollouts(
  entries: [service: string, revision: string, start: number, end: number][],
): RolloutEvent[] {
  return entries.flatMap(([service, revision, start, end]) => [
    { time: T0 + start * 1000, service, message: `deployment of ${revision} started` },
    { time: T0 + (start + 6) * 1000, service, message: '1/3 tasks running' },
    { time: T0 + (end - 8) * 1000, service, message: '3/3 tasks running, draining old tasks' },
    { time: T0 + end * 1000, service, message: 'completed: deployment completed' },
  ]);
}

/** The report deploy-many's asDeployReport gives the action: the first revision stands for the run. */
function releaseReport(
  revisions: RevisionReport[],
  services: ServiceReport[],
  overrides: Partial<DeployReport>,
): DeployReport {
  return {
    mode: 'deploy',
    outcome: 'deployed',
    cluster: 'seed-production',
    waitMode: 'healthy',
    taskDefinitionArn: revisions[0].taskDefinitionArn,
    family: [...new Set(revisions.map((revision) => revision.family))].join(', '),
    registered: true,
    diff: revisions[0].diff,
    services,
    timeline: [],
    startedAt: T0,
    finishedAt: T0 + 180_000,
    revisions,
    ...overrides,
  };
}

function migration(outcome: OneOffResult['outcome']): OneOffResult {
  const taskId = '5d0c2b9a8e7f46a1b3c4d5e6f7081920';
  const failed = outcome === 'failed';
  const logLinks = [{ container: 'app', url: logStreamUrl(REGION, '/ecs/seed-web', `app/app/${taskId}`) }];
  const stoppedReason = 'Essential container in task exited';
  const codes = failed ? ['app=1', 'proxy=none'] : ['app=0', 'proxy=none'];
  const verdict = failed ? `failed: ${stoppedReason}` : 'succeeded';
  return {
    spec: {
      phase: 'before',
      source: 'deploy.before[0]',
      container: 'app',
      command: ['node', 'migrate.js', '--to', 'latest', '--lock-timeout', '120s'],
      environment: [],
      timeoutMs: 900_000,
    },
    container: 'app',
    taskArn: `arn:aws:ecs:${REGION}:${ACCOUNT}:task/seed-production/${taskId}`,
    outcome,
    verdict: {
      succeeded: !failed,
      stoppedReason,
      failedContainers: failed ? [{ name: 'app', exitCode: 1 }] : [],
      exitCodes: codes,
    },
    logLinks,
    message: [
      `deploy.before[0]: task ${taskId} ${verdict} (exit codes ${codes.join(', ')})`,
      ...logLinks.map((link) => `logs of ${link.container}: ${link.url}`),
    ].join('; '),
  };
}

// The seed shape in production: web, its write-heavy variant and its canary on revisions of seed-web,
// worker on its own family. Each service with its own settings gets a revision of its own.
const SEED: [service: string, family: string, revision: number, containers: string[], env: string[]][] = [
  ['web', 'seed-web', 27, ['app', 'proxy'], []],
  ['web-writer', 'seed-web', 28, ['app', 'proxy'], ['WRITE_HEAVY']],
  ['web-canary', 'seed-web', 29, ['app', 'proxy'], ['CANARY']],
  ['worker', 'seed-worker', 12, ['worker'], []],
];

function seedRevisions(): RevisionReport[] {
  return SEED.map(([service, family, revision, containers, env]) => ({
    family,
    taskDefinitionArn: taskDefArn(family, revision),
    registered: true,
    diff: seedDiff(containers, env),
    services: [service],
  }));
}

const seedPrevious = (family: string) => taskDefArn(family, family === 'seed-web' ? 24 : 11);

function seedServices(overrides: (service: string) => Partial<ServiceReport> = () => ({})): ServiceReport[] {
  return SEED.map(([service, family, revision]) =>
    member(service, seedPrevious(family), taskDefArn(family, revision), {
      ...(family === 'seed-worker'
        ? {
            wait: {
              service,
              status: 'completed',
              reason: 'deployment completed: 2/2 tasks running, settled for 30 s',
              deploymentId: 'ecs-svc/4410293847561029384',
              taskDefinitionArn: taskDefArn(family, revision),
              runningCount: 2,
              desiredCount: 2,
              events: [],
            },
            deploymentId: 'ecs-svc/4410293847561029384',
          }
        : {}),
      ...overrides(service),
    }),
  );
}

function seedRelease(): SummaryCase {
  return {
    name: 'ecs-deploy-revisions',
    markdown: deploySummary(
      releaseReport(seedRevisions(), seedServices(), {
        oneOffTasks: [migration('succeeded')],
        timeline: rollouts([
          ['web', 'seed-web:27', 41, 118],
          ['web-writer', 'seed-web:28', 41, 124],
          ['web-canary', 'seed-web:29', 42, 109],
          ['worker', 'seed-worker:12', 42, 96],
        ]),
      }),
      opts,
    ),
  };
}

// A twelve-service release of three families with long names: each service on a revision of its own.
const FAMILIES = ['checkout-payments-api-production', 'catalogue-search-indexer-production', 'notifications'];
const TWELVE = Array.from({ length: 12 }, (_, index) => ({
  service: `${FAMILIES[index % 3]}-${['eu-west-1a', 'eu-west-1b', 'eu-west-1c', 'canary'][index % 4]}`,
  family: FAMILIES[index % 3],
  revision: 310 + index,
}));

function twelveServiceRelease(): SummaryCase {
  const revisions: RevisionReport[] = TWELVE.map((entry, index) => {
    const diff = emptyDiff();
    diff.changed = true;
    diff.containers = [
      {
        name: `${entry.family}-app`,
        image: {
          before: image(`platform/${entry.family}`, 'release-2026.11.30-rc.4', 'c3'),
          after: image(`platform/${entry.family}`, 'release-2026.12.02-rc.1', 'd4'),
        },
        environment: { added: ['OTEL_EXPORTER_OTLP_ENDPOINT'], removed: [], changed: ['FEATURE_FLAGS_URL'] },
        secrets:
          index % 2 === 0 ? { added: [], removed: [], changed: ['DATABASE_CONNECTION_STRING'] } : undefined,
        fields: ['memoryReservation', 'healthCheck'],
      },
      {
        name: 'datadog-agent-sidecar',
        image: {
          before: 'public.ecr.aws/datadog/agent:7.58.2-full',
          after: 'public.ecr.aws/datadog/agent:7.59.0-full',
        },
        fields: [],
      },
    ];
    return {
      family: entry.family,
      taskDefinitionArn: taskDefArn(entry.family, entry.revision),
      registered: true,
      diff,
      services: [entry.service],
    };
  });
  const services = TWELVE.map((entry) =>
    member(
      entry.service,
      taskDefArn(entry.family, entry.revision - 12),
      taskDefArn(entry.family, entry.revision),
    ),
  );
  return {
    name: 'ecs-deploy-revisions-twelve',
    markdown: deploySummary(
      releaseReport(revisions, services, {
        cluster: 'platform-production-eu-west-1',
        timeline: rollouts(
          TWELVE.map((entry, index) => [
            entry.service,
            `${entry.family}:${entry.revision}`,
            20 + index,
            140 + index * 9,
          ]),
        ),
        finishedAt: T0 + 260_000,
      }),
      opts,
    ),
  };
}

/** deploy-many's failure when a before task fails: no service was updated. */
function migrationFailed(): SummaryCase {
  const failed = migration('failed');
  const services = seedServices(() => ({ action: 'held', deploymentId: undefined, wait: undefined }));
  return {
    name: 'ecs-deploy-migration-failed',
    markdown: deploySummary(
      releaseReport(seedRevisions(), services, {
        outcome: 'failed',
        failure: `${failed.message}; no service was updated: every service was left on the revision it runs`,
        oneOffTasks: [failed],
        finishedAt: T0 + 74_000,
      }),
      opts,
    ),
  };
}

/** web failed its health checks; the gate stopped waiting for the others and the release went back whole. */
function releaseRolledBack(): SummaryCase {
  const events = [
    `(service web) has started 3 tasks: (task 7f3a1c2e9b8d4e6fa1b2c3d4e5f60718).`,
    `(service web) registered 3 targets in (target-group ${tgArn('seed-production-web-tg')})`,
    `(service web) (port 8080) is unhealthy in (target-group ${tgArn('seed-production-web-tg')}) due to (reason Health checks failed with these codes: [503]).`,
  ];
  const back = (service: string, family: string) => ({
    service,
    status: 'completed' as const,
    reason: `rolled back to ${family === 'seed-web' ? 'seed-web:24' : 'seed-worker:11'}`,
    taskDefinitionArn: seedPrevious(family),
    runningCount: service === 'worker' ? 2 : 3,
    desiredCount: service === 'worker' ? 2 : 3,
    events: [],
  });
  const services = seedServices((service) => {
    const family = service === 'worker' ? 'seed-worker' : 'seed-web';
    const target = SEED.find(([name]) => name === service)!;
    const wait =
      service === 'web'
        ? {
            service,
            status: 'failed' as const,
            reason: `3 new targets unhealthy in ${tgArn('seed-production-web-tg')} for 60 s (Target.ResponseCodeMismatch)`,
            deploymentId: 'ecs-svc/8241097153820900003',
            taskDefinitionArn: taskDefArn(family, target[2]),
            runningCount: 3,
            desiredCount: 3,
            failedTasks: 0,
            events,
          }
        : {
            service,
            status: 'stopped' as const,
            reason: 'not waited for further: web failed first',
            taskDefinitionArn: taskDefArn(family, target[2]),
            runningCount: 1,
            desiredCount: service === 'worker' ? 2 : 3,
            events: [],
          };
    return {
      wait,
      rollback: back(service, family),
      stoppedReasons:
        service === 'web'
          ? [`3× Task failed ELB health checks in (target-group ${tgArn('seed-production-web-tg')})`]
          : [],
    };
  });
  const rollback = (service: string, at: number, end: number): RolloutEvent[] => [
    {
      time: T0 + at * 1000,
      service,
      message: `rollback to ${service === 'worker' ? 'seed-worker:11' : 'seed-web:24'} started`,
    },
    { time: T0 + end * 1000, service, message: 'completed: deployment completed' },
  ];
  const timeline = [
    ...rollouts([
      ['web', 'seed-web:27', 41, 112],
      ['web-writer', 'seed-web:28', 41, 112],
      ['web-canary', 'seed-web:29', 42, 112],
      ['worker', 'seed-worker:12', 42, 96],
    ]).filter((event) => !event.message.startsWith('completed') && !event.message.startsWith('3/3')),
    { time: T0 + 112_000, service: 'web', message: 'failed: 3 new targets unhealthy for 60 s' },
    ...rollback('web', 113, 171),
    ...rollback('web-writer', 113, 165),
    ...rollback('web-canary', 113, 158),
    ...rollback('worker', 113, 149),
  ];
  return {
    name: 'ecs-deploy-release-rolled-back',
    markdown: deploySummary(
      releaseReport(seedRevisions(), services, {
        outcome: 'rolled-back',
        failure: `web: 3 new targets unhealthy in ${tgArn('seed-production-web-tg')} for 60 s (Target.ResponseCodeMismatch); rolled back web, web-writer, web-canary, worker to their previous revisions`,
        oneOffTasks: [migration('succeeded')],
        timeline,
        finishedAt: T0 + 172_000,
      }),
      opts,
    ),
  };
}

/** Rollback mode over two families: four services back, one whose rollback deployment failed. */
function rollbackModeSeveral(): SummaryCase {
  const cluster = 'platform-production-eu-west-1';
  const targets: [service: string, family: string, from: number, to: number, reason: string][] = [
    [
      'checkout-payments-api-eu-west-1a',
      'checkout-payments-api-production',
      322,
      318,
      'tagged healthy at 2026-12-01T16:42:09.000Z',
    ],
    [
      'checkout-payments-api-eu-west-1b',
      'checkout-payments-api-production',
      322,
      318,
      'tagged healthy at 2026-12-01T16:42:09.000Z',
    ],
    [
      'checkout-payments-api-canary',
      'checkout-payments-api-production',
      323,
      318,
      'target of a successful ECS service deployment finished 2026-12-01T16:40:51.000Z',
    ],
    ['catalogue-search-indexer-eu-west-1a', 'catalogue-search-indexer-production', 311, 309, 'rollback-to'],
    ['catalogue-search-indexer-eu-west-1b', 'catalogue-search-indexer-production', 311, 309, 'rollback-to'],
  ];
  const services = targets.map(([service, family, from, to, reason], index): ServiceReport => {
    const failed = index === 4;
    return {
      service,
      previousTaskDefinitionArn: taskDefArn(family, from),
      targetTaskDefinitionArn: taskDefArn(family, to),
      targetReason: reason,
      action: 'updated',
      forceNewDeployment: false,
      deploymentId: `ecs-svc/77310293847561${String(index).padStart(5, '0')}`,
      wait: {
        service,
        status: failed ? 'failed' : 'completed',
        reason: failed
          ? 'circuit breaker tripped: 4 tasks failed to start (CannotPullContainerError: pull access denied)'
          : 'deployment completed: 3/3 tasks running',
        deploymentId: `ecs-svc/77310293847561${String(index).padStart(5, '0')}`,
        ecsRollbackDeploymentId: failed ? 'ecs-svc/7731029384756199999' : undefined,
        taskDefinitionArn: taskDefArn(family, to),
        runningCount: failed ? 0 : 3,
        desiredCount: 3,
        failedTasks: failed ? 4 : 0,
        events: failed
          ? [
              `(service ${service}) was unable to place a task. Reason: CannotPullContainerError: pull access denied for ${REGISTRY}/platform/catalogue-search-indexer-production, repository does not exist or may require 'docker login'.`,
              `(service ${service}) deployment ecs-svc/7731029384756100004 deployment failed: tasks failed to start.`,
              `(service ${service}) rolling back to deployment ecs-svc/7731029384756199999.`,
            ]
          : [],
      },
      stoppedReasons: failed
        ? [
            `4× CannotPullContainerError: pull image manifest has been retried 5 time(s): ${REGISTRY}/platform/catalogue-search-indexer-production@${digest('f6')}: not found`,
          ]
        : [],
    };
  });
  const timeline = services.flatMap((entry, index) => [
    {
      time: T0 + 900,
      service: entry.service,
      message: `rollback to ${entry.targetTaskDefinitionArn!.split('/')[1]} started`,
    },
    {
      time: T0 + (48 + index * 7) * 1000,
      service: entry.service,
      message: index === 4 ? 'failed: circuit breaker tripped' : 'completed: deployment completed',
    },
  ]);
  return {
    name: 'ecs-deploy-rollback-mode-several',
    markdown: deploySummary(
      {
        mode: 'rollback',
        outcome: 'failed',
        cluster,
        waitMode: 'deployment',
        taskDefinitionArn: services[0].targetTaskDefinitionArn,
        family: 'checkout-payments-api-production, catalogue-search-indexer-production',
        registered: false,
        diff: emptyDiff(),
        services,
        timeline,
        startedAt: T0,
        finishedAt: T0 + 79_000,
        failure: `rollback did not complete for ${services[4].service}: ${rollbackModeState(cluster, services)}`,
      },
      opts,
    ),
  };
}

/** A set promotion denied at its second image, and the whole set promoted on the re-run. */
function setPromotion(): SummaryCase[] {
  const names = ['haproxy-edge-proxy', 'node-application-server', 'node-migrations', 'queue-worker'];
  const tags = ['production', 'release-2026.12.02'];
  const denied = new MissingPermissionsError(
    'build-push',
    [
      {
        permission: 'ecr:PutImage',
        principal: `arn:aws:sts::${ACCOUNT}:assumed-role/github-actions-deploy-production/gha-run-1234567890`,
      },
    ],
    'nothing was changed',
  );
  const error = unfinishedSetError({ names, failedAt: 1, tags }, denied);
  return [
    { name: 'build-push-promotion-unfinished', markdown: failureSummary('build-push', error.message) },
    {
      name: 'build-push-image-set-promoted',
      markdown: imageSetSummaryMarkdown(
        names.map((name, index) => {
          const seed = String.fromCharCode(97 + index);
          return {
            name,
            repositoryName: `seed/${name}`,
            image: `${REGISTRY}/seed/${name}@${digest(seed)}`,
            digest: digest(seed),
            tags,
            skipped: true,
            promotedFrom: `${REGISTRY}/seed/${name}@${digest(seed)}`,
          };
        }),
      ),
    },
  ];
}

/** wait-healthy with deploy.yml's deployment-ids of the twelve-service release: all healthy, then one not. */
function servicesWait(): SummaryCase[] {
  const links = { region: REGION, cluster: 'platform-production-eu-west-1' };
  const waits = (failing: number | undefined): ServiceWait[] =>
    TWELVE.map(({ service }, index) => {
      const healthyAt = 24_000 + index * 3_500;
      const failed = index === failing;
      const samples: HealthSample[] = [0, 6000, 12_000, 18_000, healthyAt, healthyAt + 3000].map(
        (elapsedMs) => ({
          elapsedMs,
          decision: elapsedMs >= healthyAt && !failed ? 'healthy' : 'pending',
          healthyTargets: elapsedMs >= healthyAt && !failed ? 3 : 0,
          desiredCount: 3,
          runningTasks: 3,
          reason: 'observing',
        }),
      );
      return {
        service,
        report: {
          strategy: 'rolling',
          verdict: failed
            ? {
                status: 'unhealthy',
                reason: `target 10.0.3.17:8080 of task 9b8d4e6fa1b2 unhealthy in ${tgArn(`${service}-tg`)} for 60 s (Target.ResponseCodeMismatch: Health checks failed with these codes: [503])`,
                healthyTargets: 0,
                deploymentId: `ecs-svc/82410971538209${String(index).padStart(5, '0')}`,
                samples,
              }
            : {
                status: 'healthy',
                reason: `3/3 new tasks healthy in ${tgArn(`${service}-tg`)}`,
                timeToHealthyMs: healthyAt,
                healthyTargets: 3,
                deploymentId: `ecs-svc/82410971538209${String(index).padStart(5, '0')}`,
                samples,
              },
          rolledBack: false,
          events: [],
          leftState: failed
            ? `ECS carries on with deployment ecs-svc/82410971538209${String(index).padStart(5, '0')} of ${service}: the gate does not roll back (ecs-deploy does)`
            : undefined,
        },
      };
    });
  return [
    { name: 'wait-healthy-services', markdown: servicesWaitSummaryMarkdown(waits(undefined), links) },
    { name: 'wait-healthy-services-unhealthy', markdown: servicesWaitSummaryMarkdown(waits(7), links) },
  ];
}

/** Every release summary case. */
export function releaseCases(): SummaryCase[] {
  return [
    seedRelease(),
    twelveServiceRelease(),
    migrationFailed(),
    releaseRolledBack(),
    rollbackModeSeveral(),
    ...setPromotion(),
    ...servicesWait(),
  ];
}
