/**
 * The automatic rollback follows the one rollback rule (src/deploy/automatic-rollback.ts): on a day-one
 * estate where the revision the service runs is a failed half-deploy by hand (its rollout FAILED, no kit
 * tags anywhere), a failed kit rollout goes back to the last revision ECS records as successfully
 * deployed, not to the broken one; a settled service still goes back to the revision it ran.
 */
import { afterEach, expect, test } from '@jest/globals';
import fc from 'fast-check';
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from '@aws-sdk/client-ecs';
import { automaticRollbackTarget } from '../../src/deploy/automatic-rollback.js';
import { deploy } from '../../src/deploy/deploy.js';
import type { RollbackCandidate } from '../../src/deploy/rollback-candidates.js';
import type { DeployOptions, EngineContext } from '../../src/deploy/types.js';
import { startSimulator, type Simulator } from '../../sim/index.js';
import { engineContext } from '../helpers/engine.js';
import { rollingWorld, webTaskDefinition } from '../helpers/worlds.js';

const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

let sim: Simulator | undefined;
let context: (EngineContext & { destroy(): void }) | undefined;
afterEach(async () => {
  context?.destroy();
  await sim?.stop();
  sim = undefined;
  context = undefined;
});

async function start(): Promise<{ sim: Simulator; context: EngineContext }> {
  sim = await startSimulator({
    timeScale: 500,
    seed: 5,
    world: {
      ...rollingWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }),
      behaviours: { [image('broken')]: { kind: 'never-healthy' }, [image('bad')]: { kind: 'never-healthy' } },
    },
  });
  context = engineContext(sim);
  return { sim, context };
}

async function web(context: EngineContext) {
  return (await context.clients.ecs.send(new DescribeServicesCommand({ cluster: 'prod', services: ['web'] })))
    .services![0];
}

/** Advances simulated time until `done` holds for the service. */
async function until(
  sim: Simulator,
  context: EngineContext,
  done: (service: Awaited<ReturnType<typeof web>>) => boolean,
): Promise<void> {
  for (let step = 0; step < 400; step++) {
    if (done(await web(context))) return;
    sim.world.clock.advance(10_000);
  }
  throw new Error(`the service never got there: ${JSON.stringify((await web(context)).deployments)}`);
}

/** A hand deployment of `tag` (a plain UpdateService, no kit tags), as the console would make it. */
async function byHand(context: EngineContext, tag: string, rollback: boolean): Promise<string> {
  const { ecs } = context.clients;
  const registered = await ecs.send(
    new RegisterTaskDefinitionCommand(webTaskDefinition(image(tag)) as never),
  );
  const arn = registered.taskDefinition!.taskDefinitionArn!;
  await ecs.send(
    new UpdateServiceCommand({
      cluster: 'prod',
      service: 'web',
      taskDefinition: arn,
      deploymentConfiguration: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback },
      },
    }),
  );
  return arn;
}

function deployImage(tag: string): DeployOptions {
  return {
    cluster: 'prod',
    services: ['web'],
    overrides: { images: new Map([['web', image(tag)]]) },
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

test('day one: the service runs a failed half-deploy; a failed rollout goes back to the last successful revision', async () => {
  const { sim, context } = await start();
  const revision2 = await byHand(context, 'v2', true);
  await until(
    sim,
    context,
    (service) => service.deployments?.length === 1 && service.deployments[0].rolloutState === 'COMPLETED',
  );
  const revision3 = await byHand(context, 'broken', false);
  await until(sim, context, (service) =>
    Boolean(
      service.deployments?.some(
        (deployment) => deployment.taskDefinition === revision3 && deployment.rolloutState === 'FAILED',
      ),
    ),
  );
  expect((await web(context)).taskDefinition).toBe(revision3);

  const report = await deploy(context, deployImage('bad'));

  expect(report.outcome).toBe('rolled-back');
  expect(report.services[0].previousTaskDefinitionArn).toBe(revision3);
  expect(report.services[0].rollback).toMatchObject({ status: 'completed', taskDefinitionArn: revision2 });
  const service = await web(context);
  expect(service.taskDefinition).toBe(revision2);
  expect(service.deployments?.find((deployment) => deployment.status === 'PRIMARY')?.rolloutState).toBe(
    'COMPLETED',
  );
  const updates = sim.world.log.list().filter((call) => call.operation === 'UpdateService');
  expect(updates.slice(-2).map((call) => String(call.params.taskDefinition).split('/').pop())).toEqual([
    'shop-web:4',
    'shop-web:2',
  ]);
}, 60_000);

test('a settled service goes back to the revision it ran, with no read of the rollback rule', async () => {
  const { sim, context } = await start();
  const report = await deploy(context, deployImage('bad'));
  expect(report.outcome).toBe('rolled-back');
  expect(report.services[0].rollback?.taskDefinitionArn).toMatch(/shop-web:1$/);
  const operations = sim.world.log.list().map((call) => call.operation);
  expect(operations).not.toContain('ListServiceDeployments');
}, 60_000);

const arn = (revision: number) => `arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:${revision}`;
const candidate = (revision: number): RollbackCandidate => ({
  taskDefinitionArn: arn(revision),
  source: 'ecs-successful',
  reason: 'test',
});

test('property: the target is the pre-run revision when settled, else the newest candidate when there is one', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 50 }),
      fc.boolean(),
      fc.uniqueArray(fc.integer({ min: 1, max: 49 }), { maxLength: 5 }),
      (previous, settled, revisions) => {
        const candidates = revisions.map(candidate);
        const target = automaticRollbackTarget({ previous: arn(previous), settled, candidates });
        if (settled) return target.taskDefinitionArn === arn(previous);
        if (candidates.length === 0) return target.taskDefinitionArn === arn(previous);
        return target.taskDefinitionArn === candidates[0].taskDefinitionArn;
      },
    ),
  );
});
