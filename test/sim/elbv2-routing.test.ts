/** ELBv2 simulator: listeners, rules, weighted forward actions and tags, through the real SDK client. */
import {
  AddTagsCommand,
  CreateRuleCommand,
  CreateTargetGroupCommand,
  DeleteRuleCommand,
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  DescribeTargetGroupsCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  RemoveTagsCommand,
  type Action,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, describe, expect, it } from '@jest/globals';
import { elbWorld, rejection, startElb, stopElb, targetGroupArn, type ElbHarness } from './elbv2-fixtures.js';

let harness: ElbHarness | undefined;
afterEach(async () => {
  await stopElb(harness);
  harness = undefined;
});

const VPC = 'vpc-0a51e0e1b2c3d4e5f';
const MISSING_TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/nope/0000000000000000';

async function listenerArn(elb: ElasticLoadBalancingV2Client): Promise<string> {
  const harnessListeners = harness!.sim.world.elb.store.listeners;
  const arn = [...harnessListeners.keys()][0];
  const described = await elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }));
  return described.Listeners![0].ListenerArn!;
}

function weighted(...members: [string, number][]): Action[] {
  return [
    {
      Type: 'forward',
      ForwardConfig: {
        TargetGroups: members.map(([TargetGroupArn, Weight]) => ({ TargetGroupArn, Weight })),
      },
    },
  ];
}

