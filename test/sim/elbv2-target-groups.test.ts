/** ELBv2 simulator: load balancers, target groups and their attributes, through the real SDK client. */
import {
  CreateTargetGroupCommand,
  DeleteTargetGroupCommand,
  DescribeLoadBalancersCommand,
  DescribeTargetGroupAttributesCommand,
  DescribeTargetGroupsCommand,
  ModifyTargetGroupAttributesCommand,
  paginateDescribeTargetGroups,
  type TargetGroup,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { rejection, startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

const VPC = 'vpc-0a51e0e1b2c3d4e5f';

describe('ELBv2 load balancers', () => {
  it('describes seeded load balancers by name and ARN, AWS-shaped', async () => {
    harness = await startElb();
    const all = await harness.elb.send(new DescribeLoadBalancersCommand({}));
    expect(all.LoadBalancers).toHaveLength(1);
    const [alb] = all.LoadBalancers!;
    expect(alb).toMatchObject({
      LoadBalancerName: 'shop-alb',
      Type: 'application',
      Scheme: 'internet-facing',
      State: { Code: 'active' },
      VpcId: VPC,
    });
    expect(alb.LoadBalancerArn).toMatch(
      /^arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer\/app\/shop-alb\/[0-9a-f]{16}$/,
    );
    expect(alb.DNSName).toMatch(/^shop-alb-\d+\.us-east-1\.elb\.amazonaws\.com$/);
    expect(alb.CreatedTime).toBeInstanceOf(Date);
    const byName = await harness.elb.send(new DescribeLoadBalancersCommand({ Names: ['shop-alb'] }));
    expect(byName.LoadBalancers![0].LoadBalancerArn).toBe(alb.LoadBalancerArn);
    const byArn = await harness.elb.send(
      new DescribeLoadBalancersCommand({ LoadBalancerArns: [alb.LoadBalancerArn!] }),
    );
    expect(byArn.LoadBalancers![0].LoadBalancerName).toBe('shop-alb');
  });

  it('raises LoadBalancerNotFound for unknown names and ARNs', async () => {
    harness = await startElb();
    const byName = await rejection(harness.elb.send(new DescribeLoadBalancersCommand({ Names: ['nope'] })));
    expect(byName.name).toBe('LoadBalancerNotFoundException');
    const byArn = await rejection(
      harness.elb.send(
        new DescribeLoadBalancersCommand({
          LoadBalancerArns: [
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/nope/0000000000000000',
          ],
        }),
      ),
    );
    expect(byArn.name).toBe('LoadBalancerNotFoundException');
  });

  it('pages load balancers with PageSize and NextMarker', async () => {
    harness = await startElb({
      world: { loadBalancers: Array.from({ length: 5 }, (_, index) => ({ name: `alb-${index}` })) },
    });
    const names: string[] = [];
    let marker: string | undefined;
    let pages = 0;
    do {
      const page = await harness.elb.send(new DescribeLoadBalancersCommand({ PageSize: 2, Marker: marker }));
      names.push(...page.LoadBalancers!.map((lb) => lb.LoadBalancerName!));
      marker = page.NextMarker;
      pages++;
    } while (marker);
    expect(pages).toBe(3);
    expect(names).toEqual(['alb-0', 'alb-1', 'alb-2', 'alb-3', 'alb-4']);
    const bad = await rejection(harness.elb.send(new DescribeLoadBalancersCommand({ Marker: 'garbage' })));
    expect(bad.name).toBe('ValidationError');
    const tooBig = await rejection(harness.elb.send(new DescribeLoadBalancersCommand({ PageSize: 401 })));
    expect(tooBig.name).toBe('ValidationError');
  });
});

describe('ELBv2 target groups', () => {
  it('creates a target group with AWS defaults and describes it by name, ARN and load balancer', async () => {
    harness = await startElb();
    const created = await harness.elb.send(
      new CreateTargetGroupCommand({
        Name: 'api-tg',
        Protocol: 'HTTP',
        Port: 3000,
        VpcId: VPC,
        TargetType: 'ip',
        Tags: [{ Key: 'team', Value: 'shop' }],
      }),
    );
    const group = created.TargetGroups![0];
    expect(group).toMatchObject({
      TargetGroupName: 'api-tg',
      Protocol: 'HTTP',
      Port: 3000,
      VpcId: VPC,
      TargetType: 'ip',
      HealthCheckProtocol: 'HTTP',
      HealthCheckPort: 'traffic-port',
      HealthCheckEnabled: true,
      HealthCheckPath: '/',
      HealthCheckIntervalSeconds: 30,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 5,
      UnhealthyThresholdCount: 2,
      Matcher: { HttpCode: '200' },
      LoadBalancerArns: [],
    });
    expect(group.TargetGroupArn).toMatch(/:targetgroup\/api-tg\/[0-9a-f]{16}$/);

    const byName = await harness.elb.send(new DescribeTargetGroupsCommand({ Names: ['api-tg'] }));
    expect(byName.TargetGroups![0].TargetGroupArn).toBe(group.TargetGroupArn);
    const byArn = await harness.elb.send(
      new DescribeTargetGroupsCommand({ TargetGroupArns: [group.TargetGroupArn!] }),
    );
    expect(byArn.TargetGroups![0].TargetGroupName).toBe('api-tg');
    const lb = (await harness.elb.send(new DescribeLoadBalancersCommand({}))).LoadBalancers![0];
    const byLoadBalancer = await harness.elb.send(
      new DescribeTargetGroupsCommand({ LoadBalancerArn: lb.LoadBalancerArn }),
    );
    expect(byLoadBalancer.TargetGroups!.map((tg) => tg.TargetGroupName)).toEqual(['web-tg']);
    expect(byLoadBalancer.TargetGroups![0].LoadBalancerArns).toEqual([lb.LoadBalancerArn]);
  });

  it('is idempotent for identical settings and raises DuplicateTargetGroupName otherwise', async () => {
    harness = await startElb();
    const input = {
      Name: 'api-tg',
      Protocol: 'HTTP' as const,
      Port: 3000,
      VpcId: VPC,
      TargetType: 'ip' as const,
    };
    const first = await harness.elb.send(new CreateTargetGroupCommand(input));
    const again = await harness.elb.send(new CreateTargetGroupCommand(input));
    expect(again.TargetGroups![0].TargetGroupArn).toBe(first.TargetGroups![0].TargetGroupArn);
    const clash = await rejection(harness.elb.send(new CreateTargetGroupCommand({ ...input, Port: 3001 })));
    expect(clash.name).toBe('DuplicateTargetGroupNameException');
  });

  it('rejects bad settings with ValidationError before creating anything', async () => {
    harness = await startElb();
    const base = { Protocol: 'HTTP' as const, Port: 80, VpcId: VPC };
    const cases = [
      { ...base, Name: '-bad-name' },
      { ...base, Name: 'internal-web' },
      { ...base, Name: 'x'.repeat(33) },
      { ...base, Name: 'slow', HealthCheckIntervalSeconds: 10, HealthCheckTimeoutSeconds: 10 },
      { ...base, Name: 'fast', HealthCheckIntervalSeconds: 4 },
      { ...base, Name: 'picky', HealthyThresholdCount: 11 },
      { Name: 'no-port', Protocol: 'HTTP' as const, VpcId: VPC },
      { ...base, Name: 'odd-codes', Matcher: { HttpCode: '200-600' } },
      { ...base, Name: 'no-codes', Matcher: { HttpCode: 'ok' } },
      { ...base, Name: 'relative', HealthCheckPath: 'health' },
    ];
    for (const input of cases) {
      const error = await rejection(harness.elb.send(new CreateTargetGroupCommand(input)));
      expect([input.Name, error.name]).toEqual([input.Name, 'ValidationError']);
    }
    const all = await harness.elb.send(new DescribeTargetGroupsCommand({}));
    expect(all.TargetGroups!.map((tg) => tg.TargetGroupName)).toEqual(['web-tg', 'idle-tg']);
  });

  it('raises TargetGroupNotFound for unknown names and ARNs', async () => {
    harness = await startElb();
    const byName = await rejection(
      harness.elb.send(new DescribeTargetGroupsCommand({ Names: ['web-tg', 'nope'] })),
    );
    expect(byName.name).toBe('TargetGroupNotFoundException');
    const attributes = await rejection(
      harness.elb.send(
        new DescribeTargetGroupAttributesCommand({
          TargetGroupArn:
            'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0000000000000000',
        }),
      ),
    );
    expect(attributes.name).toBe('TargetGroupNotFoundException');
  });

  it('pages target groups with the SDK paginator', async () => {
    harness = await startElb({
      world: {
        targetGroups: Array.from({ length: 7 }, (_, index) => ({ name: `tg-${index}` })),
      },
    });
    const pages: TargetGroup[][] = [];
    for await (const page of paginateDescribeTargetGroups({ client: harness.elb }, { PageSize: 3 })) {
      pages.push(page.TargetGroups ?? []);
    }
    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((tg) => tg.TargetGroupName)).toEqual(
      Array.from({ length: 7 }, (_, i) => `tg-${i}`),
    );
  });

  it('refuses to delete a target group in use (ResourceInUse) and deletes an unused one', async () => {
    harness = await startElb();
    const web = targetGroupArn(harness, 'web-tg');
    const idle = targetGroupArn(harness, 'idle-tg');
    const inUse = await rejection(harness.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: web })));
    expect(inUse.name).toBe('ResourceInUseException');
    await harness.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: idle }));
    const gone = await rejection(
      harness.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [idle] })),
    );
    expect(gone.name).toBe('TargetGroupNotFoundException');
    // A repeated delete converges instead of failing.
    await harness.elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: idle }));
    expect(harness.sim.world.elb.findTargetGroup('web-tg')).toBeDefined();
  });

  it('describes and modifies target group attributes, rejecting bad values atomically', async () => {
    harness = await startElb();
    const web = targetGroupArn(harness, 'web-tg');
    const described = await harness.elb.send(
      new DescribeTargetGroupAttributesCommand({ TargetGroupArn: web }),
    );
    const attributes = Object.fromEntries(described.Attributes!.map((a) => [a.Key, a.Value]));
    expect(attributes).toMatchObject({
      'deregistration_delay.timeout_seconds': '30',
      'stickiness.enabled': 'false',
      'slow_start.duration_seconds': '0',
      'load_balancing.algorithm.type': 'round_robin',
    });
    const modified = await harness.elb.send(
      new ModifyTargetGroupAttributesCommand({
        TargetGroupArn: web,
        Attributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
      }),
    );
    expect(modified.Attributes).toContainEqual({ Key: 'deregistration_delay.timeout_seconds', Value: '5' });
    expect(harness.sim.world.elb.findTargetGroup(web)!.deregistrationDelayMs).toBe(5000);
    const bad = await rejection(
      harness.elb.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: web,
          Attributes: [
            { Key: 'deregistration_delay.timeout_seconds', Value: '60' },
            { Key: 'deregistration_delay.timeout_seconds', Value: '3601' },
          ],
        }),
      ),
    );
    expect(bad.name).toBe('ValidationError');
    const unknown = await rejection(
      harness.elb.send(
        new ModifyTargetGroupAttributesCommand({
          TargetGroupArn: web,
          Attributes: [{ Key: 'made.up', Value: '1' }],
        }),
      ),
    );
    expect(unknown.name).toBe('ValidationError');
    expect(harness.sim.world.elb.findTargetGroup(web)!.deregistrationDelayMs).toBe(5000);
  });
});
