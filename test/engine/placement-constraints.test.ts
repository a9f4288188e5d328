/**
 * Issue 15's bad input on an EC2 cluster: a memberOf placement constraint (the service's or the task
 * definition's) that no ACTIVE container instance satisfies fails ecs-deploy's preflight before any
 * mutating call, naming the constraint and where it is written; a constraint some instance satisfies
 * deploys. The simulator answers ListContainerInstances' `filter` in the cluster query language.
 */
import { afterEach, expect, test } from '@jest/globals';
import { ListContainerInstancesCommand, UpdateContainerInstancesStateCommand } from '@aws-sdk/client-ecs';
import { deploy } from '../../src/deploy/deploy.js';
import type { DeployOptions, EngineContext } from '../../src/deploy/types.js';
import type { TaskDefinitionInput } from '../../src/taskdef/types.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { ec2TaskDefinition, ec2World } from '../helpers/ec2-worlds.js';
import { engineContext } from '../helpers/engine.js';

const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

let sim: Simulator | undefined;
let destroy: (() => void) | undefined;
afterEach(async () => {
  destroy?.();
  await sim?.stop();
  sim = undefined;
});

async function start(
  placementConstraints?: Record<string, unknown>[],
  desiredCount?: number,
): Promise<EngineContext> {
  sim = await startSimulator({
    timeScale: 500,
    seed: 3,
    world: ec2World({ instances: 3, placementConstraints, desiredCount }),
  });
  const context = engineContext(sim);
  destroy = context.destroy;
  return context;
}

function options(base?: TaskDefinitionInput): DeployOptions {
  return {
    cluster: 'prod',
    services: ['web'],
    base,
    overrides: { images: new Map([['web', image('v2')]]) },
    allowFamilyChange: false,
    forceNewDeployment: 'auto',
    inProgress: 'wait',
    waitMode: 'deployment',
    timeoutMs: 30 * 60_000,
    rollbackOnFailure: true,
    keepRevisions: 0,
    dryRun: false,
    provenance: { commit: 'abc123' },
  };
}

const mutating = () => sim!.world.log.list().filter((call) => call.mutating);

test("the simulator's ListContainerInstances filter keeps the instances an attribute expression matches", async () => {
  const context = await start();
  const list = (filter?: string) =>
    context.clients.ecs
      .send(new ListContainerInstancesCommand({ cluster: 'prod', status: 'ACTIVE', filter }))
      .then((response) => response.containerInstanceArns ?? []);
  expect(await list()).toHaveLength(3);
  expect(await list('attribute:ecs.availability-zone == us-east-1a')).toHaveLength(1);
  expect(await list('attribute:ecs.availability-zone in [us-east-1a, us-east-1b]')).toHaveLength(2);
  expect(await list('attribute:ecs.instance-type == c5.large')).toHaveLength(0);
  await expect(list('task:group == web')).rejects.toThrow(/cannot evaluate/);
}, 30_000);

test('a service constraint no ACTIVE instance satisfies (its zone drained) fails before any mutating call, naming it', async () => {
  const zoneA = 'attribute:ecs.availability-zone == us-east-1a';
  const context = await start([{ type: 'memberOf', expression: zoneA }], 0);
  const { ecs } = context.clients;
  const [instance] =
    (await ecs.send(new ListContainerInstancesCommand({ cluster: 'prod', filter: zoneA })))
      .containerInstanceArns ?? [];
  await ecs.send(
    new UpdateContainerInstancesStateCommand({
      cluster: 'prod',
      containerInstances: [instance],
      status: 'DRAINING',
    }),
  );
  sim!.world.log.clear();
  await expect(deploy(context, options())).rejects.toThrow(
    "service web placementConstraints[0]: memberOf 'attribute:ecs.availability-zone == us-east-1a' is satisfied by no ACTIVE container instance of cluster 'prod', so ECS could never place a task of web",
  );
  expect(mutating()).toEqual([]);
}, 30_000);

test('a task definition constraint no instance satisfies fails before any mutating call, naming it', async () => {
  const context = await start();
  const base = {
    ...ec2TaskDefinition(image('v1')),
    placementConstraints: [
      { type: 'memberOf', expression: 'attribute:ecs.os-type == linux' },
      { type: 'memberOf', expression: 'attribute:ecs.availability-zone in [eu-west-1a]' },
    ],
  } as unknown as TaskDefinitionInput;
  await expect(deploy(context, options(base))).rejects.toThrow(
    /^task definition shop-web placementConstraints\[1\]: memberOf 'attribute:ecs\.availability-zone in \[eu-west-1a\]' is satisfied by no ACTIVE container instance/,
  );
  expect(mutating()).toEqual([]);
}, 30_000);

test('a constraint some instance satisfies deploys, placed on that instance', async () => {
  const context = await start([
    { type: 'memberOf', expression: 'attribute:ecs.availability-zone == us-east-1b' },
  ]);
  const report = await deploy(context, options());
  expect(report.outcome).toBe('deployed');
  const lists = sim!.world.log.list().filter((call) => call.operation === 'ListContainerInstances');
  expect(lists.map((call) => call.params.filter)).toEqual(['attribute:ecs.availability-zone == us-east-1b']);
}, 30_000);
