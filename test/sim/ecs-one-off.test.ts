/** ECS simulator: one-off tasks (RunTask, DescribeTasks, StopTask) with exit codes from the image behaviour. */
import {
  DescribeTasksCommand,
  RunTaskCommand,
  StopTaskCommand,
  type RunTaskCommandInput,
  type Task,
} from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { rollingWorld } from '../helpers/worlds.js';
import { rejection, startEcs, stopEcs, waitFor, type EcsHarness } from './ecs-fixtures.js';

let harness: EcsHarness | undefined;
afterEach(async () => {
  await stopEcs(harness);
  harness = undefined;
});

const V1 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1';
const request = (command?: string[]): RunTaskCommandInput => ({
  cluster: 'prod',
  taskDefinition: 'shop-web',
  launchType: 'FARGATE',
  startedBy: 'ecs-kit',
  networkConfiguration: { awsvpcConfiguration: { subnets: ['subnet-0aaa0000000000001'] } },
  overrides: command ? { containerOverrides: [{ name: 'web', command }] } : undefined,
});

async function runToStopped(input: RunTaskCommandInput): Promise<Task> {
  const started = await harness!.ecs.send(new RunTaskCommand(input));
  const taskArn = started.tasks![0].taskArn!;
  expect(started.tasks![0]).toMatchObject({
    lastStatus: 'PROVISIONING',
    startedBy: 'ecs-kit',
    group: 'family:shop-web',
  });
  const described = await waitFor(
    harness!,
    () => harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] })),
    (response) => response.tasks![0].lastStatus === 'STOPPED',
    { pollMs: 500 },
  );
  return described.tasks![0];
}

test('a one-off job exits with its behaviour exit code; the essential container stops the task', async () => {
  harness = await startEcs({
    world: { ...rollingWorld(), behaviours: { [V1]: { kind: 'healthy', oneOff: { exitCode: 3 } } } },
  });
  const task = await runToStopped(request(['migrate']));
  expect(task).toMatchObject({
    stopCode: 'EssentialContainerExited',
    stoppedReason: 'Essential container in task exited',
    containers: [{ name: 'web', exitCode: 3, reason: 'exited with code 3' }],
    overrides: { containerOverrides: [{ name: 'web', command: ['migrate'] }] },
  });
});

test('a command without a job behaviour exits 0 quickly; StopTask on a server gives 137 and the reason', async () => {
  harness = await startEcs({ world: rollingWorld() });
  expect((await runToStopped(request(['true']))).containers![0].exitCode).toBe(0);
  const started = await harness.ecs.send(new RunTaskCommand(request()));
  const taskArn = started.tasks![0].taskArn!;
  // A task stopped before it started has no exit code: stop the server once it runs.
  await waitFor(
    harness,
    () => harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] })),
    (response) => response.tasks![0].lastStatus === 'RUNNING',
    { pollMs: 500 },
  );
  await harness.ecs.send(
    new StopTaskCommand({ cluster: 'prod', task: taskArn, reason: 'ecs-kit: timed out' }),
  );
  const stopped = await waitFor(
    harness,
    () => harness!.ecs.send(new DescribeTasksCommand({ cluster: 'prod', tasks: [taskArn] })),
    (response) => response.tasks![0].lastStatus === 'STOPPED',
    { pollMs: 500 },
  );
  expect(stopped.tasks![0]).toMatchObject({
    stopCode: 'UserInitiated',
    stoppedReason: 'ecs-kit: timed out',
    containers: [{ name: 'web', exitCode: 137 }],
  });
});

test('RunTask refuses what ECS refuses', async () => {
  harness = await startEcs({ world: rollingWorld() });
  const noNetwork = await rejection(
    harness.ecs.send(new RunTaskCommand({ ...request(), networkConfiguration: undefined })),
  );
  expect(noNetwork.message).toContain('Network Configuration must be provided');
  const badContainer = await rejection(
    harness.ecs.send(
      new RunTaskCommand({
        ...request(),
        overrides: { containerOverrides: [{ name: 'nope', command: ['x'] }] },
      }),
    ),
  );
  expect(badContainer.message).toContain('Override for container named nope is not a container');
  const both = await rejection(
    harness.ecs.send(
      new RunTaskCommand({ ...request(), capacityProviderStrategy: [{ capacityProvider: 'FARGATE' }] }),
    ),
  );
  expect(both.name).toBe('InvalidParameterException');
});
