import type { Service } from '@aws-sdk/client-ecs';
import { planRevisionCleanup } from '../../src/deploy/cleanup.js';
import { familyOf, revisionOf } from '../../src/arn.js';
import { checkFamily } from '../../src/deploy/guard.js';
import { planServiceUpdates, shouldForce } from '../../src/deploy/plan.js';
import { supersededBy } from '../../src/deploy/superseded.js';
import { provenanceTags } from '../../src/taskdef/provenance.js';
import type { DeployReport } from '../../src/deploy/report.js';
import { resolveRollbackTo } from '../../src/deploy/rollback-target.js';
import { readRollout } from '../../src/deploy/rollout-state.js';
import { deploySummary, rolloutTimeline } from '../../src/deploy/summary.js';
import { diffTaskDefinitions } from '../../src/taskdef/index.js';

const ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web';

describe('family guard', () => {
  test('refuses another family, naming service and both families', () => {
    expect(() =>
      checkFamily({
        service: 'prod-app',
        currentFamily: 'prod-app',
        newFamily: 'prod-api',
        allowFamilyChange: false,
      }),
    ).toThrow(
      new Error(
        "service 'prod-app' runs task definition family 'prod-app', refusing to deploy family 'prod-api' (set allow-family-change: true if this is intended)",
      ),
    );
    expect(() =>
      checkFamily({
        service: 'prod-app',
        currentFamily: 'prod-app',
        newFamily: 'prod-api',
        allowFamilyChange: true,
      }),
    ).not.toThrow();
    expect(() =>
      checkFamily({
        service: 'web',
        currentFamily: 'shop-web',
        newFamily: 'shop-web',
        allowFamilyChange: false,
      }),
    ).not.toThrow();
  });

  test('family and revision of ARNs and family:revision', () => {
    expect(familyOf(`${ARN}:12`)).toBe('shop-web');
    expect(familyOf('shop-web:3')).toBe('shop-web');
    expect(familyOf('shop-web')).toBe('shop-web');
    expect(revisionOf(`${ARN}:12`)).toBe(12);
    expect(revisionOf('shop-web')).toBeUndefined();
    expect(resolveRollbackTo('7', `${ARN}:12`)).toBe(`${ARN}:7`);
    expect(resolveRollbackTo('shop-web:7', `${ARN}:12`)).toBe('shop-web:7');
  });
});

function service(deployments: Service['deployments'], events: string[] = []): Service {
  return {
    serviceName: 'web',
    deployments,
    events: events.map((message, index) => ({ id: String(index), message })),
  };
}

describe('readRollout', () => {
  const target = { deploymentId: 'ecs-svc/new', taskDefinitionArn: `${ARN}:2` };
  const fresh = { id: 'ecs-svc/new', status: 'PRIMARY', taskDefinition: `${ARN}:2`, desiredCount: 2 };
  const old = {
    id: 'ecs-svc/old',
    status: 'ACTIVE',
    taskDefinition: `${ARN}:1`,
    desiredCount: 2,
    runningCount: 2,
  };

  test('in progress while tasks start, with a transition expected', () => {
    const reading = readRollout(
      service([{ ...fresh, rolloutState: 'IN_PROGRESS', runningCount: 0, pendingCount: 2 }, old]),
      target,
    );
    expect(reading).toMatchObject({ phase: 'in-progress', transitionExpected: true });
    expect(reading.reason).toBe('IN_PROGRESS: 0/2 running, 2 pending');
  });

  test('nothing expected to move while old tasks drain', () => {
    const reading = readRollout(
      service([{ ...fresh, rolloutState: 'IN_PROGRESS', runningCount: 2 }, old]),
      target,
    );
    expect(reading).toMatchObject({ phase: 'in-progress', transitionExpected: false });
  });

  test('a COMPLETED deployment scaled up is in progress until the tasks run', () => {
    const reading = readRollout(
      service([{ ...fresh, rolloutState: 'COMPLETED', desiredCount: 4, runningCount: 2 }]),
      target,
    );
    expect(reading).toMatchObject({ phase: 'in-progress', transitionExpected: true });
  });

  test('completed on rolloutState COMPLETED', () => {
    const reading = readRollout(service([{ ...fresh, rolloutState: 'COMPLETED', runningCount: 2 }]), target);
    expect(reading.phase).toBe('completed');
  });

  test('failed with the circuit breaker rolling back', () => {
    const reading = readRollout(
      service([
        { ...fresh, status: 'ACTIVE', rolloutState: 'FAILED', rolloutStateReason: 'tasks failed to start.' },
        { id: 'ecs-svc/rb', status: 'PRIMARY', taskDefinition: `${ARN}:1`, rolloutState: 'IN_PROGRESS' },
      ]),
      target,
    );
    expect(reading).toMatchObject({ phase: 'failed', ecsRollbackDeploymentId: 'ecs-svc/rb' });
    expect(reading.reason).toBe('ECS circuit breaker rolled back: tasks failed to start.');
  });

  test('a deployment gone after a rollback is explained from the events', () => {
    const reading = readRollout(
      service(
        [{ id: 'ecs-svc/rb', status: 'PRIMARY', taskDefinition: `${ARN}:1`, rolloutState: 'COMPLETED' }],
        [
          '(service web) has reached a steady state.',
          '(service web) rolling back to deployment ecs-svc/old.',
          '(service web) (deployment ecs-svc/new) deployment failed: tasks failed to start.',
        ],
      ),
      target,
    );
    expect(reading.phase).toBe('failed');
    expect(reading.reason).toBe(
      'ECS circuit breaker rolled back: (deployment ecs-svc/new) deployment failed: tasks failed to start.',
    );
    expect(reading.ecsRollbackDeploymentId).toBe('ecs-svc/rb');
  });

  test('superseded by another deployment', () => {
    const reading = readRollout(
      service([
        { id: 'ecs-svc/other', status: 'PRIMARY', taskDefinition: `${ARN}:3` },
        { ...fresh, status: 'ACTIVE', rolloutState: 'IN_PROGRESS' },
      ]),
      target,
    );
    expect(reading.phase).toBe('failed');
    expect(reading.reason).toMatch(/superseded by ecs-svc\/other/);
  });

  test('completed, then replaced by a later deployment: still completed', () => {
    const reading = readRollout(
      service([
        { id: 'ecs-svc/later', status: 'PRIMARY', taskDefinition: `${ARN}:3`, rolloutState: 'IN_PROGRESS' },
        { ...fresh, status: 'ACTIVE', rolloutState: 'COMPLETED', runningCount: 1 },
      ]),
      target,
    );
    expect(reading.phase).toBe('completed');
    expect(reading.reason).toBe('completed, since replaced by ecs-svc/later (shop-web:3)');
  });
});

