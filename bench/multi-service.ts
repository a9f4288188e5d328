/**
 * Several services in one ecs-deploy step (deployMany) against one step per service (deploy() once per
 * service, concurrently), for 1, 10, 50 and 200 services, in one run. For each: the read calls per poll
 * while waiting, and the detection latency of a failure (svc-0's new image never turns healthy: simulated
 * seconds from the updates to the first rollback call).
 *
 * Two shapes of service: `worker` (no load balancer; wait mode deployment: batched DescribeServices, ten
 * services a call) and `web` (each behind its own target group; wait mode healthy: the health gate per
 * service). In-process engines on the simulator's clock (time scale 2000), so a run takes seconds.
 * Detection is measured for `web` only: a worker whose image crash-loops after starting is reported
 * COMPLETED by the deployment wait before the circuit breaker's threshold (three failed tasks) is reached.
 *
 * Detection is in simulated seconds at 2000 simulated ms per real ms: real processing time counts 2000-fold,
 * so with many gates the figure is mostly the engine's own cost per poll round; compare columns, not runs.
 *
 * Run: npx tsx bench/multi-service.ts (BENCH_SIZES / BENCH_WEB_SIZES=1,10 to change the sizes).
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { deploy } from '../src/deploy/deploy.js';
import { deployMany } from '../src/deploy/deploy-many.js';
import type { DeployOptions, EngineContext } from '../src/deploy/types.js';
import type { Logger } from '../src/logger.js';
import { startSimulator, type CallRecord, type Simulator, type WorldSeed } from '../sim/index.js';
import { simulatorClock } from '../test/helpers/engine.js';
import { webTaskDefinition } from '../test/helpers/worlds.js';

const SIZES = (process.env.BENCH_SIZES ?? '1,10,50,200').split(',').map(Number);
// 200 services behind load balancers did not finish within 15 real minutes: each has a gate of its own.
const WEB_SIZES = (process.env.BENCH_WEB_SIZES ?? '1,10,50').split(',').map(Number);
const IMAGE = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;
type Shape = 'worker' | 'web';

function world(count: number, shape: Shape): WorldSeed {
  const indexes = Array.from({ length: count }, (_, i) => i);
  const web = shape === 'web';
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: web ? [{ name: 'alb' }] : [],
    targetGroups: web
      ? indexes.map((i) => ({
          name: `tg-${i}`,
          port: 8080,
          targetType: 'ip' as const,
          healthCheck: {
            path: '/',
            intervalSeconds: 10,
            healthyThresholdCount: 2,
            unhealthyThresholdCount: 2,
          },
          deregistrationDelaySeconds: 5,
        }))
      : [],
    listeners: web
      ? [{ loadBalancer: 'alb', port: 80, defaultActions: [{ type: 'fixed-response', statusCode: '404' }] }]
      : [],
    rules: web
      ? indexes.map((i) => ({
          loadBalancer: 'alb',
          listenerPort: 80,
          priority: i + 1,
          conditions: [{ field: 'path-pattern', values: [`/s${i}/*`] }],
          actions: [{ type: 'forward' as const, targetGroups: [{ name: `tg-${i}` }] }],
        }))
      : [],
    taskDefinitions: indexes.map((i) => ({ ...webTaskDefinition(), family: `fam-${i}` })),
    services: indexes.map((i) => ({
      cluster: 'prod',
      serviceName: `svc-${i}`,
      taskDefinition: `fam-${i}`,
      desiredCount: 1,
      launchType: 'FARGATE' as const,
      loadBalancers: web ? [{ targetGroup: `tg-${i}`, containerName: 'web', containerPort: 8080 }] : [],
      deploymentConfiguration: {
        minimumHealthyPercent: 100,
        maximumPercent: 200,
        deploymentCircuitBreaker: { enable: true, rollback: false },
      },
      healthCheckGracePeriodSeconds: web ? 10 : undefined,
    })),
    behaviours: { [IMAGE('bad')]: { kind: 'never-healthy' } },
  };
}

const quiet: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warning: () => undefined,
  error: () => undefined,
  group: <T>(_name: string, run: () => Promise<T>) => run(),
} as unknown as Logger;

function contextOf(sim: Simulator): EngineContext & { destroy(): void } {
  const config = {
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: 10,
  };
  const clients = {
    ecs: new ECSClient(config),
    ecr: new ECRClient(config),
    elb: new ElasticLoadBalancingV2Client(config),
    cloudwatch: new CloudWatchClient(config),
  };
  return {
    clients,
    clock: simulatorClock(sim),
    logger: quiet,
    destroy: () => Object.values(clients).forEach((client) => client.destroy()),
  };
}

const common = (shape: Shape): Omit<DeployOptions, 'services' | 'overrides'> => ({
  cluster: 'prod',
  allowFamilyChange: false,
  forceNewDeployment: 'auto',
  inProgress: 'wait',
  waitMode: shape === 'web' ? 'healthy' : 'deployment',
  timeoutMs: 30 * 60_000,
  rollbackOnFailure: true,
  keepRevisions: 0,
  dryRun: false,
  provenance: { commit: 'bench' },
});

interface Measure {
  callsPerPoll: number;
  detectionSeconds?: number;
  realSeconds: number;
}

/** Read calls between the first update and the first rollback (or the end), per poll of svc-0. */
function measure(calls: CallRecord[], failing: boolean): Omit<Measure, 'realSeconds'> {
  const updates = calls.filter((call) => call.operation === 'UpdateService');
  const first = updates[0];
  // A rollback points a service back at revision 1 of its family.
  const rollback = failing
    ? updates.find((call) => String(call.params.taskDefinition).endsWith(':1'))
    : undefined;
  const end = rollback?.seq ?? calls.at(-1)!.seq;
  const waiting = calls.filter((call) => call.seq > first.seq && call.seq < end && !call.mutating);
  // One poll: one read of svc-0 (alone, or in a batch of ten).
  const polls = waiting.filter(
    (call) =>
      call.operation === 'DescribeServices' && JSON.stringify(call.params.services).includes('"svc-0"'),
  ).length;
  return {
    callsPerPoll: waiting.length / Math.max(1, polls),
    detectionSeconds: rollback ? (rollback.time - first.time) / 1000 : undefined,
  };
}

