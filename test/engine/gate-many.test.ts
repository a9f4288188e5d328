/**
 * The batched rolling gate (src/health/services-gate.ts) through deployMany: 25 web services sharing 5
 * target groups plus 5 workers in one step. Every poll round reads DescribeServices ten services a call,
 * DescribeTargetHealth once per distinct target group and tasks cluster-wide at most once, whatever the
 * number of services; a failure in one web service is detected as fast as its own gate detects it alone,
 * and rolls every service back. Workers get the settle window after COMPLETED (src/deploy/settle.ts).
 */
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import { afterEach, expect, test } from '@jest/globals';
import { deploy } from '../../src/deploy/deploy.js';
import { asDeployReport, deployMany } from '../../src/deploy/deploy-many.js';
import { deploySummary } from '../../src/deploy/summary.js';
import type { DeployOptions } from '../../src/deploy/types.js';
import { startSimulator, type CallRecord, type Simulator } from '../../sim/index.js';
import { engineContext } from '../helpers/engine.js';
import {
  manyImage,
  manyServicesWorld,
  targetGroupOf,
  webName,
  workerName,
  type ManyServicesOptions,
} from '../helpers/many-services.js';

const WEB = 25;
const WORKERS = 5;
const PER_GROUP = 5;
let sim: Simulator | undefined;
let destroy: (() => void) | undefined;
afterEach(async () => {
  destroy?.();
  await sim?.stop();
  sim = undefined;
});

const common: Omit<DeployOptions, 'services' | 'overrides'> = {
  cluster: 'prod',
  allowFamilyChange: false,
  forceNewDeployment: 'auto',
  inProgress: 'wait',
  waitMode: 'healthy',
  timeoutMs: 30 * 60_000,
  rollbackOnFailure: true,
  keepRevisions: 0,
  dryRun: false,
  provenance: { commit: 'abc123' },
};

async function start(options: ManyServicesOptions) {
  // A low time scale: the engine's own processing time (which counts timeScale-fold in simulated time)
  // stays small against the poll schedule, even on a busy machine.
  sim = await startSimulator({ timeScale: 20, seed: 15, world: manyServicesWorld(options) });
  const context = engineContext(sim);
  destroy = context.destroy;
  return context;
}

const names = (web: number, workers: number) => [
  ...Array.from({ length: web }, (_, i) => webName(i)),
  ...Array.from({ length: workers }, (_, i) => workerName(i)),
];
const deployable = (service: string, tag: string) => ({
  services: [service],
  overrides: { images: new Map([['web', manyImage(tag)]]) },
});

/** The web services a DescribeServices call names, or undefined for any other call. */
function webDescribed(call: CallRecord): string[] | undefined {
  if (call.operation !== 'DescribeServices') return undefined;
  const services = (call.params.services as string[]) ?? [];
  return services.every((name) => name.startsWith('web-')) ? services : undefined;
}

/**
 * The gate's poll rounds after the last update: a round starts with a DescribeServices naming a web
 * service the current round already named. Each round's reads (the workers' own deployment wait aside).
 */
function pollRounds(calls: CallRecord[]): { services: Set<string>; reads: CallRecord[] }[] {
  const lastUpdate = calls.findLast((call) => call.operation === 'UpdateService')!.seq;
  const rounds: { services: Set<string>; reads: CallRecord[] }[] = [];
  for (const call of calls.filter((candidate) => candidate.seq > lastUpdate && !candidate.mutating)) {
    const web = webDescribed(call);
    if (web && (rounds.length === 0 || web.some((name) => rounds.at(-1)!.services.has(name))))
      rounds.push({ services: new Set(), reads: [] });
    const round = rounds.at(-1);
    if (!round || (call.operation === 'DescribeServices' && !web)) continue;
    for (const name of web ?? []) round.services.add(name);
    round.reads.push(call);
  }
  // The first group is the gate's setup (its preflight); the last may run into what follows the gate.
  return rounds.slice(1, -1);
}

const count = (reads: CallRecord[], operation: string) =>
  reads.filter((call) => call.operation === operation).length;