describe('ELBv2 listeners', () => {
  it('describes listeners by load balancer and by ARN; raises ListenerNotFound and ValidationError', async () => {
    harness = await startElb();
    const lb = [...harness.sim.world.elb.store.loadBalancers.values()][0];
    const byLb = await harness.elb.send(new DescribeListenersCommand({ LoadBalancerArn: lb.arn }));
    expect(byLb.Listeners).toHaveLength(1);
    const listener = byLb.Listeners![0];
    expect(listener).toMatchObject({ LoadBalancerArn: lb.arn, Port: 80, Protocol: 'HTTP' });
    expect(listener.ListenerArn).toMatch(/:listener\/app\/shop-alb\/[0-9a-f]{16}\/[0-9a-f]{16}$/);
    expect(listener.DefaultActions).toEqual([
      {
        Type: 'forward',
        TargetGroupArn: targetGroupArn(harness, 'web-tg'),
        ForwardConfig: {
          TargetGroups: [{ TargetGroupArn: targetGroupArn(harness, 'web-tg'), Weight: 1 }],
          TargetGroupStickinessConfig: { Enabled: false },
        },
      },
    ]);
    const missing = await rejection(
      harness.elb.send(new DescribeListenersCommand({ ListenerArns: [`${listener.ListenerArn}0`] })),
    );
    expect(missing.name).toBe('ListenerNotFoundException');
    const neither = await rejection(harness.elb.send(new DescribeListenersCommand({})));
    expect(neither.name).toBe('ValidationError');
  });

  it('round-trips weighted forward actions and tracks LoadBalancerArns of the target groups', async () => {
    harness = await startElb();
    const arn = await listenerArn(harness.elb);
    const web = targetGroupArn(harness, 'web-tg');
    const idle = targetGroupArn(harness, 'idle-tg');
    const modified = await harness.elb.send(
      new ModifyListenerCommand({ ListenerArn: arn, DefaultActions: weighted([web, 80], [idle, 20]) }),
    );
    const action = modified.Listeners![0].DefaultActions![0];
    expect(action.TargetGroupArn).toBeUndefined();
    expect(action.ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: web, Weight: 80 },
      { TargetGroupArn: idle, Weight: 20 },
    ]);
    const described = await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }));
    expect(described.Listeners![0].DefaultActions).toEqual(modified.Listeners![0].DefaultActions);
    expect(harness.sim.world.elb.forwardWeights(arn)).toEqual({ [web]: 80, [idle]: 20 });
    const groups = await harness.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [idle] }));
    expect(groups.TargetGroups![0].LoadBalancerArns).toHaveLength(1);

    // Weight 0 keeps the group attached; the single-ARN form detaches the other one.
    await harness.elb.send(
      new ModifyListenerCommand({ ListenerArn: arn, DefaultActions: weighted([web, 0], [idle, 999]) }),
    );
    expect(harness.sim.world.elb.forwardWeights(arn)).toEqual({ [web]: 0, [idle]: 999 });
    await harness.elb.send(
      new ModifyListenerCommand({
        ListenerArn: arn,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: idle }],
      }),
    );
    const single = await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }));
    expect(single.Listeners![0].DefaultActions![0].TargetGroupArn).toBe(idle);
    const web2 = await harness.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [web] }));
    expect(web2.TargetGroups![0].LoadBalancerArns).toEqual([]);
  });

  it('validates every referenced target group and leaves the listener unchanged on error', async () => {
    harness = await startElb({
      world: elbWorld({ loadBalancers: [{ name: 'shop-alb' }, { name: 'other-alb' }] }),
    });
    const arn = await listenerArn(harness.elb);
    const web = targetGroupArn(harness, 'web-tg');
    const idle = targetGroupArn(harness, 'idle-tg');
    const before = (await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] })))
      .Listeners![0];

    const notFound = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: arn,
          DefaultActions: weighted([web, 50], [MISSING_TG, 50]),
        }),
      ),
    );
    expect(notFound.name).toBe('TargetGroupNotFoundException');
    const tooHeavy = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({ ListenerArn: arn, DefaultActions: weighted([web, 1000]) }),
      ),
    );
    expect(tooHeavy.name).toBe('ValidationError');
    const twice = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({ ListenerArn: arn, DefaultActions: weighted([web, 1], [web, 2]) }),
      ),
    );
    expect(twice.name).toBe('ValidationError');
    const mismatch = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: arn,
          DefaultActions: [
            {
              Type: 'forward',
              TargetGroupArn: web,
              ForwardConfig: { TargetGroups: [{ TargetGroupArn: idle }] },
            },
          ],
        }),
      ),
    );
    expect(mismatch.name).toBe('ValidationError');

    const tcp = await harness.elb.send(
      new CreateTargetGroupCommand({
        Name: 'tcp-tg',
        Protocol: 'TCP',
        Port: 5432,
        VpcId: VPC,
        TargetType: 'ip',
      }),
    );
    const incompatible = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: arn,
          DefaultActions: weighted([tcp.TargetGroups![0].TargetGroupArn!, 1]),
        }),
      ),
    );
    expect(incompatible.name).toBe('IncompatibleProtocolsException');

    const elsewhere = await harness.elb.send(
      new CreateTargetGroupCommand({
        Name: 'vpc2-tg',
        Protocol: 'HTTP',
        Port: 80,
        VpcId: 'vpc-0123456789abcdef0',
        TargetType: 'ip',
      }),
    );
    const wrongVpc = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: arn,
          DefaultActions: weighted([elsewhere.TargetGroups![0].TargetGroupArn!, 1]),
        }),
      ),
    );
    expect(wrongVpc.name).toBe('ValidationError');

    const unknownListener = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({ ListenerArn: `${arn}0`, DefaultActions: weighted([web, 1]) }),
      ),
    );
    expect(unknownListener.name).toBe('ListenerNotFoundException');

    const after = (await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] })))
      .Listeners![0];
    expect(after).toEqual(before);
  });

  it('refuses a target group that another load balancer already uses (TargetGroupAssociationLimit)', async () => {
    harness = await startElb({
      world: elbWorld({
        loadBalancers: [{ name: 'shop-alb' }, { name: 'other-alb' }],
        listeners: [
          {
            loadBalancer: 'shop-alb',
            port: 80,
            defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
          },
          {
            loadBalancer: 'other-alb',
            port: 80,
            defaultActions: [{ type: 'forward', targetGroups: [{ name: 'idle-tg' }] }],
          },
        ],
      }),
    });
    const shopListener = [...harness.sim.world.elb.store.listeners.values()].find((l) => l.port === 80)!.arn;
    const error = await rejection(
      harness.elb.send(
        new ModifyListenerCommand({
          ListenerArn: shopListener,
          DefaultActions: weighted([targetGroupArn(harness, 'idle-tg'), 1]),
        }),
      ),
    );
    expect(error.name).toBe('TargetGroupAssociationLimitException');
  });
});

