/** ELBv2 simulator: target registration and health over scaled time, through the real SDK client. */
import {
  DeregisterTargetsCommand,
  DescribeTargetHealthCommand,
  RegisterTargetsCommand,
  type TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { rejection, startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

const SECOND = 1000;

async function health(
  targetGroupArn: string,
  targets?: { Id: string; Port?: number }[],
): Promise<TargetHealthDescription[]> {
  const described = await harness!.elb.send(
    new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn, Targets: targets }),
  );
  return described.TargetHealthDescriptions ?? [];
}

/** Polls DescribeTargetHealth (as a deployment tool would) until `done` holds; gives up after 5 real seconds. */
async function waitForHealth(
  targetGroupArn: string,
  done: (descriptions: TargetHealthDescription[]) => boolean,
): Promise<TargetHealthDescription[]> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const descriptions = await health(targetGroupArn);
    if (done(descriptions)) return descriptions;
    if (Date.now() > deadline)
      throw new Error(`target health never settled: ${JSON.stringify(descriptions)}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const states = (descriptions: TargetHealthDescription[]) =>
  descriptions.map((description) => `${description.Target!.Id}:${description.TargetHealth!.State}`);

describe('ELBv2 target health over scaled time', () => {
  it('takes registered targets from initial to healthy after HealthyThresholdCount intervals', async () => {
    // Slow enough (10 s checks = 0.5 real s) that the first DescribeTargetHealth reliably sees `initial`.
    harness = await startElb({ timeScale: 20 });
    const web = targetGroupArn(harness, 'web-tg');
    const registeredAt = harness.sim.world.clock.now();
    await harness.elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: web,
        Targets: [{ Id: '10.0.1.10', Port: 8080 }, { Id: '10.0.1.11' }],
      }),
    );
    const first = await health(web);
    expect(first.map((d) => d.TargetHealth)).toEqual([
      {
        State: 'initial',
        Reason: 'Elb.RegistrationInProgress',
        Description: 'Target registration is in progress',
      },
      {
        State: 'initial',
        Reason: 'Elb.RegistrationInProgress',
        Description: 'Target registration is in progress',
      },
    ]);
    // Port defaults to the target group's port; the health check port is the traffic port.
    expect(first[1].Target).toMatchObject({ Id: '10.0.1.11', Port: 8080 });
    expect(first[1].HealthCheckPort).toBe('8080');

    const healthy = await waitForHealth(web, (d) => d.every((one) => one.TargetHealth!.State === 'healthy'));
    expect(states(healthy)).toEqual(['10.0.1.10:healthy', '10.0.1.11:healthy']);
    expect(healthy[0].TargetHealth!.Reason).toBeUndefined();
    const turnedHealthy = harness.sim.world.timeline.find(
      (event) => event.type === 'target-health' && event.to === 'healthy',
    );
    // web-tg checks every 10 s and needs 3 passes.
    expect(turnedHealthy!.time - registeredAt).toBeGreaterThanOrEqual(30 * SECOND);
    expect(turnedHealthy!.time - registeredAt).toBeLessThan(40 * SECOND);
  });

  it('turns a healthy target unhealthy when its probe starts failing, and healthy again when it recovers', async () => {
    harness = await startElb({ timeScale: 500 });
    const web = targetGroupArn(harness, 'web-tg');
    await harness.elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: web, Targets: [{ Id: '10.0.1.12' }] }),
    );
    await waitForHealth(web, (d) => d[0]?.TargetHealth?.State === 'healthy');
    harness.sim.world.elb.setTargetProbe(web, '10.0.1.12', 8080, () => false);
    const unhealthy = await waitForHealth(web, (d) => d[0]?.TargetHealth?.State === 'unhealthy');
    expect(unhealthy[0].TargetHealth).toEqual({
      State: 'unhealthy',
      Reason: 'Target.FailedHealthChecks',
      Description: 'Health checks failed',
    });
    harness.sim.world.elb.setTargetProbe(web, '10.0.1.12', 8080, () => true);
    await waitForHealth(web, (d) => d[0]?.TargetHealth?.State === 'healthy');
    const transitions = harness.sim.world.timeline
      .filter((event) => event.type === 'target-health')
      .map((event) => `${String(event.from)}->${String(event.to)}`);
    expect(transitions).toEqual([
      'undefined->initial',
      'initial->healthy',
      'healthy->unhealthy',
      'unhealthy->healthy',
    ]);
  });

  it('drains a deregistered target for the deregistration delay, then forgets it', async () => {
    harness = await startElb({ timeScale: 500 });
    const web = targetGroupArn(harness, 'web-tg');
    await harness.elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: web,
        Targets: [{ Id: '10.0.1.13' }, { Id: '10.0.1.14' }],
      }),
    );
    await waitForHealth(web, (d) => d.every((one) => one.TargetHealth!.State === 'healthy'));
    await harness.elb.send(
      new DeregisterTargetsCommand({ TargetGroupArn: web, Targets: [{ Id: '10.0.1.13' }] }),
    );
    const draining = await health(web);
    expect(draining.map((d) => [d.Target!.Id, d.TargetHealth!.State, d.TargetHealth!.Reason])).toEqual([
      ['10.0.1.13', 'draining', 'Target.DeregistrationInProgress'],
      ['10.0.1.14', 'healthy', undefined],
    ]);
    const remaining = await waitForHealth(web, (d) => d.length === 1);
    expect(states(remaining)).toEqual(['10.0.1.14:healthy']);
    const events = harness.sim.world.timeline.filter(
      (event) => event.type === 'target-health' && event.id === '10.0.1.13',
    );
    const drainedAt = events.find((event) => event.to === 'draining')!.time;
    const removedAt = events.find((event) => event.to === 'removed')!.time;
    expect(removedAt - drainedAt).toBeGreaterThanOrEqual(30 * SECOND);
    // Asked for explicitly, a target that is no longer registered is unused / Target.NotRegistered.
    const asked = await health(web, [{ Id: '10.0.1.13', Port: 8080 }]);
    expect(asked[0].TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotRegistered' });
  });

  it('reports targets of a target group no listener uses as unused (Target.NotInUse)', async () => {
    harness = await startElb({ timeScale: 500 });
    const idle = targetGroupArn(harness, 'idle-tg');
    await harness.elb.send(
      new RegisterTargetsCommand({ TargetGroupArn: idle, Targets: [{ Id: '10.0.2.20' }] }),
    );
    const described = await health(idle);
    expect(described[0].TargetHealth).toMatchObject({ State: 'unused', Reason: 'Target.NotInUse' });
  });

  it('raises InvalidTarget and TargetGroupNotFound for bad registrations', async () => {
    harness = await startElb();
    const web = targetGroupArn(harness, 'web-tg');
    const notAnIp = await rejection(
      harness.elb.send(
        new RegisterTargetsCommand({ TargetGroupArn: web, Targets: [{ Id: 'i-0123456789abcdef0' }] }),
      ),
    );
    expect(notAnIp.name).toBe('InvalidTargetException');
    const notRegistered = await rejection(
      harness.elb.send(new DeregisterTargetsCommand({ TargetGroupArn: web, Targets: [{ Id: '10.9.9.9' }] })),
    );
    expect(notRegistered.name).toBe('InvalidTargetException');
    const noGroup = await rejection(
      harness.elb.send(
        new RegisterTargetsCommand({
          TargetGroupArn: `${web.slice(0, -16)}0000000000000000`,
          Targets: [{ Id: '10.0.0.1' }],
        }),
      ),
    );
    expect(noGroup.name).toBe('TargetGroupNotFoundException');
    const noTargets = await rejection(
      harness.elb.send(new RegisterTargetsCommand({ TargetGroupArn: web, Targets: [] })),
    );
    expect(noTargets.name).toBe('ValidationError');
    expect(await health(web)).toEqual([]);
  });
});
