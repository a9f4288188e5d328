/** The preview engine's pure decisions: names, routing, priorities, the cap, the sweep and the requests it builds. */
import fc from 'fast-check';
import { capProblem } from '../../src/preview/cap.js';
import { commentBody, commentMarker, commentStatus } from '../../src/preview/comment.js';
import { ruleMatches } from '../../src/preview/elb-rules.js';
import { targetGroupRequest } from '../../src/preview/elb-target-group.js';
import { imageTagPatternFor } from '../../src/preview/images.js';
import {
  previewFamily,
  previewNumberOf,
  previewServiceName,
  previewTags,
  previewTargetGroupName,
} from '../../src/preview/naming.js';
import { choosePriority, preferredPriority, previewUrl, ruleConditions } from '../../src/preview/routing.js';
import { createServiceRequest } from '../../src/preview/service-request.js';
import { sweepDecision } from '../../src/preview/sweep.js';
import { renderPreviewTaskDefinition } from '../../src/preview/task-definition.js';
import { compilePattern } from '../../src/images/tag-pattern.js';

describe('names and tags', () => {
  test('service, family and target group names', () => {
    expect(previewServiceName('web', 12)).toBe('web-pr-12');
    expect(previewFamily('shop-web', 12)).toBe('shop-web-pr-12');
    expect(previewTargetGroupName('web', 12)).toBe('web-pr-12');
  });

  test('target group names fit 32 characters and keep long templates apart', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,255}$/),
        fc.integer({ min: 1, max: 999_999 }),
        (name, n) => {
          const group = previewTargetGroupName(name, n);
          expect(group.length).toBeLessThanOrEqual(32);
          expect(group).toMatch(/^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/);
          expect(group.endsWith(`-pr-${n}`)).toBe(true);
          expect(group.startsWith('internal-')).toBe(false);
        },
      ),
    );
    const long = 'checkout-service-with-a-very-long-name';
    expect(previewTargetGroupName(`${long}-a`, 1)).not.toBe(previewTargetGroupName(`${long}-b`, 1));
  });

  test('tags identify the pull request only for the same template', () => {
    const tags = previewTags('web', 7);
    expect(previewNumberOf(tags, 'web')).toBe(7);
    expect(previewNumberOf(tags, 'api')).toBeUndefined();
    expect(
      previewNumberOf([{ key: 'ecs-kit:preview', value: 'pr-x' }, ...tags.slice(1)], 'web'),
    ).toBeUndefined();
  });

  test('image tag pattern per pull request does not catch longer numbers', () => {
    const pattern = compilePattern(imageTagPatternFor('pr-{number}-*', 1));
    expect(pattern.test('pr-1-abc')).toBe(true);
    expect(pattern.test('pr-12-abc')).toBe(false);
  });
});

describe('routing', () => {
  test('host and path conditions and URLs', () => {
    const host = { kind: 'host' as const, domain: 'preview.example.com' };
    const path = { kind: 'path' as const, baseUrl: 'http://alb.example.com/' };
    expect(ruleConditions(host, 4)).toEqual([
      { Field: 'host-header', HostHeaderConfig: { Values: ['pr-4.preview.example.com'] } },
    ]);
    expect(ruleConditions(path, 4)).toEqual([
      { Field: 'path-pattern', PathPatternConfig: { Values: ['/pr-4/*'] } },
    ]);
    expect(previewUrl(host, 4)).toBe('https://pr-4.preview.example.com');
    expect(previewUrl(path, 4)).toBe('http://alb.example.com/pr-4/');
    expect(previewUrl(host, 4, { scheme: 'http', portSuffix: ':8080' })).toBe(
      'http://pr-4.preview.example.com:8080',
    );
  });

  const range = { base: 40000, size: 50 };

  test('the preferred priority is derived from the number alone', () => {
    expect(preferredPriority(12, range)).toBe(40012);
    expect(preferredPriority(62, range)).toBe(40012);
    expect(choosePriority(12, range, new Set())).toBe(40012);
    expect(choosePriority(12, range, new Set([40012, 40013]))).toBe(40014);
    expect(choosePriority(49, range, new Set([40049]))).toBe(40000);
  });

  test('never a taken priority, always in range, deterministic; undefined only when all are taken', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.uniqueArray(fc.integer({ min: 40000, max: 40049 }), { maxLength: 50 }),
        (n, takenList) => {
          const taken = new Set(takenList);
          const chosen = choosePriority(n, range, taken);
          if (taken.size === range.size) return expect(chosen).toBeUndefined();
          expect(chosen).toBeDefined();
          expect(taken.has(chosen!)).toBe(false);
          expect(chosen!).toBeGreaterThanOrEqual(range.base);
          expect(chosen!).toBeLessThan(range.base + range.size);
          expect(choosePriority(n, range, new Set([...takenList].reverse()))).toBe(chosen);
        },
      ),
    );
  });
});