describe('ELBv2 rules', () => {
  it('creates rules with both condition forms, lists them by priority with the default rule last', async () => {
    harness = await startElb();
    const arn = await listenerArn(harness.elb);
    const idle = targetGroupArn(harness, 'idle-tg');
    const api = await harness.elb.send(
      new CreateRuleCommand({
        ListenerArn: arn,
        Priority: 20,
        Conditions: [{ Field: 'path-pattern', Values: ['/api/*'] }],
        Actions: [{ Type: 'forward', TargetGroupArn: idle }],
        Tags: [{ Key: 'route', Value: 'api' }],
      }),
    );
    expect(api.Rules![0]).toMatchObject({
      Priority: '20',
      IsDefault: false,
      Conditions: [{ Field: 'path-pattern', Values: ['/api/*'], PathPatternConfig: { Values: ['/api/*'] } }],
    });
    expect(api.Rules![0].RuleArn).toMatch(
      /:listener-rule\/app\/shop-alb\/[0-9a-f]{16}\/[0-9a-f]{16}\/[0-9a-f]{16}$/,
    );
    await harness.elb.send(
      new CreateRuleCommand({
        ListenerArn: arn,
        Priority: 10,
        Conditions: [
          { Field: 'host-header', HostHeaderConfig: { Values: ['beta.example.com', '*.beta.example.com'] } },
          { Field: 'path-pattern', PathPatternConfig: { Values: ['/v2/*', '/v3/*'] } },
        ],
        Actions: [
          {
            Type: 'fixed-response',
            FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'closed' },
          },
        ],
      }),
    );
    const rules = (await harness.elb.send(new DescribeRulesCommand({ ListenerArn: arn }))).Rules!;
    expect(rules.map((rule) => rule.Priority)).toEqual(['10', '20', 'default']);
    expect(rules[0].Conditions).toEqual([
      {
        Field: 'host-header',
        Values: ['beta.example.com', '*.beta.example.com'],
        HostHeaderConfig: { Values: ['beta.example.com', '*.beta.example.com'] },
      },
      {
        Field: 'path-pattern',
        Values: ['/v2/*', '/v3/*'],
        PathPatternConfig: { Values: ['/v2/*', '/v3/*'] },
      },
    ]);
    expect(rules[0].Actions![0]).toMatchObject({
      Type: 'fixed-response',
      FixedResponseConfig: { StatusCode: '503', ContentType: 'text/plain', MessageBody: 'closed' },
    });
    expect(rules[2]).toMatchObject({ IsDefault: true, Conditions: [] });
    const idleGroup = await harness.elb.send(new DescribeTargetGroupsCommand({ TargetGroupArns: [idle] }));
    expect(idleGroup.TargetGroups![0].LoadBalancerArns).toHaveLength(1);

    const page1 = await harness.elb.send(new DescribeRulesCommand({ ListenerArn: arn, PageSize: 2 }));
    expect(page1.Rules).toHaveLength(2);
    const page2 = await harness.elb.send(
      new DescribeRulesCommand({ ListenerArn: arn, PageSize: 2, Marker: page1.NextMarker }),
    );
    expect(page2.Rules!.map((rule) => rule.Priority)).toEqual(['default']);
    expect(page2.NextMarker).toBeUndefined();

    const byArn = await harness.elb.send(new DescribeRulesCommand({ RuleArns: [api.Rules![0].RuleArn!] }));
    expect(byArn.Rules![0].Priority).toBe('20');
  });

  it('raises PriorityInUse, ValidationError for bad conditions, and ListenerNotFound', async () => {
    harness = await startElb();
    const arn = await listenerArn(harness.elb);
    const web = targetGroupArn(harness, 'web-tg');
    const rule = (conditions: object[], priority = 5) =>
      harness!.elb.send(
        new CreateRuleCommand({
          ListenerArn: arn,
          Priority: priority,
          Conditions: conditions,
          Actions: [{ Type: 'forward', TargetGroupArn: web }],
        }),
      );
    await rule([{ Field: 'path-pattern', Values: ['/a'] }]);
    expect((await rejection(rule([{ Field: 'path-pattern', Values: ['/b'] }]))).name).toBe(
      'PriorityInUseException',
    );
    expect((await rejection(rule([], 6))).name).toBe('ValidationError');
    expect((await rejection(rule([{ Field: 'path-pattern', Values: ['/a', '/b'] }], 6))).name).toBe(
      'ValidationError',
    );
    expect((await rejection(rule([{ Field: 'cookie', Values: ['x'] }], 6))).name).toBe('ValidationError');
    expect(
      (
        await rejection(
          rule([{ Field: 'host-header', Values: ['a'], HostHeaderConfig: { Values: ['b'] } }], 6),
        )
      ).name,
    ).toBe('ValidationError');
    expect((await rejection(rule([{ Field: 'path-pattern', Values: ['/a'] }], 50001))).name).toBe(
      'ValidationError',
    );
    const sixValues = [
      {
        Field: 'host-header',
        HostHeaderConfig: { Values: ['a.example.com', 'b.example.com', 'c.example.com'] },
      },
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/a', '/b', '/c'] } },
    ];
    expect((await rejection(rule(sixValues, 6))).name).toBe('ValidationError');
    const noListener = await rejection(
      harness.elb.send(
        new CreateRuleCommand({
          ListenerArn: `${arn}0`,
          Priority: 7,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: web }],
        }),
      ),
    );
    expect(noListener.name).toBe('ListenerNotFoundException');
    const missingGroup = await rejection(
      harness.elb.send(
        new CreateRuleCommand({
          ListenerArn: arn,
          Priority: 8,
          Conditions: [{ Field: 'path-pattern', Values: ['/x'] }],
          Actions: [{ Type: 'forward', TargetGroupArn: MISSING_TG }],
        }),
      ),
    );
    expect(missingGroup.name).toBe('TargetGroupNotFoundException');
    const rules = (await harness.elb.send(new DescribeRulesCommand({ ListenerArn: arn }))).Rules!;
    expect(rules.map((r) => r.Priority)).toEqual(['5', 'default']);
  });

  it('modifies and deletes rules; the default rule cannot be deleted; unknown rules are RuleNotFound', async () => {
    harness = await startElb({
      world: elbWorld({
        rules: [
          {
            loadBalancer: 'shop-alb',
            listenerPort: 80,
            priority: 1,
            conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
            actions: [{ type: 'forward', targetGroups: [{ name: 'web-tg', weight: 100 }] }],
          },
        ],
      }),
    });
    const arn = await listenerArn(harness.elb);
    const web = targetGroupArn(harness, 'web-tg');
    const idle = targetGroupArn(harness, 'idle-tg');
    const [seeded, defaultRule] = (await harness.elb.send(new DescribeRulesCommand({ ListenerArn: arn })))
      .Rules!;
    const modified = await harness.elb.send(
      new ModifyRuleCommand({
        RuleArn: seeded.RuleArn,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['api.example.com'] } }],
        Actions: weighted([web, 90], [idle, 10]),
      }),
    );
    expect(modified.Rules![0].Conditions![0]).toMatchObject({
      Field: 'host-header',
      Values: ['api.example.com'],
    });
    expect(modified.Rules![0].Actions![0].ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: web, Weight: 90 },
      { TargetGroupArn: idle, Weight: 10 },
    ]);
    expect(harness.sim.world.elb.forwardWeights(seeded.RuleArn!)).toEqual({ [web]: 90, [idle]: 10 });

    // The ECS model shifts traffic through the internal interface; the API sees it.
    harness.sim.world.elb.setForwardWeights(seeded.RuleArn!, { [web]: 0, [idle]: 100 });
    const shifted = (await harness.elb.send(new DescribeRulesCommand({ RuleArns: [seeded.RuleArn!] })))
      .Rules![0];
    expect(shifted.Actions![0].ForwardConfig!.TargetGroups).toEqual([
      { TargetGroupArn: web, Weight: 0 },
      { TargetGroupArn: idle, Weight: 100 },
    ]);

    const badGroup = await rejection(
      harness.elb.send(
        new ModifyRuleCommand({ RuleArn: seeded.RuleArn, Actions: weighted([MISSING_TG, 1]) }),
      ),
    );
    expect(badGroup.name).toBe('TargetGroupNotFoundException');
    const deleteDefault = await rejection(
      harness.elb.send(new DeleteRuleCommand({ RuleArn: defaultRule.RuleArn })),
    );
    expect(deleteDefault.name).toBe('OperationNotPermittedException');
    await harness.elb.send(new DeleteRuleCommand({ RuleArn: seeded.RuleArn }));
    const gone = await rejection(harness.elb.send(new DescribeRulesCommand({ RuleArns: [seeded.RuleArn!] })));
    expect(gone.name).toBe('RuleNotFoundException');
    const modifyGone = await rejection(
      harness.elb.send(new ModifyRuleCommand({ RuleArn: seeded.RuleArn, Actions: weighted([web, 1]) })),
    );
    expect(modifyGone.name).toBe('RuleNotFoundException');
    const deleteGone = await rejection(harness.elb.send(new DeleteRuleCommand({ RuleArn: seeded.RuleArn })));
    expect(deleteGone.name).toBe('RuleNotFoundException');
    // With the rule gone nothing forwards to idle-tg any more.
    expect(harness.sim.world.elb.findTargetGroup(idle)!.loadBalancerArns).toEqual([]);
  });
});