test('each poll round: ⌈services/10⌉ DescribeServices, one DescribeTargetHealth per target group, tasks at most once', async () => {
  const context = await start({ web: WEB, workers: WORKERS, webPerTargetGroup: PER_GROUP });
  const report = await deployMany(context, {
    ...common,
    deployables: names(WEB, WORKERS).map((service) => deployable(service, 'v2')),
  });
  expect([report.outcome, report.failure]).toEqual(['deployed', undefined]);
  expect(report.services.every((entry) => entry.wait?.status === 'completed')).toBe(true);

  const calls = sim!.world.log.list();
  const rounds = pollRounds(calls);
  expect(rounds.length).toBeGreaterThanOrEqual(2);
  for (const round of rounds) {
    const groups = new Set(
      [...round.services].map((name) => targetGroupOf(Number(name.slice(4)), PER_GROUP)),
    );
    expect({
      DescribeServices: count(round.reads, 'DescribeServices'),
      DescribeTargetHealth: count(round.reads, 'DescribeTargetHealth'),
    }).toEqual({
      DescribeServices: Math.ceil(round.services.size / 10),
      DescribeTargetHealth: groups.size,
    });
    // Tasks are listed for the cluster (one page: fewer than 100 tasks) and described 100 a call.
    expect(count(round.reads, 'ListTasks')).toBeLessThanOrEqual(1);
    expect(count(round.reads, 'DescribeTasks')).toBeLessThanOrEqual(1);
    expect(round.reads.length).toBeLessThanOrEqual(Math.ceil(WEB / 10) + WEB / PER_GROUP + 2);
  }
  // The first rounds gate all 25 web services at once.
  expect(Math.max(...rounds.map((round) => round.services.size))).toBe(WEB);
  const perService = calls.filter(
    (call) => call.operation === 'ListTasks' && call.params.serviceName !== undefined,
  );
  expect(perService).toEqual([]);
}, 120_000);

/** Simulated seconds from web-0's update to the first rollback (an update back to revision 1). */
function detectionSeconds(calls: CallRecord[]): number {
  const update = calls.find((call) => call.operation === 'UpdateService' && call.params.service === 'web-0')!;
  const rollback = calls.find(
    (call) => call.operation === 'UpdateService' && String(call.params.taskDefinition).endsWith(':1'),
  )!;
  return (rollback.time - update.time) / 1000;
}