describe('cap', () => {
  test('one more preview than allowed is refused with the list; an existing one may update', () => {
    expect(capProblem({ pullRequest: 3, existing: [1, 2], maxPreviews: 2 })).toBe(
      'preview cap reached: 2 of at most 2 previews exist (pr-1, pr-2); close one of those pull requests or raise max-previews',
    );
    expect(capProblem({ pullRequest: 2, existing: [1, 2, 2], maxPreviews: 2 })).toBeUndefined();
    expect(capProblem({ pullRequest: 3, existing: [1], maxPreviews: 2 })).toBeUndefined();
  });
});

describe('sweep', () => {
  const now = Date.parse('2026-11-20T00:00:00Z');
  const day = 86_400_000;
  test('closed pull requests and previews older than the TTL go; open or unknown ones stay', () => {
    const preview = { pullRequest: 5, deployedAt: now - 3 * day };
    expect(sweepDecision({ preview, open: false, now }).remove).toBe(true);
    expect(sweepDecision({ preview, open: true, now, ttlMs: 7 * day }).remove).toBe(false);
    expect(sweepDecision({ preview, open: true, now, ttlMs: 2 * day })).toMatchObject({
      remove: true,
      reason: 'last deployed 3.0 days ago, older than the TTL',
    });
    expect(sweepDecision({ preview, open: undefined, now })).toMatchObject({ remove: false });
  });
});

