/**
 * `npm run demo`: the kit's main job on the local simulator, with real requests flowing.
 *
 * Builds the action bundles when missing, starts the simulator with its data plane (tasks serve real HTTP,
 * the listener is a real reverse proxy on 127.0.0.1), seeds a shop (cluster, blue and green services behind
 * one listener, a queue worker with its own task definition, an ECR repository) and runs the real bundles
 * as processes, the way a workflow would:
 *
 *   1. ecs-deploy v1 from the config file: the database migration runs first as a one-off task, then the
 *      live colour and the worker roll out together, each gated (target health; the worker's tasks)
 *   2. ecs-deploy v2 to the idle colour (no traffic yet)
 *   3. wait-healthy blue/green: shift traffic to v2 in linear steps, under load
 *   4. ecs-deploy v3, whose image never turns healthy, to the idle colour: rolled back, traffic stays on v2
 *   5. ecs-deploy v4 to the idle colour: healthy on /health, but 500 on 20% of user requests
 *   6. wait-healthy blue/green canary with the metric gate: v4 is caught in its 10% step, traffic back on v2
 *   7. cleanup-ecr dry run: what would be pruned, with everything in use protected
 *
 * Exits non-zero when any step's outcome differs from the script, or a request fails outside the canary
 * step of the user-red revision (whose few failed requests, under 1%, are what the metric gate allows).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type WorldSeed } from '../sim/index.js';
import { startLoad } from '../sim/load/generator.js';
import { failures, type LoadReport } from '../sim/load/report.js';
import { ROOT, runAction, type RunResult } from '../test/helpers/action.js';
import { blueGreenWorld, webTaskDefinition } from '../test/helpers/worlds.js';
import { renderMarkdown } from './demo/terminal-markdown.js';

const TIME_SCALE = 25;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop';
/** Log lines the simulated migration writes, shown by the step that runs it. */
const MIGRATION_LOG = ['applying 0042_add_orders_index', 'applied 1 migration'];
const colour = process.stdout.isTTY;
const bold = (text: string) => (colour ? `\x1b[1m${text}\x1b[0m` : text);
const mark = (ok: boolean) =>
  ok ? (colour ? '\x1b[32mok\x1b[0m' : 'ok') : colour ? '\x1b[31mFAILED\x1b[0m' : 'FAILED';

function ensureBundles(): void {
  const actions = ['ecs-deploy', 'wait-healthy', 'cleanup-ecr'];
  if (actions.every((action) => existsSync(join(ROOT, 'dist', action, 'index.js')))) return;
  console.log('building the action bundles (npm run build)...');
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { stdio: 'inherit' });
}

/** The queue worker: the shop image with another command, no port, no load balancer. */
function workerTaskDefinition(image: string) {
  const web = webTaskDefinition(image);
  const [container] = web.containerDefinitions;
  return {
    ...web,
    family: 'shop-worker',
    containerDefinitions: [
      { ...container, name: 'worker', command: ['npm', 'run', 'worker'], portMappings: [] },
    ],
  };
}

/**
 * The release config step 1 deploys: the migration before any service changes, then the live colour and
 * the worker (its own task definition) in one step, every service gated.
 */
function releaseConfig(tag: string): string {
  return [
    'version: 1',
    'cluster: prod',
    'task-definition: taskdef.json',
    'containers:',
    `  web: ${REGISTRY}:${tag}`,
    'services:',
    '  - name: web-blue',
    '    desired-count: 2',
    '  - name: worker',
    '    task-definition: worker.json',
    '    containers:',
    `      worker: ${REGISTRY}:${tag}`,
    'deploy:',
    '  wait: healthy',
    '  rollback: true',
    '  before:',
    '    - container: web',
    '      command: [npm, run, migrate]',
    '',
  ].join('\n');
}

