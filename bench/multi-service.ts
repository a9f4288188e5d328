/**
 * Several services in one ecs-deploy step (deployMany) against one step per service (deploy() once per
 * service, concurrently), for 1, 10, 50 and 200 services, in one run. For each: the read calls per poll
 * round while waiting, and the detection latency of a failure (simulated seconds from the first update to
 * the first rollback call).
 *
 * Three shapes of service: `web` (each behind its own target group; wait mode healthy: one step gates them
 * all in one batched gate, src/health/services-gate.ts, while a step per service runs a gate each),
 * `web-shared` (the same, ten services per target group: one DescribeTargetHealth serves ten) and `worker`
 * (no load balancer; wait mode deployment: batched DescribeServices, then the settle window). The
 * failure: web-0's new image never turns healthy; worker-0's new image crashes 8 s after it starts, after
 * ECS reported its deployment COMPLETED (caught by the settle window, src/deploy/settle.ts).
 *
 * In-process engines on the simulator's clock at time scale 50 (BENCH_TIME_SCALE): real processing time
 * counts 50-fold, so with many services detection includes the engine's own cost per poll round (at 200
 * it dominates and the figures scatter); compare columns, not runs. About a minute in all. One step per service is given BENCH_BUDGET_S real seconds (default 60) per run: when
 * it has not finished by then, it is cancelled, its calls per poll are those of the polls so far and its
 * detection is reported as `>` the simulated time reached.
 *
 * Run: npx tsx bench/multi-service.ts (BENCH_SIZES=1,10 to change the sizes, BENCH_SHAPES=web).
 */
import { deploy } from '../src/deploy/deploy.js';
import { deployMany } from '../src/deploy/deploy-many.js';
import type { DeployOptions, EngineContext } from '../src/deploy/types.js';
import type { Logger } from '../src/logger.js';
import { startSimulator, type CallRecord } from '../sim/index.js';
import { engineContext } from '../test/helpers/engine.js';
import { manyImage, manyServicesWorld, webName, workerName } from '../test/helpers/many-services.js';

const SIZES = (process.env.BENCH_SIZES ?? '1,10,50,200').split(',').map(Number);
const SHAPES = (process.env.BENCH_SHAPES ?? 'web,web-shared,worker').split(',') as Shape[];
const TIME_SCALE = Number(process.env.BENCH_TIME_SCALE ?? 50);
const BUDGET_MS = Number(process.env.BENCH_BUDGET_S ?? 60) * 1000;
type Shape = 'worker' | 'web' | 'web-shared';
const isWeb = (shape: Shape) => shape !== 'worker';

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  group: <T>(_name: string, run: () => Promise<T>) => run(),
  secret: () => undefined,
};

const common = (shape: Shape): Omit<DeployOptions, 'services' | 'overrides'> => ({
  cluster: 'prod',
  allowFamilyChange: false,
  forceNewDeployment: 'auto',
  inProgress: 'wait',
  waitMode: isWeb(shape) ? 'healthy' : 'deployment',
  timeoutMs: 30 * 60_000,
  rollbackOnFailure: true,
  keepRevisions: 0,
  dryRun: false,
  provenance: { commit: 'bench' },
});

interface Measure {
  callsPerPoll: number;
  /** Simulated seconds to the first rollback; `reached` when the run was cut off before one. */
  detectionSeconds?: number;
  reached?: number;
  realSeconds: number;
}

/** Read calls between the first update and the first rollback (or the end), per poll round of service 0. */
function measure(calls: CallRecord[], first: string, failing: boolean): Omit<Measure, 'realSeconds'> {
  const updates = calls.filter((call) => call.operation === 'UpdateService');
  const start = updates[0];
  // A rollback points a service back at revision 1 of its family.
  const rollback = failing
    ? updates.find((call) => String(call.params.taskDefinition).endsWith(':1'))
    : undefined;
  const end = rollback?.seq ?? calls.at(-1)!.seq;
  const waiting = calls.filter((call) => call.seq > start.seq && call.seq < end && !call.mutating);
  // One poll round: one read of service 0 (alone, or in a batch of ten).
  const polls = waiting.filter(
    (call) =>
      call.operation === 'DescribeServices' && JSON.stringify(call.params.services).includes(`"${first}"`),
  ).length;
  return {
    callsPerPoll: waiting.length / Math.max(1, polls),
    detectionSeconds: rollback ? (rollback.time - start.time) / 1000 : undefined,
    reached: rollback ? undefined : (calls.at(-1)!.time - start.time) / 1000,
  };
}

async function run(count: number, shape: Shape, oneStep: boolean, failing: boolean): Promise<Measure> {
  const world = manyServicesWorld({
    web: isWeb(shape) ? count : 0,
    workers: isWeb(shape) ? 0 : count,
    webPerTargetGroup: shape === 'web-shared' ? 10 : 1,
    behaviours: {
      [manyImage('bad')]: { kind: 'never-healthy' },
      [manyImage('crash')]: { kind: 'crash-loop', crashAfterMs: 8000 },
    },
  });
  const sim = await startSimulator({ timeScale: TIME_SCALE, seed: 3, world });
  const budget = new AbortController();
  const context: EngineContext & { destroy(): void } = {
    ...engineContext(sim),
    logger: quiet,
    signal: budget.signal,
  };
  const timer = oneStep ? undefined : setTimeout(() => budget.abort(new Error('bench budget')), BUDGET_MS);
  const started = Date.now();
  try {
    const name = isWeb(shape) ? webName : workerName;
    const bad = isWeb(shape) ? 'bad' : 'crash';
    const overrides = (i: number) => ({
      images: new Map([['web', manyImage(failing && i === 0 ? bad : 'v2')]]),
    });
    const names = Array.from({ length: count }, (_, i) => name(i));
    if (oneStep)
      await deployMany(context, {
        ...common(shape),
        deployables: names.map((service, i) => ({ services: [service], overrides: overrides(i) })),
      });
    else
      await Promise.all(
        names.map((service, i) =>
          deploy(context, { ...common(shape), services: [service], overrides: overrides(i) }),
        ),
      );
    const measured = measure(sim.world.log.list(), name(0), failing);
    return { ...measured, realSeconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
    context.destroy();
    await sim.stop();
  }
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined ? '-' : value.toFixed(digits));
const detection = (measure: Measure) =>
  measure.detectionSeconds !== undefined
    ? fixed(measure.detectionSeconds)
    : `>${fixed(measure.reached, 0)} (cut off)`;

const benchStarted = Date.now();
console.log(
  `time scale ${TIME_SCALE}; one step per service cut off after ${BUDGET_MS / 1000}s real per run\n`,
);
console.log(
  '| shape | services | calls/poll one step | calls/poll step per service | ratio | detection s one step | detection s per service | real s |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const shape of SHAPES) {
  for (const count of SIZES) {
    const one = await run(count, shape, true, false);
    const oneFail = await run(count, shape, true, true);
    const each = await run(count, shape, false, false);
    const eachFail = await run(count, shape, false, true);
    const real = one.realSeconds + oneFail.realSeconds + each.realSeconds + eachFail.realSeconds;
    console.log(
      `| ${shape} | ${count} | ${fixed(one.callsPerPoll)} | ${fixed(each.callsPerPoll)} | ${fixed(each.callsPerPoll / one.callsPerPoll, 2)} | ${detection(oneFail)} | ${detection(eachFail)} | ${fixed(real)} |`,
    );
  }
}
console.log(`\ntotal ${fixed((Date.now() - benchStarted) / 1000)} s real`);
