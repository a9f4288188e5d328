/** wait-healthy, strategy rolling: the bundled action against the simulator. */
import { ListTagsForResourceCommand } from '@aws-sdk/client-ecs';
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import { blueGreenWorld, rollingWorld } from '../helpers/worlds.js';
import {
  registerRevision,
  rollTo,
  runWaitHealthy,
  startHarness,
  stopHarness,
  targetGroupArn,
  type Harness,
} from './wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

function mutatingCalls(h: Harness): string[] {
  return h.sim.world.log
    .list()
    .filter((call) => call.mutating)
    .map((call) => call.operation);
}

test('healthy as soon as the new tasks are healthy, while the old ones are still draining', async () => {
  // An hour's deregistration delay (72 s real at this time scale): the old targets still drain however
  // slowly a loaded machine starts the action.
  harness = await startHarness(rollingWorld({ deregistrationDelaySeconds: 3600 }));
  const deploymentId = await rollTo(harness, 'web', V2);
  const before = mutatingCalls(harness).length;
  const result = await runWaitHealthy(harness, { service: 'web', 'deployment-id': deploymentId });
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('healthy');
  expect(result.outputs['healthy-targets']).toBe('2');
  expect(result.outputs['rolled-back']).toBe('false');
  expect(Number(result.outputs['time-to-healthy'])).toBeGreaterThan(0);
  // The deregistration delay has not passed: old targets are still draining.
  const health = await harness.elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: await targetGroupArn(harness, 'web-tg') }),
  );
  const states = health.TargetHealthDescriptions!.map((description) => description.TargetHealth!.State);
  expect(states.filter((state) => state === 'healthy')).toHaveLength(2);
  expect(states.filter((state) => state === 'draining').length).toBeGreaterThan(0);
  // The only change the gate makes is the healthy-at tag on the new revision.
  expect(mutatingCalls(harness).slice(before)).toEqual(['TagResource']);
  const tags = await harness.ecs.send(
    new ListTagsForResourceCommand({
      resourceArn: 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:2',
    }),
  );
  expect(tags.tags?.map((tag) => tag.key)).toContain('ecs-kit:healthy-at');
  expect(result.summary).toContain('```mermaid');
  expect(result.summary).toContain('healthy');
});

test('the PRIMARY deployment is gated when no deployment id is given', async () => {
  harness = await startHarness(rollingWorld());
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { service: 'web' });
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('healthy');
});

test('an image that never turns healthy fails the gate', async () => {
  harness = await startHarness(rollingWorld({ circuitBreaker: false }));
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { service: 'web', 'unhealthy-timeout': '30s' });
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(result.outputs['healthy-targets']).toBe('0');
  const error = result.annotations.find((annotation) => annotation.level === 'error')!;
  expect(error.message).toMatch(/^wait-healthy failed: unhealthy: .*(unhealthy in web-tg|stopped)/);
  expect(mutatingCalls(harness)).not.toContain('TagResource');
});

/** A rolling world whose health-check grace period keeps ECS from replacing tasks that fail ELB checks. */
function patientWorld() {
  const world = rollingWorld({ circuitBreaker: false });
  world.services![0].healthCheckGracePeriodSeconds = 3600;
  return world;
}

test('a flaky target that recovers within the unhealthy timeout passes', async () => {
  harness = await startHarness(patientWorld());
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'flaky', failPercent: 35 } });
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { service: 'web', 'unhealthy-timeout': '10m' });
  expect(result.outputs.verdict).toBe('healthy');
  expect(result.code).toBe(0);
  const flips = harness.sim.world.timeline.filter(
    (event) => event.type === 'target-health' && event.to === 'unhealthy',
  );
  expect(flips.length).toBeGreaterThan(0);
});

test('a target group with no registered targets for the new tasks is never healthy', async () => {
  harness = await startHarness(rollingWorld({ circuitBreaker: false }));
  await rollTo(harness, 'web', V2);
  const web = await targetGroupArn(harness, 'web-tg');
  // Take the new tasks' targets out of the target group as soon as ECS registers them.
  const stopWatching = watchAndDeregister(harness, web);
  const result = await runWaitHealthy(harness, { service: 'web', 'unhealthy-timeout': '60s' });
  stopWatching();
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(result.stdout).toMatch(/is (unregistered|draining) in web-tg.* for \d+s/);
});

test('a service scaled to zero is not declared healthy', async () => {
  harness = await startHarness(blueGreenWorld());
  const result = await runWaitHealthy(harness, { service: 'web-green' });
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(result.stdout).toMatch(/desired count is 0/);
});