async function run(count: number, shape: Shape, oneStep: boolean, failing: boolean): Promise<Measure> {
  const sim = await startSimulator({ timeScale: 2000, seed: 3, world: world(count, shape) });
  const context = contextOf(sim);
  const started = Date.now();
  try {
    const tag = (i: number) => (failing && i === 0 ? 'bad' : 'v2');
    const overrides = (i: number) => ({ images: new Map([['web', IMAGE(tag(i))]]) });
    const names = Array.from({ length: count }, (_, i) => `svc-${i}`);
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
    return { ...measure(sim.world.log.list(), failing), realSeconds: (Date.now() - started) / 1000 };
  } finally {
    context.destroy();
    await sim.stop();
  }
}

const fixed = (value: number | undefined, digits = 1) => (value === undefined ? '-' : value.toFixed(digits));

console.log(
  '| shape | services | calls/poll one step | calls/poll step per service | ratio | detection s one step | detection s per service | real s |',
);
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const shape of ['worker', 'web'] as const) {
  for (const count of shape === 'web' ? WEB_SIZES : SIZES) {
    const one = await run(count, shape, true, false);
    const each = await run(count, shape, false, false);
    // A crash-looping worker passes ECS's deployment wait in the simulator (see the file comment): only
    // the web shape has a failure to detect.
    const none: Measure = { callsPerPoll: 0, realSeconds: 0 };
    const oneFail = shape === 'web' ? await run(count, shape, true, true) : none;
    const eachFail = shape === 'web' ? await run(count, shape, false, true) : none;
    console.log(
      `| ${shape} | ${count} | ${fixed(one.callsPerPoll)} | ${fixed(each.callsPerPoll)} | ${fixed(each.callsPerPoll / one.callsPerPoll, 2)} | ${fixed(oneFail.detectionSeconds)} | ${fixed(eachFail.detectionSeconds)} | ${fixed(one.realSeconds + each.realSeconds + oneFail.realSeconds + eachFail.realSeconds)} |`,
    );
  }
}