/** The shop: blue live on v0 with two tasks, green idle, a worker; old builds in ECR for the cleanup step. */
function shopWorld(): WorldSeed {
  const world = blueGreenWorld({ image: `${REGISTRY}:v0`, deregistrationDelaySeconds: 30 });
  world.taskDefinitions = [...(world.taskDefinitions ?? []), workerTaskDefinition(`${REGISTRY}:v0`)];
  // awsvpc services carry their subnets and security groups, which the migration's RunTask reuses.
  const networkConfiguration = {
    awsvpcConfiguration: { subnets: ['subnet-0aaa0000000000001'], securityGroups: ['sg-0aaa0000000000001'] },
  };
  world.services = [
    ...(world.services ?? []).map((service) => ({ ...service, networkConfiguration })),
    {
      cluster: 'prod',
      serviceName: 'worker',
      taskDefinition: 'shop-worker',
      desiredCount: 1,
      launchType: 'FARGATE' as const,
      networkConfiguration,
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
    },
  ];
  const day = 86_400_000;
  const now = Date.now();
  world.repositories = [
    {
      name: 'shop',
      images: [
        ...Array.from({ length: 14 }, (_, i) => ({
          tags: [`build-${100 + i}`],
          pushedAt: now - (40 - i) * day,
          sizeBytes: 48_000_000 + i * 100_000,
        })),
        ...['v0', 'v1', 'v2', 'v3', 'v4'].map((tag, i) => ({
          tags: [tag],
          pushedAt: now - (5 - i) * day,
          sizeBytes: 52_000_000,
        })),
      ],
    },
  ];
  world.behaviours = {
    // The migration (RunTask of v1 with its command) writes two lines and exits 0.
    [`${REGISTRY}:v1`]: {
      kind: 'healthy',
      oneOff: { exitCode: 0, durationMs: 20_000, logLines: MIGRATION_LOG },
    },
    [`${REGISTRY}:v3`]: { kind: 'never-healthy' },
    // Health-green, user-red: /health answers 200, one user request in five gets a 500.
    [`${REGISTRY}:v4`]: { kind: 'user-errors', errorPercent: 20 },
  };
  return world;
}

interface Step {
  title: string;
  action: string;
  inputs: Record<string, string>;
  expect: { code: number; outputs: Record<string, string> };
}

