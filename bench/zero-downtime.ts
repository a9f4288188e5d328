/**
 * Zero downtime, measured with real requests: a bounded load runs through the simulator's data plane
 * (listener proxy → task apps on 127.0.0.1) before, during and after a deployment, for each strategy:
 *
 *   rolling            ECS rolling update with the defaults (min 100 %, max 200 %, 300 s draining)
 *   kit blue/green     the real wait-healthy bundle (dist/wait-healthy) shifting 10 % then 100 % (canary)
 *   ECS native b/g     deploymentConfiguration.strategy BLUE_GREEN (production rule flips after SCALE_UP)
 *   naive cutover      green healthy, then listener 100 % green and blue stopped at once, delay 0
 *   rolling, delay 0   the rolling update without connection draining
 *
 * The bar: 0 failed requests (non-2xx or connection errors) for the first three. The naive rows are the
 * comparison. Run: `node --import tsx bench/zero-downtime.ts` (about a minute).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { UpdateServiceCommand } from '@aws-sdk/client-ecs';
import { ROOT, runAction } from '../test/helpers/action.js';
import { blueGreenWorld, nativeBlueGreenWorld, rollingWorld } from '../test/helpers/worlds.js';
import {
  cluster,
  healthyTargets,
  listenerArn,
  LOAD,
  onlyRevisionLeft,
  PATH,
  printResults,
  register,
  scenario,
  setWeights,
  sleep,
  tasksLeft,
  TIME_SCALE,
  until,
  type Context,
  type Outcome,
} from './zero-downtime.lib.js';

async function rolling(context: Context): Promise<string> {
  const taskDefinition = await register(context);
  await context.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition }));
  await until('the rolling update to complete and the old tasks to drain', () => {
    const service = cluster(context).services.get('web')!;
    const [primary] = service.deployments;
    return (
      service.deployments.length === 1 &&
      primary.taskDefinitionArn === taskDefinition &&
      primary.rolloutState === 'COMPLETED' &&
      onlyRevisionLeft(context, 'web', taskDefinition)
    );
  });
  return 'UpdateService; old tasks drained';
}

async function kitBlueGreen(context: Context): Promise<string> {
  const taskDefinition = await register(context);
  const listener = listenerArn(context, 80);
  let note: string;
  if (existsSync(join(ROOT, 'dist', 'wait-healthy', 'index.js'))) {
    const result = await runAction('wait-healthy', {
      inputs: {
        strategy: 'blue-green',
        cluster: 'prod',
        'blue-service': 'web-blue',
        'green-service': 'web-green',
        'listener-arn': listener,
        'task-definition': taskDefinition,
        traffic: '10%:1m,100%',
        'final-bake': '1m',
      },
      endpoint: context.sim.endpoint,
      env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
    });
    if (result.code !== 0) {
      throw new Error(`wait-healthy failed (exit ${result.code}): ${result.stdout.slice(-2000)}`);
    }
    note = `dist/wait-healthy: ${result.outputs['final-weights'] ?? ''}`;
  } else {
    // Without the bundle, the same steps through the SDK.
    await context.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web-green', taskDefinition, desiredCount: 2 }),
    );
    await until('green healthy', () => healthyTargets(context, 'green-tg') === 2);
    await setWeights(context, listener, 90, 10);
    await sleep(60_000 / TIME_SCALE);
    await setWeights(context, listener, 0, 100);
    await sleep(60_000 / TIME_SCALE);
    await context.ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service: 'web-blue', desiredCount: 0 }),
    );
    note = 'SDK steps (dist/wait-healthy not built)';
  }
  await until('blue drained', () => tasksLeft(context, 'web-blue') === 0);
  return `${note}; blue drained`;
}

async function nativeBlueGreen(context: Context): Promise<string> {
  const taskDefinition = await register(context);
  await context.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web', taskDefinition }));
  await until('the service deployment to succeed and blue to drain', () => {
    const service = cluster(context).services.get('web')!;
    const succeeded = service.serviceDeployments.some(
      (record) => record.status === 'SUCCESSFUL' && record.target.taskDefinitionArn === taskDefinition,
    );
    return succeeded && onlyRevisionLeft(context, 'web', taskDefinition);
  });
  return 'BLUE_GREEN, bake 1 min; blue drained';
}

async function naiveCutover(context: Context): Promise<string> {
  const taskDefinition = await register(context);
  await context.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service: 'web-green', taskDefinition, desiredCount: 2 }),
  );
  await until('green healthy', () => healthyTargets(context, 'green-tg') === 2);
  await Promise.all([
    setWeights(context, listenerArn(context, 80), 0, 100),
    context.ecs.send(new UpdateServiceCommand({ cluster: 'prod', service: 'web-blue', desiredCount: 0 })),
  ]);
  await until('blue stopped', () => tasksLeft(context, 'web-blue') === 0);
  return 'flip + stop blue at once, delay 0';
}

const started = Date.now();
const outcomes: Outcome[] = [];
outcomes.push(
  await scenario({ name: 'rolling (defaults)', world: rollingWorld(), mustBeZero: true }, rolling),
);
outcomes.push(
  await scenario({ name: 'kit blue/green canary', world: blueGreenWorld(), mustBeZero: true }, kitBlueGreen),
);
outcomes.push(
  await scenario(
    {
      name: 'ECS native blue/green',
      world: nativeBlueGreenWorld({ bakeTimeInMinutes: 1 }),
      mustBeZero: true,
    },
    nativeBlueGreen,
  ),
);
outcomes.push(
  await scenario(
    { name: 'naive cutover', world: blueGreenWorld({ deregistrationDelaySeconds: 0 }), mustBeZero: false },
    naiveCutover,
  ),
);
outcomes.push(
  await scenario(
    { name: 'rolling, delay 0', world: rollingWorld({ deregistrationDelaySeconds: 0 }), mustBeZero: false },
    rolling,
  ),
);
console.log(
  `zero-downtime: load through the data plane at time x${TIME_SCALE}, ${LOAD.concurrency} workers, ${PATH}\n`,
);
const met = printResults(outcomes);
console.log(`\n${met ? 'bar met' : 'bar MISSED'}: ${((Date.now() - started) / 1000).toFixed(0)} s wall time`);
process.exitCode = met ? 0 : 1;
