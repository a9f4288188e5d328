/** wait-healthy, strategy blue-green (kit-managed): the bundled action against the simulator. */
import { DescribeRulesCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blueGreenWorld } from '../helpers/worlds.js';
import { runAction } from '../helpers/action.js';
import {
  forwardWeights,
  listenerArn,
  registerRevision,
  runWaitHealthy,
  serviceState,
  startHarness,
  stopHarness,
  type Harness,
} from './wait-healthy-kit.js';

let harness: Harness | undefined;
afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';
const SERVICES = { strategy: 'blue-green', 'blue-service': 'web-blue', 'green-service': 'web-green' };

function calls(h: Harness, operation: string) {
  return h.sim.world.log.list().filter((call) => call.operation === operation && call.outcome === 'ok');
}

/** The ModifyListener/ModifyRule weights the action sent, as green percentages. */
function greenWeightsSent(h: Harness, operation: 'ModifyListener' | 'ModifyRule'): number[] {
  const green = h.sim.world.elb.findTargetGroup('green-tg')!.arn;
  // The simulator logs the decoded Query parameters: ...TargetGroups[n].{TargetGroupArn, Weight}.
  return calls(h, operation).map((call) => {
    const flat = JSON.stringify(call.params);
    const entries = [...flat.matchAll(/"TargetGroupArn":"([^"]+)","Weight":"?(\d+)"?/g)];
    const match = entries.find((entry) => entry[1] === green);
    return match ? Number(match[2]) : NaN;
  });
}

test('canary: green gets the new revision, 10% then 100%, blue scaled down', async () => {
  harness = await startHarness(blueGreenWorld());
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const result = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:2m,100%',
    'final-bake': '1m',
  });
  expect(result.code).toBe(0);
  expect(result.outputs.verdict).toBe('healthy');
  expect(result.outputs['final-weights']).toBe('blue-tg=0,green-tg=100');
  expect(result.outputs['rolled-back']).toBe('false');
  // Time to healthy is when green's tasks first passed the gate, before the 3 minutes of bakes.
  expect(Number(result.outputs['time-to-healthy'])).toBeLessThan(150);
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect(calls(harness, 'ModifyListener')).toHaveLength(2);
  expect(greenWeightsSent(harness, 'ModifyListener')).toEqual([10, 100]);
  const green = await serviceState(harness, 'web-green');
  expect(green.taskDefinition).toBe(taskDefinition);
  expect(green.desiredCount).toBe(2);
  expect((await serviceState(harness, 'web-blue')).desiredCount).toBe(0);
  // The 10% step baked for 2 simulated minutes before the 100% shift.
  const shifts = calls(harness, 'ModifyListener').map((call) => call.time);
  expect(shifts[1] - shifts[0]).toBeGreaterThanOrEqual(120_000);
  expect(result.summary).toContain('Traffic on the new revision');
  expect(result.summary).toMatch(/\| shift \| 10 \|/);
});

test('linear on a listener rule with keep-warm leaves blue running', async () => {
  const world = blueGreenWorld();
  world.rules = [
    {
      loadBalancer: 'shop-alb',
      listenerPort: 80,
      priority: 10,
      conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
      actions: [
        {
          type: 'forward',
          targetGroups: [
            { name: 'blue-tg', weight: 100 },
            { name: 'green-tg', weight: 0 },
          ],
        },
      ],
    },
  ];
  harness = await startHarness(world);
  const taskDefinition = await registerRevision(harness, V2);
  const rules = await harness.elb.send(
    new DescribeRulesCommand({ ListenerArn: await listenerArn(harness, 80) }),
  );
  const rule = rules.Rules!.find((candidate) => candidate.Priority === '10')!.RuleArn!;
  const result = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-rule-arn': rule,
    'task-definition': taskDefinition,
    traffic: '50%:30s',
    'old-colour': 'keep-warm',
  });
  expect(result.code).toBe(0);
  expect(greenWeightsSent(harness, 'ModifyRule')).toEqual([50, 100]);
  expect(calls(harness, 'ModifyListener')).toHaveLength(0);
  expect(await forwardWeights(harness, rule)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect((await serviceState(harness, 'web-blue')).desiredCount).toBe(2);
});

test('never-healthy image: the gate fails, blue keeps 100% and is untouched, exit 1', async () => {
  harness = await startHarness(blueGreenWorld());
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const result = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:1m,100%',
  });
  expect(result.code).toBe(1);
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  const blueUpdates = calls(harness, 'UpdateService').filter((call) => call.params.service === 'web-blue');
  expect(blueUpdates).toHaveLength(0);
  const blue = await serviceState(harness, 'web-blue');
  expect(blue.desiredCount).toBe(2);
  expect(blue.taskDefinition).toMatch(/shop-web:1$/);
  // The failed revision is not left crash-looping behind a 0% weight: green is back as it was.
  const green = await serviceState(harness, 'web-green');
  expect(green.desiredCount).toBe(0);
  expect(green.taskDefinition).toMatch(/shop-web:1$/);
  const greenUpdates = calls(harness, 'UpdateService').filter((call) => call.params.service === 'web-green');
  expect(greenUpdates.map((call) => call.params.desiredCount)).toEqual([2, 0]);
  expect(result.summary).toContain('revert-idle');
});

