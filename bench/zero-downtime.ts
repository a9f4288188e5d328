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
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSimulator, type Simulator, type WorldSeed } from '../sim/index.js';
import { measurePhases } from '../sim/load/phases.js';
import { failures, textTable, type LoadReport } from '../sim/load/report.js';
import { ROOT, runAction } from '../test/helpers/action.js';
import {
  blueGreenWorld,
  nativeBlueGreenWorld,
  rollingWorld,
  webTaskDefinition,
} from '../test/helpers/worlds.js';

/** Simulated time runs this much faster: 300 s of draining pass in 3 real seconds. */
const TIME_SCALE = 100;
const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
/** Every request does 40 real ms of "work" in the app, so requests are in flight at any cutover. */
const PATH = '/checkout?sleep=40';
const LOAD = { concurrency: 8, maxRequests: 100_000, maxDurationMs: 60_000, beforeMs: 1500, afterMs: 1500 };

interface Context {
  sim: Simulator;
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
}

interface Outcome {
  scenario: string;
  /** Whether the scenario must have 0 failed requests. */
  mustBeZero: boolean;
  report: LoadReport;
  /** Simulated seconds the deployment took (the `during` phase). */
  deploySeconds: number;
  note: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

function cluster(context: Context) {
  context.sim.world.clock.fireDue();
  return context.sim.world.ecs.state.clusters.get('prod')!;
}

/** True when every task of the service that does not run `taskDefinitionArn` has STOPPED. */
function onlyRevisionLeft(context: Context, service: string, taskDefinitionArn: string): boolean {
  return [...cluster(context).tasks.values()]
    .filter((task) => task.service?.name === service && task.taskDefinition.arn !== taskDefinitionArn)
    .every((task) => task.lastStatus === 'STOPPED');
}

function tasksLeft(context: Context, service: string): number {
  return [...cluster(context).tasks.values()].filter(
    (task) => task.service?.name === service && task.lastStatus !== 'STOPPED',
  ).length;
}

function healthyTargets(context: Context, targetGroup: string): number {
  const arn = context.sim.world.elb.findTargetGroup(targetGroup)!.arn;
  return context.sim.world.elb.health.list(arn).filter((target) => target.state === 'healthy').length;
}

async function register(context: Context): Promise<string> {
  const input = webTaskDefinition(V2) as unknown as RegisterTaskDefinitionCommandInput;
  const response = await context.ecs.send(new RegisterTaskDefinitionCommand(input));
  return response.taskDefinition!.taskDefinitionArn!;
}

function listenerArn(context: Context, port: number): string {
  return [...context.sim.world.elb.store.listeners.values()].find((listener) => listener.port === port)!.arn;
}

async function setWeights(context: Context, listener: string, blue: number, green: number): Promise<void> {
  const arn = (name: string) => context.sim.world.elb.findTargetGroup(name)!.arn;
  await context.elb.send(
    new ModifyListenerCommand({
      ListenerArn: listener,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: arn('blue-tg'), Weight: blue },
              { TargetGroupArn: arn('green-tg'), Weight: green },
            ],
          },
        },
      ],
    }),
  );
}

/** Starts a simulator with the data plane, runs the deployment under load, stops everything. */
async function scenario(
  options: { name: string; world: WorldSeed; mustBeZero: boolean; port?: number },
  deploy: (context: Context) => Promise<string>,
): Promise<Outcome> {
  const sim = await startSimulator({
    timeScale: TIME_SCALE,
    seed: 11,
    world: options.world,
    dataPlane: true,
  });
  const common = {
    endpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 10,
  };
  const context: Context = { sim, ecs: new ECSClient(common), elb: new ElasticLoadBalancingV2Client(common) };
  try {
    const url = sim.world.dataPlane!.listenerUrl('shop-alb', options.port ?? 80)!;
    let deploySeconds = 0;
    const { report, result } = await measurePhases({
      ...LOAD,
      url: `${url}${PATH}`,
      during: async () => {
        const started = sim.world.clock.now();
        const note = await deploy(context);
        deploySeconds = Math.round((sim.world.clock.now() - started) / 1000);
        return note;
      },
    });
    return { scenario: options.name, mustBeZero: options.mustBeZero, report, deploySeconds, note: result };
  } finally {
    context.ecs.destroy();
    context.elb.destroy();
    await sim.stop();
  }
}

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

function printResults(outcomes: Outcome[]): boolean {
  const rows = outcomes.flatMap((outcome) =>
    outcome.report.phases.map((figures) => [
      outcome.scenario,
      figures.phase,
      figures.requests,
      figures.non2xx,
      figures.connectionErrors,
      failures(figures),
      figures.p50Ms.toFixed(1),
      figures.p99Ms.toFixed(1),
      Object.entries(figures.servedBy)
        .map(([revision, count]) => `${revision}=${count}`)
        .join(' '),
    ]),
  );
  console.log(
    textTable(
      ['scenario', 'phase', 'requests', 'non-2xx', 'conn errors', 'failed', 'p50 ms', 'p99 ms', 'served by'],
      rows,
    ),
  );
  console.log('');
  const summary = outcomes.map((outcome) => {
    const failed = failures(outcome.report.total);
    const verdict = outcome.mustBeZero ? (failed === 0 ? 'met' : 'MISSED') : 'comparison';
    return [
      outcome.scenario,
      outcome.report.total.requests,
      failed,
      outcome.deploySeconds,
      verdict,
      outcome.note,
    ];
  });
  console.log(
    textTable(['scenario', 'requests', 'failed', 'deploy (sim s)', 'bar: 0 failed', 'how'], summary),
  );
  return outcomes.every((outcome) => !outcome.mustBeZero || failures(outcome.report.total) === 0);
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