describe('requests', () => {
  test('target group copies the template health check', () => {
    const request = targetGroupRequest(
      {
        TargetGroupArn: 'arn:tg',
        TargetGroupName: 'web-tg',
        Protocol: 'HTTP',
        Port: 8080,
        VpcId: 'vpc-1',
        TargetType: 'ip',
        HealthCheckPath: '/health',
        HealthCheckIntervalSeconds: 15,
        HealthyThresholdCount: 3,
        UnhealthyThresholdCount: 2,
        Matcher: { HttpCode: '200-299' },
      },
      'web-pr-1',
      previewTags('web', 1),
    );
    expect(request).toMatchObject({
      Name: 'web-pr-1',
      Protocol: 'HTTP',
      Port: 8080,
      VpcId: 'vpc-1',
      TargetType: 'ip',
      HealthCheckPath: '/health',
      HealthCheckIntervalSeconds: 15,
      HealthyThresholdCount: 3,
      Matcher: { HttpCode: '200-299' },
      Tags: [
        { Key: 'ecs-kit:preview', Value: 'pr-1' },
        { Key: 'ecs-kit:preview-of', Value: 'web' },
      ],
    });
  });

  test('service copies capacity providers (not the launch type with them), network and one target group', () => {
    const request = createServiceRequest(
      {
        serviceName: 'web',
        launchType: 'FARGATE',
        capacityProviderStrategy: [{ capacityProvider: 'FARGATE_SPOT', weight: 1 }],
        networkConfiguration: { awsvpcConfiguration: { subnets: ['s-1'] } },
        loadBalancers: [{ targetGroupArn: 'arn:tg', containerName: 'web', containerPort: 8080 }],
        healthCheckGracePeriodSeconds: 30,
      },
      {
        cluster: 'c',
        serviceName: 'web-pr-1',
        taskDefinitionArn: 'arn:td',
        targetGroupArn: 'arn:new',
        desiredCount: 1,
        tags: [],
      },
    );
    expect(request.launchType).toBeUndefined();
    expect(request.capacityProviderStrategy).toEqual([{ capacityProvider: 'FARGATE_SPOT', weight: 1 }]);
    expect(request.networkConfiguration).toEqual({ awsvpcConfiguration: { subnets: ['s-1'] } });
    expect(request.loadBalancers).toEqual([
      { targetGroupArn: 'arn:new', containerName: 'web', containerPort: 8080 },
    ]);
    expect(() =>
      createServiceRequest(
        { serviceName: 'x' },
        {
          cluster: 'c',
          serviceName: 'y',
          taskDefinitionArn: 'a',
          targetGroupArn: 'b',
          desiredCount: 1,
          tags: [],
        },
      ),
    ).toThrow('template service x has no target group');
  });

  test('task definition: preview family, PR image, template tags dropped', () => {
    const rendered = renderPreviewTaskDefinition({
      template: {
        family: 'shop-web',
        containerDefinitions: [
          { name: 'web', image: 'repo/shop:v1', memory: 512 },
          { name: 'sidecar', image: 'repo/proxy:1', memory: 64 },
        ],
        tags: [{ key: 'ecs-kit:healthy-at', value: '2026-01-01T00:00:00Z' }],
      },
      pullRequest: 9,
      images: new Map([['web', 'repo/shop:pr-9-abc']]),
      tags: previewTags('web', 9),
    });
    expect(rendered.family).toBe('shop-web-pr-9');
    expect(rendered.containerDefinitions?.map((container) => container.image)).toEqual([
      'repo/shop:pr-9-abc',
      'repo/proxy:1',
    ]);
    expect(rendered.tags).toEqual(previewTags('web', 9));
  });

  test('an existing rule matches only with the same conditions and target group', () => {
    const spec = {
      listenerArn: 'arn:l',
      priority: 1,
      conditions: ruleConditions({ kind: 'path', baseUrl: 'http://x' }, 1),
      targetGroupArn: 'arn:tg',
      tags: [],
    };
    const rule = {
      Conditions: [{ Field: 'path-pattern', Values: ['/pr-1/*'] }],
      Actions: [{ Type: 'forward' as const, TargetGroupArn: 'arn:tg' }],
    };
    expect(ruleMatches(rule, spec)).toBe(true);
    expect(ruleMatches({ ...rule, Actions: [{ Type: 'forward', TargetGroupArn: 'arn:other' }] }, spec)).toBe(
      false,
    );
    expect(ruleMatches({ ...rule, Conditions: [{ Field: 'host-header', Values: ['pr-1.x'] }] }, spec)).toBe(
      false,
    );
  });
});

describe('comment', () => {
  test('starts with the marker and shows URL, commit and status; a removed preview shows no URL', () => {
    const body = commentBody({
      templateService: 'web',
      pullRequest: 3,
      status: 'ready',
      url: 'https://pr-3.example.com',
      commit: 'a'.repeat(40),
      detail: 'healthy',
    });
    expect(body.startsWith(commentMarker('web'))).toBe(true);
    expect(body).toContain('- **URL**: https://pr-3.example.com');
    expect(body).toContain(`\`${'a'.repeat(12)}\``);
    expect(body).toContain('✅ ready');
    const removed = commentBody({
      templateService: 'web',
      pullRequest: 3,
      status: 'removed',
      url: 'https://pr-3.example.com',
    });
    expect(removed).not.toContain('https://pr-3.example.com');
  });

  test('says ready only for a preview the health gate found healthy', () => {
    expect(commentStatus('healthy')).toBe('ready');
    expect(commentStatus('skipped')).toBe('deployed');
    expect(commentStatus('unhealthy')).toBe('unhealthy');
    expect(commentStatus('timeout')).toBe('unhealthy');
    const body = commentBody({ templateService: 'web', pullRequest: 3, status: commentStatus('skipped') });
    expect(body).not.toContain('ready');
    expect(body).toContain('health not checked');
  });
});