test('a failure after the canary step puts 100% back on blue in one call', async () => {
  harness = await startHarness(blueGreenWorld());
  // Healthy long enough to pass the first gate, then the containers exit.
  harness.sim.world.behaviours.set({ 'shop:v2': { kind: 'crash-loop', crashAfterMs: 150_000 } });
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const result = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:5m,100%',
  });
  expect(result.code).toBe(1);
  expect(result.outputs['rolled-back']).toBe('true');
  expect(greenWeightsSent(harness, 'ModifyListener')).toEqual([10, 0]);
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 100, 'green-tg': 0 });
  expect(result.outputs['final-weights']).toBe('blue-tg=100,green-tg=0');
  expect(result.annotations.at(-1)!.message).toMatch(/stopped.*traffic is green 0% \/ blue 100%/);
  expect(result.annotations.at(-1)!.message).toMatch(/web-green \(green\) back to shop-web:1, 0 tasks/);
  expect((await serviceState(harness, 'web-green')).desiredCount).toBe(0);
  expect(calls(harness, 'UpdateService').filter((call) => call.params.service === 'web-blue')).toHaveLength(
    0,
  );
});

test('SIGTERM mid-shift restores the last fully healthy weights and exits non-zero', async () => {
  harness = await startHarness(blueGreenWorld());
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const result = await runWaitHealthy(
    harness,
    { ...SERVICES, 'listener-arn': listener, 'task-definition': taskDefinition, traffic: '25%:2m' },
    { interrupt: { signal: 'SIGTERM', when: (stdout) => stdout.includes('shift: green 50%') } },
  );
  expect(result.code).not.toBe(0);
  expect(result.outputs.verdict).toBe('cancelled');
  // 50% was applied but not yet confirmed healthy: back to the 25% step.
  expect(greenWeightsSent(harness, 'ModifyListener')).toEqual([25, 50, 25]);
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 75, 'green-tg': 25 });
  expect(result.annotations.at(-1)!.message).toMatch(/cancelled.*traffic is green 25% \/ blue 75%/);
});

test('a 20% throttling storm still shifts all the way', async () => {
  harness = await startHarness(blueGreenWorld());
  harness.sim.world.faults.configure({ seed: 5, rules: [{ throttlePercent: 20 }] });
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const result = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': listener,
    'task-definition': taskDefinition,
    traffic: '10%:1m,100%',
  });
  expect(result.outputs.verdict).toBe('healthy');
  expect(await forwardWeights(harness, listener)).toEqual({ 'blue-tg': 0, 'green-tg': 100 });
  expect(harness.sim.world.log.list().filter((call) => call.fault === 'throttle').length).toBeGreaterThan(3);
});

test('bad resources are clear errors before any change', async () => {
  const world = blueGreenWorld();
  world.listeners!.push({
    loadBalancer: 'shop-alb',
    port: 8080,
    defaultActions: [{ type: 'forward', targetGroups: [{ name: 'blue-tg' }] }],
  });
  world.listeners!.push({
    loadBalancer: 'shop-alb',
    port: 8081,
    defaultActions: [{ type: 'fixed-response', statusCode: '503' }],
  });
  harness = await startHarness(world);
  const before = harness.sim.world.log.list().filter((call) => call.mutating).length;
  const notAttached = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': await listenerArn(harness, 8080),
  });
  expect(notAttached.code).toBe(1);
  expect(notAttached.annotations[0].message).toMatch(
    /green-tg .*not attached to the listener's forward action/,
  );
  const noForward = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': await listenerArn(harness, 8081),
  });
  expect(noForward.annotations[0].message).toMatch(/has no weighted forward action/);
  const unknown = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn':
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shop-alb/0123456789abcdef/0123456789abcdef',
  });
  expect(unknown.annotations[0].message).toMatch(/reading listener .*: /);
  const badTaskDefinition = await runWaitHealthy(harness, {
    ...SERVICES,
    'listener-arn': await listenerArn(harness, 80),
    'task-definition': 'shop-web:99',
  });
  expect(badTaskDefinition.annotations[0].message).toMatch(/task definition 'shop-web:99' not found/);
  expect(harness.sim.world.log.list().filter((call) => call.mutating)).toHaveLength(before);
});

test('the config file supplies the strategy and its settings for an environment', async () => {
  harness = await startHarness(blueGreenWorld());
  const taskDefinition = await registerRevision(harness, V2);
  const listener = await listenerArn(harness, 80);
  const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-wait-healthy-config-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(
    join(workspace, '.github', 'ecs-kit.yml'),
    [
      'cluster: staging',
      'services: [{ name: web-blue }]',
      'environments:',
      '  production:',
      '    cluster: prod',
      `    strategy: { type: blue-green, blue-service: web-blue, green-service: web-green, listener-arn: '${listener}', traffic: '50%:30s' }`,
      '',
    ].join('\n'),
  );
  const result = await runAction('wait-healthy', {
    inputs: { config: '.github/ecs-kit.yml', environment: 'production', 'task-definition': taskDefinition },
    endpoint: harness.sim.endpoint,
    workspace,
    env: { ECS_KIT_TIME_SCALE: String(harness.sim.world.clock.getScale()) },
  });
  rmSync(workspace, { recursive: true, force: true });
  expect(result.code).toBe(0);
  expect(greenWeightsSent(harness, 'ModifyListener')).toEqual([50, 100]);
  expect(result.summary).toContain('wait-healthy (blue-green)');
});