test('one failing web service among 30 is detected as fast as alone, and every service rolls back', async () => {
  const behaviours = { [manyImage('bad')]: { kind: 'never-healthy' as const } };
  const alone = await start({ web: 1, workers: 0, behaviours });
  const single = await deploy(alone, {
    ...common,
    services: ['web-0'],
    overrides: deployable('web-0', 'bad').overrides,
  });
  expect(single.outcome).toBe('rolled-back');
  const aloneSeconds = detectionSeconds(sim!.world.log.list());
  destroy!();
  await sim!.stop();

  const context = await start({ web: WEB, workers: WORKERS, webPerTargetGroup: PER_GROUP, behaviours });
  const report = await deployMany(context, {
    ...common,
    deployables: names(WEB, WORKERS).map((service) =>
      deployable(service, service === 'web-0' ? 'bad' : 'v2'),
    ),
  });
  expect(report.outcome).toBe('rolled-back');
  // The gate's rules fail it, as they fail it alone (which of ELB's stop or ECS's circuit breaker is seen
  // first depends on when the polls fall).
  const failures =
    /^deployment failed and was rolled back \(web-0: failed: (new task [0-9a-f]+ stopped: Task failed ELB health checks|ECS marked deployment ecs-svc\/\d+ FAILED: ECS deployment circuit breaker|task [0-9a-f]+ is unhealthy in tg-0)/;
  expect(single.failure).toMatch(failures);
  expect(report.failure).toMatch(failures);
  const batchedSeconds = detectionSeconds(sim!.world.log.list());
  // The same rules and poll schedule: within a few polls of the gate alone (processing time counts 20-fold).
  expect(Math.abs(batchedSeconds - aloneSeconds)).toBeLessThan(20);

  const final = [];
  for (let start = 0; start < WEB + WORKERS; start += 10) {
    const batch = names(WEB, WORKERS).slice(start, start + 10);
    const described = await context.clients.ecs.send(
      new DescribeServicesCommand({ cluster: 'prod', services: batch }),
    );
    final.push(...(described.services ?? []).map((service) => service.taskDefinition?.split('/')[1]));
  }
  expect(final).toEqual(names(WEB, WORKERS).map((service) => `${service}:1`));
}, 120_000);

test('a worker that crashes after ECS reports it COMPLETED fails its settle window and is rolled back', async () => {
  const behaviours = { [manyImage('crash')]: { kind: 'crash-loop' as const, crashAfterMs: 8000 } };
  const context = await start({ web: 0, workers: 2, behaviours });
  // rollback-scope service: the healthy worker is waited for to the end of its window and kept.
  const report = await deployMany(context, {
    ...common,
    waitMode: 'deployment',
    rollbackScope: 'service',
    deployables: [deployable('worker-0', 'v2'), deployable('worker-1', 'crash')],
  });
  expect(report.outcome).toBe('rolled-back');
  expect(report.failure).toMatch(
    /^deployment failed and was rolled back \(worker-1: failed: 1 task of the new revision failed \d+s after ECS reported deployment ecs-svc\/\d+ COMPLETED: it does not stay up\)$/,
  );
  const [kept, crashed] = report.services;
  expect(kept.wait?.reason).toMatch(/^completed: 1\/1 running, 0 pending, settled for 3\ds$/);
  expect([kept.rollback, crashed.rollback?.status]).toEqual([undefined, 'completed']);
}, 120_000);

test('all-or-nothing: the crashing worker ends the wait for the others at once, and all go back', async () => {
  const behaviours = {
    [manyImage('crash')]: { kind: 'crash-loop' as const, crashAfterMs: 8000 },
    // The web services' new tasks take 90 s to start: the worker fails long before they are healthy.
    [manyImage('stuck')]: { kind: 'healthy' as const, startDelayMs: 90_000 },
  };
  const context = await start({ web: 2, workers: 1, behaviours });
  const report = await deployMany(context, {
    ...common,
    deployables: [
      deployable('web-0', 'stuck'),
      deployable('web-1', 'stuck'),
      deployable('worker-0', 'crash'),
    ],
  });
  expect(report.outcome).toBe('rolled-back');
  expect(report.failure).toMatch(
    /^deployment failed and was rolled back \(worker-0: failed: 1 task of the new revision failed \d+s after ECS reported deployment ecs-svc\/\d+ COMPLETED: it does not stay up\)$/,
  );
  expect(report.services.map((entry) => [entry.service, entry.wait?.status, entry.rollback?.status])).toEqual(
    [
      ['web-0', 'stopped', 'completed'],
      ['web-1', 'stopped', 'completed'],
      ['worker-0', 'failed', 'completed'],
    ],
  );
  expect(report.services[0].wait?.reason).toBe('not waited for further: worker-0 failed first');
  // The summary's gantt marks only the service that failed (crit), not those no longer waited for.
  const summary = deploySummary(asDeployReport(report, 'healthy'));
  expect(summary.match(/^ {2}rollout :crit, /gm)).toHaveLength(1);
  expect(summary).toMatch(/section worker-0\n {2}rollout :crit, /);
  const calls = sim!.world.log.list();
  const update = calls.find((call) => call.operation === 'UpdateService')!;
  const rollback = calls.find(
    (call) => call.operation === 'UpdateService' && String(call.params.taskDefinition).endsWith(':1'),
  )!;
  expect(rollback.time - update.time).toBeLessThan(60_000);
}, 120_000);

test('without the settle window (worker-settle 0s) the crashing worker passes: the window is what catches it', async () => {
  const behaviours = { [manyImage('crash')]: { kind: 'crash-loop' as const, crashAfterMs: 8000 } };
  const context = await start({ web: 0, workers: 1, behaviours });
  const report = await deploy(context, {
    ...common,
    waitMode: 'deployment',
    settleMs: 0,
    services: ['worker-0'],
    overrides: deployable('worker-0', 'crash').overrides,
  });
  expect(report.outcome).toBe('deployed');
}, 120_000);

test('a gate that cannot read target health after the updates does not leave the release unattended', async () => {
  const context = await start({ web: 2, workers: 1 });
  // Once the last service is updated, every DescribeTargetHealth answers 500 (after the SDK's retries).
  context.clients.ecs.middlewareStack.add(
    ((next: (args: { input: { service?: string } }) => Promise<unknown>, meta: { commandName?: string }) =>
      async (args: { input: { service?: string } }) => {
        const result = await next(args);
        if (meta.commandName === 'UpdateServiceCommand' && args.input.service === 'worker-0')
          sim!.world.faults.configure({
            rules: [{ operation: 'DescribeTargetHealth', serverErrorPercent: 100 }],
          });
        return result;
      }) as never,
    { step: 'initialize', name: 'fail-target-health' },
  );
  const report = await deployMany(context, {
    ...common,
    deployables: names(2, 1).map((service) => deployable(service, 'v2')),
  });
  expect(report.outcome).toBe('rolled-back');
  expect(report.failure).toMatch(/DescribeTargetHealth|target health/);
  expect(report.failure).toMatch(
    /rolled back: web-0 is back on web-0:1, web-1 is back on web-1:1, worker-0 is back on worker-0:1$/,
  );
}, 120_000);