test('times out when the new tasks are still not healthy', async () => {
  harness = await startHarness(patientWorld());
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'slow-start', healthyAfterMs: 3_600_000 } });
  await rollTo(harness, 'web', V2);
  const result = await runWaitHealthy(harness, { service: 'web', timeout: '3m', 'unhealthy-timeout': '1h' });
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('timeout');
  expect(result.stdout).toMatch(/not healthy within 180s/);
});

test('a 20% throttling storm still reaches the right verdicts', async () => {
  harness = await startHarness(rollingWorld({ circuitBreaker: false }));
  harness.sim.world.faults.configure({ seed: 3, rules: [{ throttlePercent: 20 }] });
  await rollTo(harness, 'web', V2);
  const healthy = await runWaitHealthy(harness, { service: 'web' });
  expect(healthy.outputs.verdict).toBe('healthy');
  harness.sim.world.behaviours.set({ 'shop:v3': { kind: 'never-healthy' } });
  await rollTo(harness, 'web', V2.replace('v2', 'v3'));
  const unhealthy = await runWaitHealthy(harness, { service: 'web', 'unhealthy-timeout': '30s' });
  expect(unhealthy.outputs.verdict).toBe('unhealthy');
  const throttled = harness.sim.world.log.list().filter((call) => call.fault === 'throttle');
  expect(throttled.length).toBeGreaterThan(5);
});

test('bad input fails before any AWS call, naming the input', async () => {
  const noEndpoint = await import('../helpers/action.js').then(({ runAction }) =>
    runAction('wait-healthy', { inputs: { cluster: 'prod', strategy: 'rolling' } }),
  );
  expect(noEndpoint.code).toBe(1);
  expect(noEndpoint.annotations[0].message).toBe(
    "wait-healthy failed: input 'service': is required with strategy rolling",
  );
  const badPlan = await import('../helpers/action.js').then(({ runAction }) =>
    runAction('wait-healthy', {
      inputs: { cluster: 'prod', strategy: 'blue-green', traffic: '10%:5m,50%' },
    }),
  );
  expect(badPlan.annotations[0].message).toMatch(
    /input 'traffic': expected the last step to be 100%, got 50%/,
  );
});

test('a service without a load balancer, an unknown service or cluster is a clear error naming the nearest', async () => {
  const world = rollingWorld();
  delete world.services![0].loadBalancers;
  harness = await startHarness(world);
  await registerRevision(harness, V2);
  const noLb = await runWaitHealthy(harness, { service: 'web' });
  expect(noLb.code).toBe(1);
  expect(noLb.annotations[0].message).toMatch(/service 'web' has no load balancer target group/);
  const unknown = await runWaitHealthy(harness, { service: 'wbe' });
  expect(unknown.annotations[0].message).toContain(
    "service 'wbe' not found in cluster 'prod' (did you mean 'web'?); services in the cluster: web",
  );
  const cluster = await runWaitHealthy(harness, { service: 'web', cluster: 'prd' });
  expect(cluster.annotations[0].message).toContain(
    "cluster 'prd' not found in us-east-1 (did you mean 'prod'?); clusters in us-east-1: prod",
  );
  expect(mutatingCalls(harness)).toEqual(['RegisterTaskDefinition']);
});

/** Deregisters every target of `targetGroupArn` that is not draining, until stopped. */
function watchAndDeregister(h: Harness, targetGroupArnValue: string): () => void {
  const timer = setInterval(() => {
    void h.elb
      .send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArnValue }))
      .then((health) => {
        const fresh = health.TargetHealthDescriptions!.filter(
          (description) => description.TargetHealth?.State === 'initial',
        );
        if (fresh.length === 0) return;
        return h.elb.send(
          new DeregisterTargetsCommand({
            TargetGroupArn: targetGroupArnValue,
            Targets: fresh.map((description) => description.Target!),
          }),
        );
      })
      .catch(() => undefined);
  }, 20);
  return () => clearInterval(timer);
}

test('SIGTERM while gating a rolling deployment reports cancelled, exits non-zero and changes nothing', async () => {
  harness = await startHarness(rollingWorld());
  await rollTo(harness, 'web', V2);
  const before = mutatingCalls(harness).length;
  const result = await runWaitHealthy(
    harness,
    { service: 'web' },
    { interrupt: { signal: 'SIGTERM', when: (stdout) => stdout.includes('registering') } },
  );
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('cancelled');
  expect(result.annotations.some((annotation) => /received SIGTERM/.test(annotation.message))).toBe(true);
  expect(mutatingCalls(harness).slice(before)).toEqual([]);
});
