/** The ELBv2 model's internal interface (used by the ECS model), driven on the simulated clock. */
import { afterEach, describe, expect, it } from '@jest/globals';
import type { TargetHealthChange } from '../../sim/elbv2/model.js';
import { startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

const SECOND = 1000;

describe('ELBv2 internal interface', () => {
  it('describes seeded target groups by name and ARN with AWS defaults', async () => {
    harness = await startElb();
    const elb = harness.sim.world.elb;
    const web = elb.findTargetGroup('web-tg');
    expect(web).toMatchObject({
      name: 'web-tg',
      port: 8080,
      protocol: 'HTTP',
      targetType: 'ip',
      deregistrationDelayMs: 30 * SECOND,
      healthCheckIntervalMs: 10 * SECOND,
      healthyThresholdCount: 3,
      unhealthyThresholdCount: 2,
    });
    expect(web!.arn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup\/web-tg\/[0-9a-f]{16}$/,
    );
    expect(web!.loadBalancerArns).toHaveLength(1);
    expect(elb.findTargetGroup(web!.arn)?.name).toBe('web-tg');
    const idle = elb.findTargetGroup('idle-tg');
    expect(idle).toMatchObject({
      deregistrationDelayMs: 300 * SECOND,
      healthCheckIntervalMs: 30 * SECOND,
      healthyThresholdCount: 5,
    });
    expect(idle!.loadBalancerArns).toEqual([]);
    expect(elb.findTargetGroup('nope')).toBeUndefined();
  });

  it('takes a task target from initial to healthy after healthyThresholdCount passing checks', async () => {
    harness = await startElb({ timeScale: 1 });
    const { world } = harness.sim;
    const arn = targetGroupArn(harness, 'web-tg');
    const changes: TargetHealthChange[] = [];
    world.elb.onHealthChange((change) => changes.push(change));
    world.elb.registerTaskTarget(arn, { id: '10.0.1.5', port: 8080, probe: () => true });
    expect(world.elb.targetState(arn, '10.0.1.5', 8080)).toBe('initial');
    world.clock.advance(29 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.5', 8080)).toBe('initial');
    world.clock.advance(1 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.5', 8080)).toBe('healthy');
    expect(changes.map((change) => [change.from, change.to, change.reason])).toEqual([
      [undefined, 'initial', 'Elb.RegistrationInProgress'],
      ['initial', 'healthy', undefined],
    ]);
    const recorded = world.timeline.filter((event) => event.type === 'target-health');
    expect(recorded.map((event) => event.to)).toEqual(['initial', 'healthy']);
    expect(recorded[1]).toMatchObject({ targetGroupArn: arn, id: '10.0.1.5', port: 8080, from: 'initial' });
  });

  it('turns a healthy target unhealthy after unhealthyThresholdCount failures, and healthy again', async () => {
    harness = await startElb({ timeScale: 1 });
    const { world } = harness.sim;
    const arn = targetGroupArn(harness, 'web-tg');
    let passing = true;
    world.elb.registerTaskTarget(arn, {
      id: '10.0.1.6',
      port: 8080,
      probe: () => passing,
      failureReason: () => 'Target.ResponseCodeMismatch',
      startHealthy: true,
    });
    expect(world.elb.targetState(arn, '10.0.1.6', 8080)).toBe('healthy');
    passing = false;
    world.clock.advance(10 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.6', 8080)).toBe('healthy');
    world.clock.advance(10 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.6', 8080)).toBe('unhealthy');
    const last = world.timeline.at(-1);
    expect(last).toMatchObject({ from: 'healthy', to: 'unhealthy', reason: 'Target.ResponseCodeMismatch' });
    passing = true;
    world.clock.advance(20 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.6', 8080)).toBe('unhealthy');
    world.clock.advance(10 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.6', 8080)).toBe('healthy');
  });

  it('reports an asynchronous probe slower than the timeout as Target.Timeout', async () => {
    harness = await startElb({ timeScale: 1 });
    const { world } = harness.sim;
    const arn = targetGroupArn(harness, 'web-tg');
    world.elb.registerTaskTarget(arn, {
      id: '10.0.1.9',
      port: 8080,
      probe: () => new Promise<boolean>(() => {}),
    });
    world.clock.advance(10 * SECOND);
    world.clock.advance(5 * SECOND); // first check times out
    world.clock.advance(10 * SECOND); // second check starts
    world.clock.advance(5 * SECOND); // and times out: two failures
    expect(world.elb.targetState(arn, '10.0.1.9', 8080)).toBe('unhealthy');
    expect(world.timeline.at(-1)).toMatchObject({ to: 'unhealthy', reason: 'Target.Timeout' });
  });

  it('drains a deregistered target for the deregistration delay, then removes it', async () => {
    harness = await startElb({ timeScale: 1 });
    const { world } = harness.sim;
    const arn = targetGroupArn(harness, 'web-tg');
    const changes: TargetHealthChange[] = [];
    world.elb.onHealthChange((change) => changes.push(change));
    world.elb.registerTaskTarget(arn, { id: '10.0.1.7', port: 8080, probe: () => true, startHealthy: true });
    world.elb.deregisterTaskTarget(arn, '10.0.1.7', 8080);
    expect(world.elb.targetState(arn, '10.0.1.7', 8080)).toBe('draining');
    world.clock.advance(29 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.7', 8080)).toBe('draining');
    world.clock.advance(1 * SECOND);
    expect(world.elb.targetState(arn, '10.0.1.7', 8080)).toBeUndefined();
    expect(changes.map((change) => change.to)).toEqual(['healthy', 'draining', 'removed']);
    expect(changes[1].reason).toBe('Target.DeregistrationInProgress');
    // Unknown targets and target groups are ignored.
    world.elb.deregisterTaskTarget(arn, '10.9.9.9', 8080);
    world.elb.deregisterTaskTarget(
      'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0',
      '1',
      1,
    );
  });

  it('refuses to register into an unknown target group with TargetGroupNotFound', async () => {
    harness = await startElb();
    expect(() =>
      harness!.sim.world.elb.registerTaskTarget(
        'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/x/0',
        {
          id: '10.0.0.1',
          port: 80,
          probe: () => true,
        },
      ),
    ).toThrow(expect.objectContaining({ code: 'TargetGroupNotFound' }));
  });

  it('keeps targets of an unused target group unused until a listener forwards to it', async () => {
    harness = await startElb({ timeScale: 1 });
    const { world } = harness.sim;
    const idle = targetGroupArn(harness, 'idle-tg');
    const web = targetGroupArn(harness, 'web-tg');
    world.elb.registerTaskTarget(idle, { id: '10.0.2.1', port: 8080, probe: () => true });
    expect(world.elb.targetState(idle, '10.0.2.1', 8080)).toBe('unused');
    world.clock.advance(300 * SECOND);
    expect(world.elb.targetState(idle, '10.0.2.1', 8080)).toBe('unused');
    const listenerArn = [...world.elb.store.listeners.keys()][0];
    world.elb.setForwardWeights(listenerArn, { [web]: 90, [idle]: 10 });
    expect(world.elb.forwardWeights(listenerArn)).toEqual({ [web]: 90, [idle]: 10 });
    expect(world.elb.findTargetGroup(idle)!.loadBalancerArns).toHaveLength(1);
    expect(world.elb.targetState(idle, '10.0.2.1', 8080)).toBe('initial');
    world.clock.advance(150 * SECOND);
    expect(world.elb.targetState(idle, '10.0.2.1', 8080)).toBe('healthy');
    world.elb.setForwardWeights(listenerArn, { [web]: 100 });
    expect(world.elb.targetState(idle, '10.0.2.1', 8080)).toBe('unused');
    expect(() => world.elb.setForwardWeights(listenerArn, { [web]: 1000 })).toThrow(/0 to 999/);
    expect(world.elb.forwardWeights(listenerArn)).toEqual({ [web]: 100 });
  });
});
