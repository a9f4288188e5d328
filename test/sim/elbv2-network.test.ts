/**
 * ELBv2 simulator: listener changes with AWS's checks, Network Load Balancers, rule priorities, Lambda
 * target groups, and the ELBv2 part of the control API (seed and state).
 */
import {
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DescribeListenersCommand,
  DescribeLoadBalancersCommand,
  DescribeRulesCommand,
  DescribeTargetHealthCommand,
  ModifyListenerCommand,
  RegisterTargetsCommand,
  SetRulePrioritiesCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { SimControl } from '../../sim/index.js';
import { elbWorld, rejection, startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

const firstListener = () => [...harness!.sim.world.elb.store.listeners.values()][0].arn;

describe('ELBv2 listener changes', () => {
  it('changes port and protocol with DuplicateListener, UnsupportedProtocol and certificate checks', async () => {
    harness = await startElb({
      world: elbWorld({
        listeners: [
          {
            loadBalancer: 'shop-alb',
            port: 80,
            defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
          },
          {
            loadBalancer: 'shop-alb',
            port: 8443,
            defaultActions: [{ type: 'fixed-response', statusCode: '404' }],
          },
        ],
      }),
    });
    const arn = firstListener();
    expect(
      (await rejection(harness.elb.send(new ModifyListenerCommand({ ListenerArn: arn, Port: 8443 })))).name,
    ).toBe('DuplicateListenerException');
    expect(
      (await rejection(harness.elb.send(new ModifyListenerCommand({ ListenerArn: arn, Protocol: 'TCP' }))))
        .name,
    ).toBe('UnsupportedProtocolException');
    expect(
      (await rejection(harness.elb.send(new ModifyListenerCommand({ ListenerArn: arn, Protocol: 'HTTPS' }))))
        .name,
    ).toBe('ValidationError');
    const certificate = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
    const https = await harness.elb.send(
      new ModifyListenerCommand({
        ListenerArn: arn,
        Port: 443,
        Protocol: 'HTTPS',
        Certificates: [{ CertificateArn: certificate }],
      }),
    );
    expect(https.Listeners![0]).toMatchObject({
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: certificate }],
      SslPolicy: 'ELBSecurityPolicy-2016-08',
    });
    // The default actions were not part of the call and stay as they were.
    expect(https.Listeners![0].DefaultActions![0].TargetGroupArn).toBe(targetGroupArn(harness, 'web-tg'));
  });
});

describe('ELBv2 network load balancers', () => {
  it('forwards TCP listeners to TCP target groups only and refuses rules', async () => {
    harness = await startElb({
      world: {
        loadBalancers: [{ name: 'db-nlb', type: 'network' }],
        targetGroups: [{ name: 'db-tg', protocol: 'TCP', port: 5432 }, { name: 'http-tg' }],
        listeners: [
          {
            loadBalancer: 'db-nlb',
            port: 5432,
            defaultActions: [{ type: 'forward', targetGroups: [{ name: 'db-tg' }] }],
          },
        ],
      },
    });
    const nlb = (await harness.elb.send(new DescribeLoadBalancersCommand({ Names: ['db-nlb'] })))
      .LoadBalancers![0];
    expect(nlb.Type).toBe('network');
    expect(nlb.LoadBalancerArn).toMatch(/:loadbalancer\/net\/db-nlb\/[0-9a-f]{16}$/);
    const listener = (
      await harness.elb.send(new DescribeListenersCommand({ LoadBalancerArn: nlb.LoadBalancerArn }))
    ).Listeners![0];
    expect(listener).toMatchObject({ Protocol: 'TCP', Port: 5432 });
    expect(listener.ListenerArn).toMatch(/:listener\/net\/db-nlb\//);
    const db = harness.sim.world.elb.findTargetGroup('db-tg')!;
    expect(db.healthCheckIntervalMs).toBe(30_000);
    const toHttp = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: listener.ListenerArn,
          DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn(harness, 'http-tg') }],
        }),
      ),
    );
    expect(toHttp.name).toBe('IncompatibleProtocolsException');
    const rule = await rejection(
      harness.elb.send(
        new CreateRuleCommand({
          ListenerArn: listener.ListenerArn,
          Priority: 1,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: db.arn }],
        }),
      ),
    );
    expect(rule.name).toBe('ValidationError');
  });
});