describe('ELBv2 tags', () => {
  it('adds, describes and removes tags on target groups and load balancers', async () => {
    harness = await startElb();
    const web = targetGroupArn(harness, 'web-tg');
    const lb = [...harness.sim.world.elb.store.loadBalancers.keys()][0];
    await harness.elb.send(
      new AddTagsCommand({
        ResourceArns: [web, lb],
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'shop' },
        ],
      }),
    );
    await harness.elb.send(new RemoveTagsCommand({ ResourceArns: [web], TagKeys: ['team'] }));
    const described = await harness.elb.send(new DescribeTagsCommand({ ResourceArns: [web, lb] }));
    expect(described.TagDescriptions).toEqual([
      { ResourceArn: web, Tags: [{ Key: 'env', Value: 'prod' }] },
      {
        ResourceArn: lb,
        Tags: [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'shop' },
        ],
      },
    ]);
    const duplicate = await rejection(
      harness.elb.send(
        new AddTagsCommand({
          ResourceArns: [web],
          Tags: [
            { Key: 'a', Value: '1' },
            { Key: 'a', Value: '2' },
          ],
        }),
      ),
    );
    expect(duplicate.name).toBe('DuplicateTagKeysException');
    const tooMany = await rejection(
      harness.elb.send(
        new AddTagsCommand({
          ResourceArns: [web],
          Tags: Array.from({ length: 50 }, (_, index) => ({ Key: `k${index}`, Value: 'v' })),
        }),
      ),
    );
    expect(tooMany.name).toBe('TooManyTagsException');
    const missing = await rejection(
      harness.elb.send(new DescribeTagsCommand({ ResourceArns: [MISSING_TG] })),
    );
    expect(missing.name).toBe('TargetGroupNotFoundException');
  });
});
