/**
 * Detecting a deployment ECS cannot place (issue 15): a revision asking for more memory than any
 * container instance has. ECS never fails such a deployment (its circuit breaker counts tasks that
 * failed to start, and these never start); it writes "was unable to place a task …" and retries. The kit
 * reads that event and rolls back at once; without it, only the deploy timeout ends the wait.
 *
 * One run, side by side, for wait modes `deployment` and `healthy`: the kit as it is, and the same kit
 * with the service events removed from every DescribeServices answer (SDK middleware), which is
 * detection by timeout. The engine runs in process on the simulator's clock, so the figures are
 * simulated seconds (no real sleeps; the poll schedule and the timeout are the kit's own).
 *
 * Run: npx tsx bench/placement.ts (BENCH_TIMEOUT_MINUTES, default 10: the ecs-deploy default;
 * BENCH_TIME_SCALE, default 100: each real millisecond of call latency adds 0.1 simulated seconds).
 */
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { deploy } from '../src/deploy/deploy.js';
import type { WaitMode } from '../src/deploy/types.js';
import { startSimulator } from '../sim/index.js';
import { ec2World } from '../test/helpers/ec2-worlds.js';
import { engineContext } from '../test/helpers/engine.js';

const TIMEOUT_MINUTES = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 10);
// Real call latency counts in simulated time (1 ms real = TIME_SCALE ms simulated): keep it moderate.
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 100);
const UNPLACED = 'was unable to place a task because no container instance met all of its requirements';

interface Row {
  mode: WaitMode;
  detection: 'service events' | 'timeout';
  firstEventS: number;
  detectedS: number;
  outcome: string;
  failure: string;
}

async function run(mode: WaitMode, readEvents: boolean): Promise<Row> {
  const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 5, world: ec2World() });
  const context = engineContext(sim);
  if (!readEvents) {
    context.clients.ecs.middlewareStack.add(
      (next) => async (args) => {
        const result = await next(args);
        const output = result.output as { services?: { events?: unknown[] }[] };
        for (const service of output.services ?? []) service.events = [];
        return result;
      },
      { step: 'initialize', name: 'dropServiceEvents' },
    );
  }
  try {
    const report = await deploy(context, {
      cluster: 'prod',
      services: ['web'],
      overrides: {
        images: new Map([['web', '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2']]),
        memory: '9000',
      },
      allowFamilyChange: false,
      forceNewDeployment: 'auto',
      inProgress: 'wait',
      waitMode: mode,
      timeoutMs: TIMEOUT_MINUTES * 60_000,
      rollbackOnFailure: true,
      keepRevisions: 0,
      dryRun: false,
      provenance: { commit: 'bench' },
    });
    const calls = sim.world.log.list();
    const [update, rollback] = calls.filter((call) => call.operation === 'UpdateService');
    // The service's events as ECS keeps them (a client without the middleware), oldest placement failure.
    const reader = engineContext(sim);
    const described = await reader.clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: ['web'] }),
    );
    reader.destroy();
    const unplaced = (described.services?.[0]?.events ?? []).filter((event) =>
      event.message?.includes(UNPLACED),
    );
    const firstEvent = unplaced.at(-1)?.createdAt?.getTime() ?? Number.NaN;
    return {
      mode,
      detection: readEvents ? 'service events' : 'timeout',
      firstEventS: (firstEvent - update.time) / 1000,
      detectedS: ((rollback?.time ?? report.finishedAt) - update.time) / 1000,
      outcome: report.outcome,
      failure: (report.failure ?? '').slice(0, 90),
    };
  } finally {
    context.destroy();
    await sim.stop();
  }
}

const rows: Row[] = [];
for (const mode of ['deployment', 'healthy'] as WaitMode[]) {
  for (const readEvents of [true, false]) rows.push(await run(mode, readEvents));
}
console.log(
  `placement failure (memory 9000 MiB, instances 7680 MiB), deploy timeout ${TIMEOUT_MINUTES} min, time scale ${TIME_SCALE}; simulated seconds after UpdateService`,
);
console.log('| wait mode | detection | first ECS event | rollback started | outcome | failure |');
console.log('| --- | --- | ---: | ---: | --- | --- |');
for (const row of rows) {
  console.log(
    `| ${row.mode} | ${row.detection} | ${row.firstEventS.toFixed(1)} s | ${row.detectedS.toFixed(1)} s | ${row.outcome} | ${row.failure} |`,
  );
}
