/**
 * preview end to end: the bundled action (dist/preview/index.js) as a process against a fresh simulator.
 * Deploy creates a service, target group and rule from the template; a second push updates them in place;
 * teardown removes everything but the template; priority collisions and the preview cap are handled.
 */
import { TagResourceCommand } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand, type TargetGroup } from '@aws-sdk/client-elastic-load-balancing-v2';
import { listenerArn, startHarness, stopHarness, type Harness } from './wait-healthy-kit.js';
import {
  PREVIEW_TIME_SCALE,
  describeService,
  expectSuccess,
  listenerRules,
  mutatingCalls,
  operations,
  prImage,
  preview,
  previewWorld,
  targetGroupNames,
} from './preview-kit.js';

let harness: Harness | undefined;

afterEach(async () => {
  await stopHarness(harness);
  harness = undefined;
});

const tags = (service: Awaited<ReturnType<typeof describeService>>) =>
  Object.fromEntries((service?.tags ?? []).map((tag) => [tag.key, tag.value]));

describe('deploy', () => {
  test('creates service, target group and path rule from the template, then updates them in place', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    const template = await describeService(harness, 'web');
    const first = await preview(harness, { 'pull-request': 12, image: prImage(12, 'aaa') });
    expectSuccess(first);

    expect(first.outputs).toMatchObject({ service: 'web-pr-12', status: 'healthy', priority: '40012' });
    expect(first.outputs.url).toMatch(/^http:\/\/.+\/pr-12\/$/);
    const service = await describeService(harness, 'web-pr-12');
    expect(service).toMatchObject({ status: 'ACTIVE', desiredCount: 1, launchType: 'FARGATE' });
    expect(service?.networkConfiguration).toEqual(template?.networkConfiguration);
    expect(service?.taskDefinition).toBe(first.outputs['task-definition-arn']);
    expect(first.outputs['task-definition-arn']).toMatch(/task-definition\/shop-web-pr-12:1$/);
    expect(service?.loadBalancers).toEqual([
      { targetGroupArn: first.outputs['target-group-arn'], containerName: 'web', containerPort: 8080 },
    ]);
    expect(tags(service)).toMatchObject({ 'ecs-kit:preview': 'pr-12', 'ecs-kit:preview-of': 'web' });
    expect(await targetGroupNames(harness)).toEqual(['web-pr-12', 'web-tg']);
    expect(await listenerRules(harness)).toEqual([
      {
        arn: first.outputs['rule-arn'],
        priority: 40012,
        values: ['/pr-12/*'],
        targetGroupArn: first.outputs['target-group-arn'],
      },
    ]);
    // The template's target group settings and health check were copied.
    const { TargetGroups: groups } = await harness.elb.send(
      new DescribeTargetGroupsCommand({ Names: ['web-tg', 'web-pr-12'] }),
    );
    const settings = (group: TargetGroup) => [
      group.Protocol,
      group.Port,
      group.VpcId,
      group.TargetType,
      group.HealthCheckPath,
      group.HealthCheckIntervalSeconds,
      group.HealthyThresholdCount,
      group.UnhealthyThresholdCount,
    ];
    expect(settings(groups![1])).toEqual(settings(groups![0]));
    expect(settings(groups![0])).toEqual(['HTTP', 8080, expect.any(String), 'ip', '/health', 30, 2, 2]);
    expect(first.summary).toContain('Preview pr-12: healthy');

    harness.sim.world.log.clear();
    const second = await preview(harness, { 'pull-request': 12, image: prImage(12, 'bbb') });
    expectSuccess(second);
    expect(second.outputs['rule-arn']).toBe(first.outputs['rule-arn']);
    expect(second.outputs['target-group-arn']).toBe(first.outputs['target-group-arn']);
    expect(second.outputs['task-definition-arn']).toMatch(/shop-web-pr-12:2$/);
    const mutating = mutatingCalls(harness);
    expect(mutating).not.toContain('CreateService');
    expect(mutating).not.toContain('CreateRule');
    expect(mutating).not.toContain('CreateTargetGroup');
    expect(mutating).toContain('UpdateService');
    const updates = harness.sim.world.log.list().filter((call) => call.operation === 'UpdateService');
    expect(updates.map((call) => call.params.service)).toEqual(['web-pr-12']);
    const updated = await describeService(harness, 'web-pr-12');
    expect(updated?.taskDefinition).toBe(second.outputs['task-definition-arn']);
    expect(await listenerRules(harness)).toHaveLength(1);
    expect(await targetGroupNames(harness)).toEqual(['web-pr-12', 'web-tg']);
    // The template is untouched.
    const after = await describeService(harness, 'web');
    expect(after?.taskDefinition).toBe(template?.taskDefinition);
    expect(after?.desiredCount).toBe(2);
  });

  test('the same push twice changes nothing the second time', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    const inputs = { 'pull-request': 5, image: prImage(5, 'aaa'), 'wait-healthy': false };
    expectSuccess(await preview(harness, inputs));
    harness.sim.world.log.clear();
    const again = await preview(harness, inputs);
    expectSuccess(again);
    expect(again.outputs.status).toBe('skipped');
    // Only the deployed-at tag on the service is refreshed.
    expect(mutatingCalls(harness)).toEqual(['TagResource']);
  });

  test('host routing: rule on pr-<n>.<domain>, URL under the domain', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    const result = await preview(harness, {
      'pull-request': 3,
      image: prImage(3, 'aaa'),
      domain: 'preview.example.com',
      'wait-healthy': false,
    });
    expectSuccess(result);
    // The shared listener is HTTP on port 80: the URL says so.
    expect(result.outputs.url).toBe('http://pr-3.preview.example.com');
    expect((await listenerRules(harness)).map((rule) => rule.values)).toEqual([['pr-3.preview.example.com']]);
  });

  test('a priority another rule holds: the next free one, deterministically', async () => {
    harness = await startHarness(previewWorld({ takenPriority: 40012 }), PREVIEW_TIME_SCALE);
    const result = await preview(harness, {
      'pull-request': 12,
      image: prImage(12, 'aaa'),
      'wait-healthy': false,
    });
    expectSuccess(result);
    expect(result.outputs.priority).toBe('40013');
    const rules = await listenerRules(harness);
    expect(rules.map((rule) => [rule.priority, rule.values])).toEqual([
      [40012, ['/admin/*']],
      [40013, ['/pr-12/*']],
    ]);
    expect(result.summary).toContain('priority 40012 is taken by another rule');
    // A rule that lost the race is not retried blindly: exactly one CreateRule.
    expect(operations(harness).filter((operation) => operation === 'CreateRule')).toHaveLength(1);
  });

  test('two pull requests asking for the same priority at the same time both get a rule', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    // 12 and 5012 both prefer 40012 (priority-range 5000); run concurrently, one may lose the CreateRule race.
    const [a, b] = await Promise.all(
      [12, 5012].map((pullRequest) =>
        preview(harness!, {
          'pull-request': pullRequest,
          image: prImage(pullRequest, 'a'),
          'wait-healthy': false,
        }),
      ),
    );
    expectSuccess(a);
    expectSuccess(b);
    expect([a.outputs.priority, b.outputs.priority].sort()).toEqual(['40012', '40013']);
    const rules = await listenerRules(harness);
    expect(rules.map((rule) => rule.values[0]).sort()).toEqual(['/pr-12/*', '/pr-5012/*']);
    // A lost race shows as one refused CreateRule (PriorityInUse) followed by a retry at the next priority.
    const creates = harness.sim.world.log.list().filter((call) => call.operation === 'CreateRule');
    const refused = creates.filter((call) => call.outcome === 'error');
    expect(refused.map((call) => call.errorCode)).toEqual(refused.length ? ['PriorityInUse'] : []);
    expect(creates).toHaveLength(2 + refused.length);
  });

  test('cap reached: clear error and not a single mutating call', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    for (const pullRequest of [1, 2])
      expectSuccess(
        await preview(harness, {
          'pull-request': pullRequest,
          image: prImage(pullRequest, 'a'),
          'max-previews': 2,
          'wait-healthy': false,
        }),
      );
    harness.sim.world.log.clear();
    const third = await preview(harness, { 'pull-request': 3, image: prImage(3, 'a'), 'max-previews': 2 });
    expect(third.code).not.toBe(0);
    expect(third.annotations.map((annotation) => annotation.message).join('\n')).toContain(
      'preview failed: preview cap reached: 2 of at most 2 previews exist (pr-1, pr-2)',
    );
    expect(mutatingCalls(harness)).toEqual([]);
    expect(await describeService(harness, 'web-pr-3')).toBeUndefined();
    // An existing preview may still be updated at the cap.
    expectSuccess(
      await preview(harness, {
        'pull-request': 2,
        image: prImage(2, 'b'),
        'max-previews': 2,
        'wait-healthy': false,
      }),
    );
  });

  test('an image ECR does not hold, or a typo in the template or cluster, fails before any mutating call', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    harness.sim.world.log.clear();
    const unpushed = await preview(
      harness,
      { 'pull-request': 9, image: prImage(9, 'zzz') },
      {},
      { push: false },
    );
    expect(unpushed.code).toBe(1);
    expect(unpushed.annotations[0].message).toContain(
      `preview failed: image ${prImage(9, 'zzz')} does not exist: repository shop has no tag pr-9-zzz; nearest tags:`,
    );
    const typo = await preview(harness, { 'pull-request': 9, image: prImage(9, 'a'), service: 'wbe' });
    expect(typo.annotations[0].message).toContain(
      "preview failed: template service 'wbe' not found in cluster 'prod' (did you mean 'web'?); services in the cluster: web",
    );
    const cluster = await preview(harness, { 'pull-request': 9, image: prImage(9, 'a'), cluster: 'prd' });
    expect(cluster.annotations[0].message).toContain(
      "preview failed: cluster 'prd' not found in us-east-1 (did you mean 'prod'?); clusters in us-east-1: prod",
    );
    expect(mutatingCalls(harness)).toEqual([]);
  });

  test('bad inputs fail before any AWS call', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    const cases: [Record<string, string | number>, string][] = [
      [{ 'pull-request': 4 }, "input 'image': is required for mode deploy"],
      [
        { 'pull-request': 4, image: 'x', mode: 'destroy' },
        "input 'mode': expected one of deploy, teardown, sweep",
      ],
      [{ image: 'x' }, "input 'pull-request': is required for mode deploy"],
      [
        { 'pull-request': 4, image: 'x', 'priority-base': 49000, 'priority-range': 5000 },
        "input 'priority-range'",
      ],
      [{ 'pull-request': 4, image: 'x', domain: 'not a domain' }, "input 'domain'"],
      [{ 'pull-request': 4, image: 'x', 'image-tags': 'pr {number}' }, "input 'image-tags'"],
    ];
    const listener = await listenerArn(harness, 80);
    harness.sim.world.log.clear();
    for (const [inputs, message] of cases) {
      const result = await preview(harness, { 'listener-arn': listener, ...inputs });
      expect([inputs, result.code]).toEqual([inputs, 1]);
      expect(result.stdout).toContain(message);
    }
    expect(operations(harness)).toEqual([]);
  });
});

