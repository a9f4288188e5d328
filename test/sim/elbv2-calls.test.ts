/** ELBv2 simulator: the call log and injected throttling, as the real SDK experiences them. */
import {
  DescribeTargetGroupsCommand,
  RegisterTargetsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { rejection, startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

describe('ELBv2 call log and faults', () => {
  it('records every call with its parameters, outcome and whether it mutates', async () => {
    harness = await startElb();
    const web = targetGroupArn(harness, 'web-tg');
    await harness.elb.send(new DescribeTargetGroupsCommand({ Names: ['web-tg'] }));
    await harness.elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: web, Targets: [{ Id: '10.0.3.1', Port: 8080 }] }),
    );
    await rejection(harness.elb.send(new DescribeTargetGroupsCommand({ Names: ['missing'] })));
    const calls = harness.sim.world.log.list().filter((call) => call.service === 'elbv2');
    expect(calls.map((call) => [call.operation, call.outcome, call.mutating, call.errorCode])).toEqual([
      ['DescribeTargetGroups', 'ok', false, undefined],
      ['RegisterTargets', 'ok', true, undefined],
      ['DescribeTargetGroups', 'error', false, 'TargetGroupNotFound'],
    ]);
    expect(calls[0].params).toEqual({ Names: ['web-tg'] });
    expect(calls[1].params).toEqual({ TargetGroupArn: web, Targets: [{ Id: '10.0.3.1', Port: '8080' }] });
  });

  it('injects Throttling that the SDK retries until the call succeeds', async () => {
    harness = await startElb({ maxAttempts: 10 });
    harness.sim.world.faults.configure({
      seed: 7,
      rules: [{ service: 'elbv2', operation: 'DescribeTargetGroups', throttlePercent: 50 }],
    });
    let retried = 0;
    for (let i = 0; i < 4; i++) {
      const result = await harness.elb.send(new DescribeTargetGroupsCommand({}));
      expect(result.TargetGroups).toHaveLength(2);
      if ((result.$metadata.attempts ?? 1) > 1) retried++;
    }
    const calls = harness.sim.world.log.list();
    const throttled = calls.filter((call) => call.fault === 'throttle');
    expect(throttled.length).toBeGreaterThan(0);
    expect(throttled.every((call) => call.errorCode === 'Throttling')).toBe(true);
    expect(retried).toBeGreaterThan(0);
    expect(calls.filter((call) => call.outcome === 'ok')).toHaveLength(4);
  });

  it('surfaces Throttling as error.name once the retries are used up', async () => {
    harness = await startElb({ maxAttempts: 2 });
    harness.sim.world.faults.configure({ rules: [{ service: 'elbv2', throttlePercent: 100 }] });
    const error = await rejection(harness.elb.send(new DescribeTargetGroupsCommand({})));
    expect(error.name).toBe('Throttling');
    expect(error.$metadata?.attempts).toBe(2);
    expect(harness.sim.world.log.list().map((call) => call.fault)).toEqual(['throttle', 'throttle']);
  });
});
