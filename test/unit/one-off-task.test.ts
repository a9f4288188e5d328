/** One-off tasks as pure data: the RunTask request, the awslogs link, the verdict and the input forms. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import type { ContainerDefinition, Service, Task } from '@aws-sdk/client-ecs';
import { parseOneOffTasks, type OneOffInputContext } from '../../actions/ecs-deploy/one-off-inputs.js';
import {
  awsLogsLink,
  buildRunTaskRequest,
  judgeOneOffTask,
  oneOffContainer,
  type OneOffTaskSpec,
} from '../../src/deploy/one-off-task.js';

const spec: OneOffTaskSpec = {
  phase: 'before',
  source: 'before-command',
  command: ['npm', 'run', 'migrate'],
  environment: [{ name: 'DRY', value: '0' }],
  timeoutMs: 600_000,
};
const network = { awsvpcConfiguration: { subnets: ['subnet-1'], securityGroups: ['sg-1'] } };
const TASK = 'arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef';

describe('buildRunTaskRequest', () => {
  test('copies the Fargate service: launch type, platform version, network; overrides one container', () => {
    const service: Service = {
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: network,
    };
    expect(
      buildRunTaskRequest({
        cluster: 'prod',
        taskDefinitionArn: 'arn:td:7',
        service,
        container: 'web',
        spec,
      }),
    ).toEqual({
      cluster: 'prod',
      taskDefinition: 'arn:td:7',
      count: 1,
      startedBy: 'ecs-kit',
      group: 'ecs-kit:before',
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      networkConfiguration: network,
      overrides: {
        containerOverrides: [
          { name: 'web', command: ['npm', 'run', 'migrate'], environment: [{ name: 'DRY', value: '0' }] },
        ],
      },
    });
  });

  test('a capacity provider strategy is copied instead of a launch type', () => {
    const strategy = [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }];
    const request = buildRunTaskRequest({
      cluster: 'prod',
      taskDefinitionArn: 'arn:td:7',
      service: { capacityProviderStrategy: strategy, networkConfiguration: network },
      container: 'web',
      spec: { ...spec, environment: [] },
    });
    expect(request.capacityProviderStrategy).toEqual(strategy);
    expect(request).not.toHaveProperty('launchType');
    expect(request.overrides?.containerOverrides?.[0]).toEqual({ name: 'web', command: spec.command });
  });
});

describe('awsLogsLink', () => {
  const container = (options: Record<string, string>, driver = 'awslogs'): ContainerDefinition => ({
    name: 'web',
    logConfiguration: { logDriver: driver as 'awslogs', options },
  });

  test('links prefix/container/task id in the log group, in the group region', () => {
    expect(
      awsLogsLink(
        container({
          'awslogs-group': '/ecs/shop',
          'awslogs-region': 'eu-west-1',
          'awslogs-stream-prefix': 'ecs',
        }),
        TASK,
        'us-east-1',
      ),
    ).toBe(
      'https://eu-west-1.console.aws.amazon.com/cloudwatch/home?region=eu-west-1' +
        '#logsV2:log-groups/log-group/$252Fecs$252Fshop/log-events/ecs$252Fweb$252F0123456789abcdef0123456789abcdef',
    );
  });

  test('falls back to the client region; no link without awslogs or a stream prefix', () => {
    expect(
      awsLogsLink(container({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }), TASK, 'ap-south-1'),
    ).toMatch(/^https:\/\/ap-south-1\.console/);
    expect(awsLogsLink(container({ 'awslogs-group': 'g' }), TASK, 'us-east-1')).toBeUndefined();
    expect(
      awsLogsLink(container({ 'awslogs-group': 'g', 'awslogs-stream-prefix': 'p' }, 'json-file'), TASK, 'x'),
    ).toBeUndefined();
  });
});

describe('judgeOneOffTask', () => {
  const definitions: ContainerDefinition[] = [
    { name: 'app', essential: true },
    { name: 'sidecar', essential: false },
  ];
  const task = (app?: number, sidecar?: number): Task => ({
    stoppedReason: 'Essential container in task exited',
    containers: [
      { name: 'app', exitCode: app },
      { name: 'sidecar', exitCode: sidecar },
    ],
  });

  test('succeeds when every essential container exited 0, whatever the others did', () => {
    expect(judgeOneOffTask(task(0, 137), definitions)).toMatchObject({
      succeeded: true,
      exitCodes: ['app=0', 'sidecar=137'],
    });
  });

  test('fails on a non-zero or missing essential exit code', () => {
    expect(judgeOneOffTask(task(1, 0), definitions)).toMatchObject({
      succeeded: false,
      failedContainers: [{ name: 'app', exitCode: 1 }],
    });
    expect(judgeOneOffTask(task(undefined, 0), definitions).succeeded).toBe(false);
  });
});

describe('properties', () => {
  test('the log link decodes back to the group and prefix/container/task id, whatever their characters', () => {
    const decode = (text: string) => decodeURIComponent(decodeURIComponent(text.replace(/\$/g, '%')));
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (group, prefix) => {
        const url = awsLogsLink(
          {
            name: 'web',
            logConfiguration: {
              logDriver: 'awslogs',
              options: { 'awslogs-group': group, 'awslogs-stream-prefix': prefix },
            },
          },
          TASK,
          'eu-west-1',
        )!;
        const [, encodedGroup, encodedStream] = /log-group\/([^/]*)\/log-events\/([^/]*)$/.exec(url)!;
        expect(decode(encodedGroup)).toBe(group);
        expect(decode(encodedStream)).toBe(`${prefix}/web/0123456789abcdef0123456789abcdef`);
      }),
    );
  });

  test('a task succeeds exactly when every essential container exited 0', () => {
    const container = fc.record({
      essential: fc.boolean(),
      exitCode: fc.option(fc.integer({ min: 0, max: 255 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(container, { minLength: 1, maxLength: 5 }), (containers) => {
        const named = containers.map((entry, index) => ({ ...entry, name: `c${index}` }));
        const verdict = judgeOneOffTask(
          { containers: named.map(({ name, exitCode }) => ({ name, exitCode })) },
          named.map(({ name, essential }) => ({ name, essential })),
        );
        expect(verdict.succeeded).toBe(named.every((entry) => !entry.essential || entry.exitCode === 0));
      }),
    );
  });
});

describe('oneOffContainer', () => {
  const containers: ContainerDefinition[] = [{ name: 'proxy', essential: false }, { name: 'app' }];
  test('the named container, else the first essential one', () => {
    expect(oneOffContainer({ ...spec, container: 'proxy' }, containers)).toBe('proxy');
    expect(oneOffContainer(spec, containers)).toBe('app');
  });
  test('a container the revision lacks is an error naming where the task was given', () => {
    expect(() =>
      oneOffContainer({ ...spec, source: 'deploy.before[0]', container: 'migrator' }, containers),
    ).toThrow("deploy.before[0]: container 'migrator' is not in the task definition (it has 'proxy', 'app')");
  });
});

describe('parseOneOffTasks', () => {
  const context: OneOffInputContext = {
    phase: 'before',
    input: 'before-command',
    fromConfig: false,
    timeoutMs: 600_000,
  };

  test('a string runs with sh -c; a JSON list of strings is the exec form', () => {
    expect(parseOneOffTasks('npm run migrate && echo ok', context)[0].command).toEqual([
      'sh',
      '-c',
      'npm run migrate && echo ok',
    ]);
    expect(parseOneOffTasks('["rake", "db:migrate"]', { ...context, container: 'app' })[0]).toEqual({
      phase: 'before',
      source: 'before-command',
      container: 'app',
      command: ['rake', 'db:migrate'],
      environment: [],
      timeoutMs: 600_000,
    });
    expect(parseOneOffTasks('', context)).toEqual([]);
  });

  test('task objects (the config form) keep their own container, environment and timeout', () => {
    const tasks = parseOneOffTasks(
      JSON.stringify([
        { container: 'app', command: ['migrate'], environment: { STEP: 1 }, timeout: '90s' },
        { command: ['seed'] },
      ]),
      { ...context, fromConfig: true },
    );
    expect(tasks.map((task) => [task.source, task.container, task.timeoutMs])).toEqual([
      ['deploy.before[0]', 'app', 90_000],
      ['deploy.before[1]', undefined, 600_000],
    ]);
    expect(tasks[0].environment).toEqual([{ name: 'STEP', value: '1' }]);
  });

  test('a task without a command is an error naming the input or the config path', () => {
    expect(() => parseOneOffTasks('[]', context)).toThrow("input 'before-command': needs a command");
    expect(() => parseOneOffTasks('[{"container": "app"}]', { ...context, fromConfig: true })).toThrow(
      "input 'config': deploy.before[0]: needs a command",
    );
    expect(() => parseOneOffTasks('[{"command": []}]', context)).toThrow(
      "input 'before-command': before-command[0]: needs a command",
    );
    expect(() => parseOneOffTasks('[not json', context)).toThrow("input 'before-command': not a JSON list");
  });
});