describe('teardown', () => {
  test('removes rule, service, target group, revisions and the PR images; leaves the template', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    const template = await describeService(harness, 'web');
    expectSuccess(await preview(harness, { 'pull-request': 12, image: prImage(12, 'aaa') }));
    expectSuccess(
      await preview(harness, { 'pull-request': 7, image: prImage(7, 'aaa'), 'wait-healthy': false }),
    );
    // pr-12's image is no longer used after this push, pr-12-bbb runs.
    expectSuccess(await preview(harness, { 'pull-request': 12, image: prImage(12, 'bbb') }));

    harness.sim.world.log.clear();
    const result = await preview(harness, { mode: 'teardown', 'pull-request': 12, repositories: 'shop' });
    expectSuccess(result);
    expect(result.outputs).toMatchObject({ service: 'web-pr-12', status: 'removed', removed: '[12]' });
    expect((await describeService(harness, 'web-pr-12'))?.status).toBe('INACTIVE');
    expect(await targetGroupNames(harness)).toEqual(['web-pr-7', 'web-tg']);
    expect((await listenerRules(harness)).map((rule) => rule.values)).toEqual([['/pr-7/*']]);
    const remaining = harness.sim.world.ecr
      .listImages('shop')
      .map((image) => image.tags.join('+'))
      .sort();
    expect(remaining).toEqual(['pr-120-aaa', 'pr-7-aaa', 'v1']);
    // Order: rule, scale to 0, delete service, target group.
    const mutating = mutatingCalls(harness);
    expect(mutating.indexOf('DeleteRule')).toBeLessThan(mutating.indexOf('DeleteService'));
    expect(mutating.indexOf('UpdateService')).toBeLessThan(mutating.indexOf('DeleteService'));
    expect(mutating.indexOf('DeleteService')).toBeLessThan(mutating.indexOf('DeleteTargetGroup'));
    expect(mutating).toContain('DeregisterTaskDefinition');
    expect(mutating).toContain('BatchDeleteImage');
    // The template service is untouched.
    const touched = harness.sim.world.log
      .list()
      .filter((call) => call.mutating && call.service === 'ecs')
      .map((call) => call.params.service ?? call.params.taskDefinition);
    expect(touched.some((name) => name === 'web' || String(name).startsWith('shop-web:'))).toBe(false);
    const after = await describeService(harness, 'web');
    expect([after?.status, after?.desiredCount, after?.taskDefinition]).toEqual([
      'ACTIVE',
      2,
      template?.taskDefinition,
    ]);
    expect(result.summary).toContain('Preview pr-12: removed');

    // Again: everything is already gone, and that is success.
    const again = await preview(harness, { mode: 'teardown', 'pull-request': 12, repositories: 'shop' });
    expectSuccess(again);
    expect(again.summary).toContain('already gone');
  });
});

