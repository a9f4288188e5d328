/**
 * Benchmark: health-only gating against metric gating, side by side in one run, with real requests through
 * the simulated load balancer. The new revision (shop:v2) answers /health with 200 and 500 on 20% of /api
 * requests; wait-healthy (the bundle) runs a kit blue/green canary 10% → 50% → 100%. Health-only gating
 * promotes it; the metric gate (new colour's 5xx share ≤ 2% of at least 20 requests) rolls it back during
 * the 10% step. Printed: failed requests, time from the first shift to the rollback, and the share of all
 * requests the bad revision answered. Goal: rolled back before the second step, < 1% of requests failed.
 * Run: `node scripts/build.mjs wait-healthy && node --import tsx bench/metric-gate.ts` (about 40 s).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { startSimulator } from '../sim/index.js';
import { measurePhases } from '../sim/load/phases.js';
import { failures, textTable, type LoadReport } from '../sim/load/report.js';
import { ROOT, runAction } from '../test/helpers/action.js';
import { blueGreenWorld, webTaskDefinition } from '../test/helpers/worlds.js';

/** Simulated time runs 25 times faster: a 2-minute step bakes in 4.8 real seconds. */
const TIME_SCALE = 25;
const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
const LOAD = { concurrency: 8, maxRequests: 200_000, maxDurationMs: 120_000, beforeMs: 1000, afterMs: 1000 };
/** User requests: 10 real ms of work each, on a path the bad revision fails 20% of the time. */
const PATH = '/api/orders?sleep=10';
const TRAFFIC = '10%:2m,50%:2m,100%';

interface Scenario {
  name: string;
  inputs: Record<string, string>;
}

interface Outcome {
  scenario: string;
  report: LoadReport;
  verdict: string;
  finalWeights: string;
  /** Green's weights in the order the action sent them. */
  steps: number[];
  /** Simulated seconds from the first shift to the rollback to 0%, when there was one. */
  rollbackSeconds?: number;
  /** Requests the bad revision (shop-web:2) answered. */
  badServed: number;
}

/** Green's weight in each ModifyListener the action sent, with the simulated time of the call. */
function greenWeights(sim: Awaited<ReturnType<typeof startSimulator>>): { time: number; weight: number }[] {
  const green = sim.world.elb.findTargetGroup('green-tg')!.arn;
  return sim.world.log
    .list()
    .filter((call) => call.operation === 'ModifyListener' && call.outcome === 'ok')
    .map((call) => {
      const entries = [
        ...JSON.stringify(call.params).matchAll(/"TargetGroupArn":"([^"]+)","Weight":"?(\d+)"?/g),
      ];
      return { time: call.time, weight: Number(entries.find((entry) => entry[1] === green)?.[2] ?? NaN) };
    });
}

async function run(scenario: Scenario): Promise<Outcome> {
  const world = { ...blueGreenWorld({ healthCheckIntervalSeconds: 10, deregistrationDelaySeconds: 30 }) };
  const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 11, world, dataPlane: true });
  sim.world.behaviours.set({ 'shop:v2': { kind: 'user-errors', errorPercent: 20, healthPath: '/health' } });
  const ecs = new ECSClient({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
  });
  try {
    const input = webTaskDefinition(V2) as unknown as RegisterTaskDefinitionCommandInput;
    const taskDefinition = (await ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!;
    const listener = [...sim.world.elb.store.listeners.values()].find((entry) => entry.port === 80)!.arn;
    const url = sim.world.dataPlane!.listenerUrl('shop-alb', 80)!;
    const { report, result } = await measurePhases({
      ...LOAD,
      url: `${url}${PATH}`,
      during: () =>
        runAction('wait-healthy', {
          inputs: {
            strategy: 'blue-green',
            cluster: 'prod',
            'blue-service': 'web-blue',
            'green-service': 'web-green',
            'listener-arn': listener,
            'task-definition': taskDefinition.taskDefinitionArn!,
            traffic: TRAFFIC,
            'final-bake': '1m',
            'old-colour': 'keep-warm',
            ...scenario.inputs,
          },
          endpoint: sim.endpoint,
          env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
        }),
    });
    const weights = greenWeights(sim);
    const firstShift = weights.find((entry) => entry.weight > 0);
    const rollback =
      firstShift && weights.find((entry) => entry.time > firstShift.time && entry.weight === 0);
    return {
      scenario: scenario.name,
      report,
      verdict: `${result.outputs.verdict ?? `exit ${result.code}`}${result.outputs['rolled-back'] === 'true' ? ', rolled back' : ''}`,
      finalWeights: result.outputs['final-weights'] ?? '',
      steps: weights.map((entry) => entry.weight),
      rollbackSeconds:
        rollback && firstShift ? Math.round((rollback.time - firstShift.time) / 1000) : undefined,
      badServed: report.total.servedBy[`shop-web:${taskDefinition.revision}`] ?? 0,
    };
  } finally {
    ecs.destroy();
    await sim.stop();
  }
}

const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(2)}%` : '-');

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'wait-healthy', 'index.js'))) {
    throw new Error('build the bundle first: node scripts/build.mjs wait-healthy');
  }
  const outcomes: Outcome[] = [];
  const scenarios: Scenario[] = [
    { name: 'health-only gating', inputs: {} },
    { name: 'metric gating', inputs: { 'metric-max-5xx': '2', 'metric-min-requests': '20' } },
  ];
  for (const scenario of scenarios) outcomes.push(await run(scenario));
  console.log(`kit blue/green, traffic ${TRAFFIC}; shop:v2 is healthy on /health, 500 on 20% of ${PATH}\n`);
  console.log(
    textTable(
      [
        'gating',
        'requests',
        'failed',
        'failed share',
        'served by v2',
        'green steps',
        'rollback after',
        'verdict',
        'final weights',
      ],
      outcomes.map((outcome) => {
        const total = outcome.report.total;
        return [
          outcome.scenario,
          total.requests,
          failures(total),
          percent(failures(total), total.requests),
          percent(outcome.badServed, total.requests),
          outcome.steps.join(' → '),
          outcome.rollbackSeconds === undefined ? 'never' : `${outcome.rollbackSeconds} sim s`,
          outcome.verdict,
          outcome.finalWeights,
        ];
      }),
    ),
  );
  const metric = outcomes[1];
  const failedShare = failures(metric.report.total) / metric.report.total.requests;
  const beforeSecondStep = !metric.steps.includes(50) && metric.rollbackSeconds !== undefined;
  console.log(
    `\ngoal (metric gating): rolled back before the second step: ${beforeSecondStep ? 'met' : 'MISSED'}; ` +
      `< 1% of requests failed: ${failedShare < 0.01 ? 'met' : 'MISSED'}`,
  );
  if (!beforeSecondStep || failedShare >= 0.01) process.exitCode = 1;
}

await main();