describe('keep-N plan', () => {
  test('keeps the newest N and anything in use, deregisters the rest', () => {
    const revisions = [5, 4, 3, 2, 1].map((n) => `${ARN}:${n}`);
    expect(planRevisionCleanup(revisions, new Set([`${ARN}:2`]), 2)).toEqual({
      kept: [`${ARN}:5`, `${ARN}:4`, `${ARN}:2`],
      deregistered: [`${ARN}:3`, `${ARN}:1`],
    });
    expect(planRevisionCleanup(revisions, new Set(), 10).deregistered).toEqual([]);
  });
});

test('provenance tags leave out what is unknown and cap values at 256 characters', () => {
  const tags = provenanceTags({ commit: 'abc', runUrl: 'x'.repeat(300), deployedAt: new Date(0) });
  expect(tags).toEqual([
    { key: 'ecs-kit:commit', value: 'abc' },
    { key: 'ecs-kit:run-url', value: 'x'.repeat(256) },
    { key: 'ecs-kit:deployed-at', value: '1970-01-01T00:00:00.000Z' },
  ]);
});

describe('summary', () => {
  const before = {
    family: 'shop-web',
    containerDefinitions: [
      {
        name: 'web',
        image: 'shop:v1',
        secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/old' }],
      },
    ],
  };
  const after = {
    family: 'shop-web',
    containerDefinitions: [
      {
        name: 'web',
        image: 'shop:v2',
        secrets: [{ name: 'DB', valueFrom: 'arn:aws:ssm:us-east-1:1:parameter/new' }],
      },
    ],
  };
  const report: DeployReport = {
    mode: 'deploy',
    outcome: 'rolled-back',
    cluster: 'prod',
    waitMode: 'deployment',
    taskDefinitionArn: `${ARN}:2`,
    family: 'shop-web',
    registered: true,
    diff: diffTaskDefinitions(before, after),
    services: [
      {
        service: 'web',
        previousTaskDefinitionArn: `${ARN}:1`,
        action: 'updated',
        forceNewDeployment: false,
        deploymentId: 'ecs-svc/1',
        wait: {
          service: 'web',
          status: 'failed',
          reason: 'ECS circuit breaker rolled back: tasks failed to start.',
          taskDefinitionArn: `${ARN}:2`,
          events: ['(service web) (deployment ecs-svc/1) deployment failed: tasks failed to start.'],
        },
        rollback: {
          service: 'web',
          status: 'completed',
          reason: 'completed',
          taskDefinitionArn: `${ARN}:1`,
          events: [],
        },
        stoppedReasons: ['2× Essential container in task exited; web exited 1'],
      },
    ],
    timeline: [
      { time: 1000, service: 'web', message: 'deployment of shop-web:2 started' },
      { time: 5000, service: 'web', message: 'failed: ECS circuit breaker; tasks # failed' },
      { time: 6000, service: 'web', message: 'rollback to shop-web:1 started' },
      { time: 8500, service: 'web', message: 'rolled back to shop-web:1' },
    ],
    startedAt: 0,
    finishedAt: 9000,
    failure: 'deployment failed and was rolled back',
  };

  test('shows what changed without secret values, why it failed, and a valid gantt timeline', () => {
    const markdown = deploySummary(report);
    expect(markdown).toContain('## ↩️ ecs-deploy: rolled-back');
    expect(markdown).toContain('| `web` image | <code>shop:v1</code> | <code>shop:v2</code> |');
    expect(markdown).toContain('| `web` secrets |  | changed `DB` |');
    expect(markdown).not.toMatch(/parameter\/(old|new)/);
    expect(markdown).toContain('- 2× Essential container in task exited; web exited 1');
    expect(markdown).toContain('deployment failed: tasks failed to start.');
    const chart = rolloutTimeline(report)!;
    // Each bar ends at the service's own last event, not at the end of the run (9000).
    expect(chart).toContain('rollout :crit, 1000, 5000');
    expect(chart).toContain('rollback :active, 6000, 8500');
    expect(chart).toContain('  deployment of shop-web 2 started :milestone, 1000, 1000');
    // Milestone labels cannot hold `:`, `#` or `;` in mermaid gantt syntax.
    for (const line of chart.split('\n').filter((l) => l.includes(':milestone'))) {
      expect(line.split(' :milestone')[0]).not.toMatch(/[:#;]/);
    }
  });
});

describe('plan', () => {
  const services: Service[] = [
    { serviceName: 'web', taskDefinition: `${ARN}:3`, desiredCount: 2 },
    { serviceName: 'worker', taskDefinition: `${ARN}:2`, desiredCount: 1 },
  ];
  const rendered = { family: 'shop-web', containerDefinitions: [{ name: 'web', image: 'shop:v3' }] };

  test('updates only services not on the identical revision', () => {
    const plan = planServiceUpdates({
      services,
      identicalArn: `${ARN}:3`,
      rendered,
      forceNewDeployment: 'auto',
      dryRun: false,
    });
    expect(plan.map((entry) => [entry.service, entry.action, entry.forceNewDeployment])).toEqual([
      ['web', 'unchanged', false],
      ['worker', 'updated', false],
    ]);
  });

  test('a new revision updates every service; a dry run only plans', () => {
    const plan = planServiceUpdates({ services, rendered, forceNewDeployment: 'auto', dryRun: true });
    expect(plan.map((entry) => entry.action)).toEqual(['planned', 'planned']);
  });

  test('auto forces only an unchanged revision with a moving tag; desired count alone updates', () => {
    const latest = { ...rendered, containerDefinitions: [{ name: 'web', image: 'shop' }] };
    expect(shouldForce({ forceNewDeployment: 'auto', identicalArn: `${ARN}:3`, rendered: latest })).toBe(
      true,
    );
    expect(shouldForce({ forceNewDeployment: 'auto', rendered: latest })).toBe(false);
    expect(shouldForce({ forceNewDeployment: 'auto', identicalArn: `${ARN}:3`, rendered })).toBe(false);
    expect(shouldForce({ forceNewDeployment: true, rendered })).toBe(true);
    const plan = planServiceUpdates({
      services: [services[0]],
      identicalArn: `${ARN}:3`,
      rendered,
      forceNewDeployment: 'auto',
      desiredCount: 4,
      dryRun: false,
    });
    expect(plan[0]).toMatchObject({ action: 'updated', forceNewDeployment: false });
  });
});

describe('supersededBy', () => {
  const own = {
    deploymentId: 'ecs-svc/ours',
    taskDefinitionArn: `${ARN}:2`,
    previousTaskDefinitionArn: `${ARN}:1`,
  };
  const withPrimary = (id: string, taskDefinition: string): Service => ({
    deployments: [{ id, status: 'PRIMARY', taskDefinition }],
  });

  test('our deployment, or ECS rolling back to our previous revision, is still ours', () => {
    expect(supersededBy(withPrimary('ecs-svc/ours', `${ARN}:2`), own)).toBeUndefined();
    expect(supersededBy(withPrimary('ecs-svc/rb', `${ARN}:1`), own)).toBeUndefined();
  });

  test('another revision deployed since is someone else’s, and is named', () => {
    expect(supersededBy(withPrimary('ecs-svc/theirs', `${ARN}:3`), own)).toBe(
      'superseded by another deployment (ecs-svc/theirs, shop-web:3), started by another run or by hand; not rolled back',
    );
  });
});
