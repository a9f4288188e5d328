/**
 * Scale: SERVICES services (default 50) in one cluster, each behind its own target group, deployed at once by
 * SERVICES ecs-deploy processes (wait: healthy), against an account-wide rate limit of 20 requests per second
 * on Describe* calls. Reports successes, throttling-caused failures, total API calls and requests refused by
 * the limit, and p50/p99 time to healthy next to a single deployment on its own, in one run.
 *
 * The simulator runs in real time (time scale 1) so that the rate limit, which counts real seconds, is the
 * account's real limit; health checks are 10 s apart so one deployment takes about half a minute.
 *
 * Run: npx tsx bench/scale.ts (BENCH_SERVICES, BENCH_RATE to change the size and the limit).
 */
import { startSimulator, type Simulator, type WorldSeed } from '../sim/index.js';
import { runAction, type RunResult } from '../test/helpers/action.js';
import { webTaskDefinition } from '../test/helpers/worlds.js';

const SERVICES = Number(process.env.BENCH_SERVICES ?? 50);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const IMAGE_V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

/** `count` services `svc-<i>` behind target groups `tg-<i>`, routed by listener rules on one ALB. */
function world(count: number): WorldSeed {
  const indexes = Array.from({ length: count }, (_, i) => i);
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: indexes.map((i) => ({
      name: `tg-${i}`,
      port: 8080,
      targetType: 'ip' as const,
      healthCheck: {
        path: '/health',
        intervalSeconds: 10,
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 2,
      },
      deregistrationDelaySeconds: 30,
    })),
    listeners: [
      { loadBalancer: 'shop-alb', port: 80, defaultActions: [{ type: 'fixed-response', statusCode: '404' }] },
    ],
    rules: indexes.map((i) => ({
      loadBalancer: 'shop-alb',
      listenerPort: 80,
      priority: i + 1,
      conditions: [{ field: 'path-pattern', values: [`/s${i}/*`] }],
      actions: [{ type: 'forward' as const, targetGroups: [{ name: `tg-${i}` }] }],
    })),
    taskDefinitions: [webTaskDefinition()],
    services: indexes.map((i) => ({
      cluster: 'prod',
      serviceName: `svc-${i}`,
      taskDefinition: 'shop-web',
      desiredCount: 2,
      launchType: 'FARGATE' as const,
      loadBalancers: [{ targetGroup: `tg-${i}`, containerName: 'web', containerPort: 8080 }],
      deploymentConfiguration: { minimumHealthyPercent: 100, maximumPercent: 200 },
      healthCheckGracePeriodSeconds: 30,
    })),
  };
}

interface Round {
  results: RunResult[];
  calls: number;
  limited: number;
  seconds: number;
}

async function deployAll(sim: Simulator, count: number): Promise<Round> {
  await new Promise((done) => setTimeout(done, 3000)); // the seeded tasks turn healthy first
  sim.world.faults.configure({ seed: 1, rateLimits: [{ operation: 'Describe*', perSecond: RATE }] });
  const since = sim.world.log.list().at(-1)?.seq ?? 0;
  const started = Date.now();
  const results = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      runAction('ecs-deploy', {
        endpoint: sim.endpoint,
        timeoutMs: 900_000,
        env: { ECS_KIT_TIME_SCALE: '1' },
        inputs: {
          cluster: 'prod',
          service: `svc-${i}`,
          'container-name': 'web',
          image: IMAGE_V2,
          wait: 'healthy',
          timeout: '10m',
        },
      }),
    ),
  );
  const calls = sim.world.log.list(since);
  return {
    results,
    calls: calls.length,
    limited: calls.filter((call) => call.fault === 'rate-limit').length,
    seconds: (Date.now() - started) / 1000,
  };
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function round(count: number): Promise<Round> {
  const sim = await startSimulator({ timeScale: 1, world: world(count), seed: 1 });
  try {
    return await deployAll(sim, count);
  } finally {
    await sim.stop();
  }
}

const single = await round(1);
const many = await round(SERVICES);
const row = (name: string, r: Round) => {
  const ok = r.results.filter((result) => result.code === 0);
  const failed = r.results.filter((result) => result.code !== 0);
  const throttled = failed.filter((result) => /throttl|rate exceeded|too many requests/i.test(result.stdout));
  const times = ok.map((result) => result.durationMs / 1000);
  return `| ${name} | ${ok.length}/${r.results.length} | ${throttled.length} | ${r.calls} | ${(r.calls / r.results.length).toFixed(0)} | ${r.limited} | ${percentile(times, 50).toFixed(1)} s | ${percentile(times, 99).toFixed(1)} s | ${r.seconds.toFixed(0)} s |`;
};
console.log(
  `scale: Describe* limited to ${RATE} requests/s account-wide, time scale 1, health checks every 10 s\n`,
);
console.log(
  '| run | succeeded | throttling failures | API calls | per deploy | refused by the limit | p50 to healthy | p99 to healthy | wall |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
console.log(row('1 deployment alone', single));
console.log(row(`${SERVICES} deployments at once`, many));
for (const result of many.results.filter((candidate) => candidate.code !== 0).slice(0, 3))
  console.log(
    `\nfailure: ${result.stdout
      .split('\n')
      .filter((line) => line.startsWith('::error::'))
      .join(' ')}`,
  );