describe('ELBv2 rule priorities', () => {
  it('reorders rules with SetRulePriorities and refuses clashes', async () => {
    harness = await startElb();
    const arn = firstListener();
    const web = targetGroupArn(harness, 'web-tg');
    const create = (priority: number, path: string) =>
      harness!.elb.send(
        new CreateRuleCommand({
          ListenerArn: arn,
          Priority: priority,
          Conditions: [{ Field: 'path-pattern', Values: [path] }],
          Actions: [{ Type: 'forward', TargetGroupArn: web }],
        }),
      );
    const a = (await create(1, '/a')).Rules![0].RuleArn!;
    const b = (await create(2, '/b')).Rules![0].RuleArn!;
    await harness.elb.send(
      new SetRulePrioritiesCommand({
        RulePriorities: [
          { RuleArn: a, Priority: 2 },
          { RuleArn: b, Priority: 1 },
        ],
      }),
    );
    const rules = (await harness.elb.send(new DescribeRulesCommand({ ListenerArn: arn }))).Rules!;
    expect(rules.map((rule) => [rule.Priority, rule.Conditions![0]?.Values?.[0]])).toEqual([
      ['1', '/b'],
      ['2', '/a'],
      ['default', undefined],
    ]);
    const clash = await rejection(
      harness.elb.send(new SetRulePrioritiesCommand({ RulePriorities: [{ RuleArn: a, Priority: 1 }] })),
    );
    expect(clash.name).toBe('PriorityInUseException');
  });
});

describe('ELBv2 Lambda target groups', () => {
  it('creates a Lambda target group without protocol, port or VPC; its targets report unavailable', async () => {
    harness = await startElb();
    const created = await harness.elb.send(
      new CreateTargetGroupCommand({ Name: 'fn-tg', TargetType: 'lambda' }),
    );
    const group = created.TargetGroups![0];
    expect(group).toMatchObject({
      TargetType: 'lambda',
      HealthCheckEnabled: false,
      HealthCheckIntervalSeconds: 35,
    });
    expect(group.Protocol).toBeUndefined();
    const lambda = await rejection(
      harness.elb.send(new CreateTargetGroupCommand({ Name: 'fn2-tg', TargetType: 'lambda', Port: 80 })),
    );
    expect(lambda.name).toBe('ValidationError');
    const listenerArn = firstListener();
    await harness.elb.send(
      new CreateRuleCommand({
        ListenerArn: listenerArn,
        Priority: 1,
        Conditions: [{ Field: 'path-pattern', Values: ['/fn'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: group.TargetGroupArn }],
      }),
    );
    await harness.elb.send(
      new RegisterTargetsCommand({
        TargetGroupArn: group.TargetGroupArn,
        Targets: [{ Id: 'arn:aws:lambda:us-east-1:123456789012:function:shop' }],
      }),
    );
    const described = await harness.elb.send(
      new DescribeTargetHealthCommand({ TargetGroupArn: group.TargetGroupArn }),
    );
    expect(described.TargetHealthDescriptions![0].TargetHealth).toMatchObject({
      State: 'unavailable',
      Reason: 'Target.HealthCheckDisabled',
    });
  });
});

describe('ELBv2 through the control API', () => {
  it('seeds over HTTP and shows load balancers, target groups with targets, listeners and rules in /_sim/state', async () => {
    harness = await startElb({ world: {} });
    const control = new SimControl(harness.sim.endpoint);
    await control.seed(elbWorld());
    harness.sim.world.elb.registerTaskTarget(targetGroupArn(harness, 'web-tg'), {
      id: '10.0.5.5',
      port: 8080,
      probe: () => true,
      startHealthy: true,
    });
    const state = await control.state<{
      elbv2: {
        loadBalancers: { LoadBalancerName: string }[];
        targetGroups: {
          TargetGroupName: string;
          attributes: Record<string, string>;
          targets: { id: string; state: string }[];
        }[];
        listeners: unknown[];
        rules: { Priority: string }[];
      };
    }>();
    expect(state.elbv2.loadBalancers.map((lb) => lb.LoadBalancerName)).toEqual(['shop-alb']);
    expect(state.elbv2.targetGroups.map((tg) => tg.TargetGroupName)).toEqual(['web-tg', 'idle-tg']);
    expect(state.elbv2.targetGroups[0].targets).toEqual([{ id: '10.0.5.5', port: 8080, state: 'healthy' }]);
    expect(state.elbv2.targetGroups[0].attributes['deregistration_delay.timeout_seconds']).toBe('30');
    expect(state.elbv2.listeners).toHaveLength(1);
    expect(state.elbv2.rules.map((rule) => rule.Priority)).toEqual(['default']);
    await expect(control.seed({ targetGroups: [{ name: 'web-tg' }] })).rejects.toThrow(/already exists/);
    await expect(
      control.seed({ listeners: [{ loadBalancer: 'ghost', port: 81, defaultActions: [] }] }),
    ).rejects.toThrow(/unknown load balancer 'ghost'/);
  });
});