const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 11, dataPlane: true, world: shopWorld() });
const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-demo-'));
let phase = 'before';
let ok = true;
try {
  ensureBundles();
  writeFileSync(
    join(workspace, 'taskdef.json'),
    JSON.stringify(webTaskDefinition(`${REGISTRY}:v0`), null, 2),
  );
  writeFileSync(
    join(workspace, 'worker.json'),
    JSON.stringify(workerTaskDefinition(`${REGISTRY}:v0`), null, 2),
  );
  writeFileSync(join(workspace, 'ecs-kit.yml'), releaseConfig('v1'));
  const listenerUrl = sim.world.dataPlane?.listenerUrl('shop-alb', 80);
  if (!listenerUrl) throw new Error('the data plane did not start a proxy for shop-alb:80');
  const listenerArn = sim.world.dataPlane!.listeners()[0].listenerArn;
  console.log(
    bold(`ecs-kit demo: simulator ${sim.endpoint} (time x${TIME_SCALE}), shop listener ${listenerUrl}`),
  );

  const load = startLoad({
    url: `${listenerUrl}/`,
    concurrency: 4,
    maxRequests: 200_000,
    maxDurationMs: 120_000,
    phase: () => phase,
  });

  const deploy = (service: string, tag: string, extra: Record<string, string> = {}) => ({
    cluster: 'prod',
    service,
    'task-definition': 'taskdef.json',
    'container-name': 'web',
    image: `${REGISTRY}:${tag}`,
    'desired-count': '2',
    wait: 'healthy',
    timeout: '10m',
    environment: 'production',
    ...extra,
  });
  const steps: Step[] = [
    {
      title:
        '1. ecs-deploy v1 from ecs-kit.yml: migration first, then web-blue (live) and worker together, gated',
      action: 'ecs-deploy',
      inputs: { config: 'ecs-kit.yml', timeout: '10m' },
      expect: { code: 0, outputs: { outcome: 'deployed' } },
    },
    {
      title: '2. ecs-deploy v2 to web-green (idle, no traffic yet)',
      action: 'ecs-deploy',
      inputs: deploy('web-green', 'v2'),
      expect: { code: 0, outputs: { outcome: 'deployed' } },
    },
    {
      title: '3. wait-healthy blue/green: traffic to v2 in linear steps of 25%',
      action: 'wait-healthy',
      inputs: {
        strategy: 'blue-green',
        cluster: 'prod',
        'blue-service': 'web-blue',
        'green-service': 'web-green',
        'listener-arn': listenerArn,
        traffic: '25%:30s',
        'final-bake': '30s',
        'old-colour': 'scale-down',
        timeout: '15m',
      },
      expect: { code: 0, outputs: { verdict: 'healthy', 'rolled-back': 'false' } },
    },
    {
      title: '4. ecs-deploy v3 (never healthy) to web-blue (idle): automatic rollback, traffic stays on v2',
      action: 'ecs-deploy',
      inputs: deploy('web-blue', 'v3', { timeout: '5m' }),
      expect: { code: 1, outputs: { outcome: 'rolled-back' } },
    },
    {
      title: '5. ecs-deploy v4 to web-blue (idle): healthy on /health, but 500 on 20% of user requests',
      action: 'ecs-deploy',
      inputs: deploy('web-blue', 'v4'),
      expect: { code: 0, outputs: { outcome: 'deployed' } },
    },
    {
      title:
        '6. wait-healthy canary 10% → 50% → 100% with the metric gate: v4 caught at 10%, traffic back on v2',
      action: 'wait-healthy',
      inputs: {
        strategy: 'blue-green',
        cluster: 'prod',
        'blue-service': 'web-blue',
        'green-service': 'web-green',
        'listener-arn': listenerArn,
        traffic: '10%:1m,50%:1m,100%',
        'old-colour': 'keep-warm',
        'metric-max-5xx': '2',
        'metric-min-requests': '20',
        timeout: '15m',
      },
      expect: { code: 1, outputs: { verdict: 'unhealthy', 'rolled-back': 'true' } },
    },
    {
      title: '7. cleanup-ecr dry run: keep the newest 5, protect what runs and what a rollback needs',
      action: 'cleanup-ecr',
      inputs: { repositories: 'shop', 'keep-newest': '5', 'dry-run': 'true' },
      expect: { code: 0, outputs: { 'deleted-count': '0' } },
    },
  ];

  const results: { step: Step; result: RunResult; passed: boolean }[] = [];
  for (const step of steps) {
    phase = `step ${step.title.split('.')[0]}`;
    console.log(`\n${bold(step.title)}`);
    const result = await runAction(step.action, {
      inputs: step.inputs,
      endpoint: sim.endpoint,
      workspace,
      env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
      timeoutMs: 90_000,
    });
    const mismatches = Object.entries(step.expect.outputs).filter(
      ([name, value]) => result.outputs[name] !== value,
    );
    const passed = result.code === step.expect.code && mismatches.length === 0;
    ok &&= passed;
    results.push({ step, result, passed });
    console.log(renderMarkdown(result.summary, { colour }).replace(/^/gm, '  '));
    for (const annotation of result.annotations) console.log(`  ${annotation.level}: ${annotation.message}`);
    console.log(
      `  -> exit ${result.code}, ${Object.entries(step.expect.outputs)
        .map(([name]) => `${name}=${result.outputs[name]}`)
        .join(', ')} in ${(result.durationMs / 1000).toFixed(1)} s: ${mark(passed)}`,
    );
  }
  phase = 'after';
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const report: LoadReport = await load.stop();

  console.log(bold('\nload through the listener during the demo'));
  console.log('  phase    requests  ok      non-2xx  conn-errors  p50 ms  p99 ms  served by');
  for (const figures of [...report.phases, report.total]) {
    const servedBy = Object.entries(figures.servedBy)
      .map(([revision, count]) => `${revision.replace(/^.*task-definition\//, '')}:${count}`)
      .join(' ');
    console.log(
      `  ${figures.phase.padEnd(8)} ${String(figures.requests).padStart(8)}  ${String(figures.ok).padEnd(7)} ${String(
        figures.non2xx,
      ).padStart(
        7,
      )}  ${String(figures.connectionErrors).padStart(11)}  ${figures.p50Ms.toFixed(1).padStart(6)}  ${figures.p99Ms
        .toFixed(1)
        .padStart(6)}  ${servedBy}`,
    );
  }
  // The user-red canary's step may fail a few requests (what the 10% step exposes until the gate acts).
  const canary = report.phases.find((figures) => figures.phase === 'step 6');
  const caught = canary ? failures(canary) : 0;
  const failed = failures(report.total) - caught;
  const caughtShare = caught / Math.max(1, report.total.requests);
  ok &&= failed === 0 && caughtShare < 0.01;
  console.log(`  failed requests outside step 6: ${failed} ${mark(failed === 0)}`);
  console.log(
    `  failed during step 6 (the user-red canary): ${caught}, ${(caughtShare * 100).toFixed(2)}% of all ${mark(caughtShare < 0.01)}`,
  );
  console.log(
    bold(`\n${results.filter((entry) => entry.passed).length}/${results.length} steps as scripted`),
  );
} finally {
  rmSync(workspace, { recursive: true, force: true });
  await sim.stop();
}
process.exit(ok ? 0 : 1);