describe('sweep', () => {
  test('removes previews last deployed longer ago than the TTL, keeps younger ones', async () => {
    harness = await startHarness(previewWorld(), PREVIEW_TIME_SCALE);
    expectSuccess(
      await preview(harness, { 'pull-request': 21, image: prImage(21, 'a'), 'wait-healthy': false }),
    );
    const keep = await preview(harness, { mode: 'sweep', ttl: '30d' });
    expectSuccess(keep);
    expect(keep.outputs.removed).toBe('[]');
    expect((await describeService(harness, 'web-pr-21'))?.status).toBe('ACTIVE');

    // The last deployment was two days ago.
    const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000).toISOString();
    await harness.ecs.send(
      new TagResourceCommand({
        resourceArn: (await describeService(harness, 'web-pr-21'))!.serviceArn,
        tags: [{ key: 'ecs-kit:preview-deployed-at', value: twoDaysAgo }],
      }),
    );
    const sweep = await preview(harness, { mode: 'sweep', ttl: '1d' });
    expectSuccess(sweep);
    expect(sweep.outputs.removed).toBe('[21]');
    expect((await describeService(harness, 'web-pr-21'))?.status).not.toBe('ACTIVE');
    expect(await listenerRules(harness)).toEqual([]);
    expect(await targetGroupNames(harness)).toEqual(['web-tg']);
    expect((await describeService(harness, 'web'))?.status).toBe('ACTIVE');
  });
});
