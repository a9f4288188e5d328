/** The call recorder's run filter and modes, and the rules that turn observed calls into IAM permissions. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callsOfRun, effectiveInputs, modeOf } from '../helpers/record-calls.js';
import { summarise, type RecordedCall } from '../../scripts/iam/observed.js';
import { actionPermissions, REGISTRY_PROTOCOL } from '../../scripts/iam/permissions.js';
import { buildPolicy } from '../../scripts/iam/policy.js';

const KIT = 'aws-sdk-js/3 ua/2.1 api/ecs#3 m/F ecs-kit/1';

describe('recording', () => {
  test('keeps only the calls the run itself made, inside the run', () => {
    const run = { appId: 'ecs-kit-rec-a', startedAt: 100, endedAt: 200 };
    const call = (realTime: number, userAgent?: string) => ({
      service: 'ecs' as const,
      operation: `Op${realTime}`,
      params: {},
      realTime,
      userAgent,
    });
    const kept = callsOfRun(
      [
        call(150, `${KIT} app/ecs-kit-rec-a`),
        call(151, 'aws-sdk-js/3 ua/2.1 api/ecs#3'), // the test's own set-up client
        call(152, `${KIT} app/ecs-kit-rec-ab`), // another run against the same simulator
        call(99, `${KIT} app/ecs-kit-rec-a`),
        call(201, `${KIT} app/ecs-kit-rec-a`),
        call(153),
      ],
      run,
    );
    expect(kept.map((c) => c.operation)).toEqual(['Op150']);
  });

  test.each([
    ['ecs-deploy', {}, 'deploy'],
    ['ecs-deploy', { mode: 'rollback' }, 'rollback'],
    ['ecs-deploy', { mode: 'rollback', 'dry-run': true }, 'dry-run'],
    ['wait-healthy', {}, 'rolling'],
    ['wait-healthy', { strategy: 'native' }, 'native'],
    ['build-push', { repository: 'shop' }, 'build'],
    ['build-push', { 'source-image': 'shop:v1' }, 'promote'],
    ['cleanup-ecr', { 'dry-run': 'true' }, 'dry-run'],
    ['cleanup-ecr', {}, 'delete'],
    ['preview', { mode: 'sweep' }, 'sweep'],
    ['preview', {}, 'deploy'],
  ])('%s with %j runs in mode %s', (action, inputs, mode) => {
    expect(modeOf(action, inputs)).toBe(mode);
  });
});

test('a strategy given by the config file sets the mode; an explicit input wins', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'iam-mode-'));
  try {
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github', 'ecs-kit.yml'),
      'cluster: prod\nservices: [{ name: web }]\nenvironments:\n  production:\n    strategy: { type: native }\n',
    );
    const inputs = { config: '.github/ecs-kit.yml', environment: 'production' };
    expect(modeOf('wait-healthy', effectiveInputs('wait-healthy', inputs, workspace))).toBe('native');
    const explicit = { ...inputs, strategy: 'rolling' };
    expect(modeOf('wait-healthy', effectiveInputs('wait-healthy', explicit, workspace))).toBe('rolling');
    expect(effectiveInputs('wait-healthy', { config: 'missing.yml' }, workspace)).toEqual({
      config: 'missing.yml',
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
});

describe('derivation', () => {
  const calls = (mode: string, ...entries: [RecordedCall['service'], string, Record<string, unknown>?][]) =>
    entries.map(([service, operation, params]) => ({
      action: 'a',
      mode,
      service,
      operation,
      params: params ?? {},
    }));

  test('a service created with tags needs ecs:TagResource on services, only for that create action', () => {
    const observed = summarise(
      calls('deploy', ['ecs', 'CreateService', { tags: [{ key: 'k', value: 'v' }] }]),
    ).a;
    expect(buildPolicy(actionPermissions(observed)).Statement).toContainEqual({
      Sid: 'TagOnCreateDeploy',
      Effect: 'Allow',
      Action: ['ecs:TagResource'],
      Resource: 'arn:aws:ecs:${Region}:${Account}:service/${Cluster}/*',
      Condition: { StringEquals: { 'ecs:CreateAction': 'CreateService' } },
    });
  });

  test('a create call without tags needs no tagging permission', () => {
    const observed = summarise(calls('deploy', ['ecs', 'CreateService', { tags: [] }])).a;
    expect(actionPermissions(observed).map((p) => p.action)).toEqual(['ecs:CreateService']);
  });

  test('docker login brings the registry push and pull actions, scoped to the repository', () => {
    const observed = summarise(calls('build', ['ecr', 'GetAuthorizationToken'])).a;
    const policy = buildPolicy(actionPermissions(observed));
    expect(policy.Statement.find((s) => s.Sid === 'RegistryLoginBuild')?.Resource).toBe('*');
    expect(policy.Statement.find((s) => s.Sid === 'RepositoriesBuild')).toEqual({
      Sid: 'RepositoriesBuild',
      Effect: 'Allow',
      Action: REGISTRY_PROTOCOL,
      Resource: 'arn:aws:ecr:${Region}:${Account}:repository/${Repository}',
    });
  });

  test('statements split by the modes that need them, and PassRole only to ECS tasks', () => {
    const observed = summarise([
      ...calls(
        'deploy',
        ['ecs', 'DescribeServices'],
        ['ecs', 'RegisterTaskDefinition'],
        ['ecs', 'UpdateService'],
      ),
      ...calls('dry-run', ['ecs', 'DescribeServices']),
    ]).a;
    const statements = buildPolicy(actionPermissions(observed)).Statement;
    expect(statements.map((s) => [s.Sid, s.Action])).toEqual([
      ['PassTaskRolesDeploy', ['iam:PassRole']],
      ['ServicesDeploy', ['ecs:UpdateService']],
      ['ServicesDeployDryRun', ['ecs:DescribeServices']],
      ['TaskDefinitionRevisionsDeploy', ['ecs:RegisterTaskDefinition']],
    ]);
    expect(statements[0].Condition).toEqual({
      StringEquals: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' },
    });
  });
});
