/** Helpers of bench/zero-downtime.ts: a simulator with the data plane per scenario, load around the deployment. */
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  ElasticLoadBalancingV2Client,
  ModifyListenerCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSimulator, type Simulator, type WorldSeed } from '../sim/index.js';
import { measurePhases } from '../sim/load/phases.js';
import { failures, textTable, type LoadReport } from '../sim/load/report.js';
import { webTaskDefinition } from '../test/helpers/worlds.js';

/** Simulated time runs this much faster: 300 s of draining pass in 3 real seconds. */
export const TIME_SCALE = 100;
const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
/** Every request does 40 real ms of "work" in the app, so requests are in flight at any cutover. */
export const PATH = '/checkout?sleep=40';
/** The load of every scenario. */
export const LOAD = {
  concurrency: 8,
  maxRequests: 100_000,
  maxDurationMs: 60_000,
  beforeMs: 1500,
  afterMs: 1500,
};

/** A scenario's simulator and SDK clients. */
export interface Context {
  sim: Simulator;
  ecs: ECSClient;
  elb: ElasticLoadBalancingV2Client;
}

/** What one scenario measured. */
export interface Outcome {
  scenario: string;
  /** Whether the scenario must have 0 failed requests. */
  mustBeZero: boolean;
  report: LoadReport;
  /** Simulated seconds the deployment took (the `during` phase). */
  deploySeconds: number;
  note: string;
}

/** Waits real milliseconds. */
export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 25 real ms; throws naming `what` after `timeoutMs`. */
export async function until(what: string, check: () => boolean, timeoutMs = 50_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** The `prod` cluster of the ECS model, after firing due events. */
export function cluster(context: Context) {
  context.sim.world.clock.fireDue();
  return context.sim.world.ecs.state.clusters.get('prod')!;
}

/** True when every task of the service that does not run `taskDefinitionArn` has STOPPED. */
export function onlyRevisionLeft(context: Context, service: string, taskDefinitionArn: string): boolean {
  return [...cluster(context).tasks.values()]
    .filter((task) => task.service?.name === service && task.taskDefinition.arn !== taskDefinitionArn)
    .every((task) => task.lastStatus === 'STOPPED');
}

/** Tasks of a service that have not reached STOPPED. */
export function tasksLeft(context: Context, service: string): number {
  return [...cluster(context).tasks.values()].filter(
    (task) => task.service?.name === service && task.lastStatus !== 'STOPPED',
  ).length;
}

/** Healthy targets of a target group (by name). */
export function healthyTargets(context: Context, targetGroup: string): number {
  const arn = context.sim.world.elb.findTargetGroup(targetGroup)!.arn;
  return context.sim.world.elb.health.list(arn).filter((target) => target.state === 'healthy').length;
}

/** Registers the shop-web revision running shop:v2; returns its ARN. */
export async function register(context: Context): Promise<string> {
  const input = webTaskDefinition(V2) as unknown as RegisterTaskDefinitionCommandInput;
  const response = await context.ecs.send(new RegisterTaskDefinitionCommand(input));
  return response.taskDefinition!.taskDefinitionArn!;
}

/** The ARN of the listener on `port`. */
export function listenerArn(context: Context, port: number): string {
  return [...context.sim.world.elb.store.listeners.values()].find((listener) => listener.port === port)!.arn;
}

/** Sets the listener's forward weights of blue-tg and green-tg (ModifyListener). */
export async function setWeights(
  context: Context,
  listener: string,
  blue: number,
  green: number,
): Promise<void> {
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
export async function scenario(
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

/** Prints the per-phase table and the summary; true when every zero-downtime scenario had 0 failures. */
export function printResults(outcomes: Outcome[]): boolean {
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
