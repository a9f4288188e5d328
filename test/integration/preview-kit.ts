/** Shared set-up for the preview integration tests: a template service behind a shared listener. */
import { DescribeRulesCommand, DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { DescribeServicesCommand } from '@aws-sdk/client-ecs';
import type { WorldSeed } from '../../sim/index.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { rollingWorld } from '../helpers/worlds.js';
import { listenerArn, type Harness } from './wait-healthy-kit.js';

/** Simulated milliseconds per real millisecond (the action runs with the same scale). */
export const PREVIEW_TIME_SCALE = 100;

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

/** The PR image `pr-<n>-<suffix>` of repository shop. */
export const prImage = (pullRequest: number, suffix: string) =>
  `${REGISTRY}/shop:pr-${pullRequest}-${suffix}`;

/**
 * Template service `web` (2 tasks, awsvpc, target group web-tg) on listener shop-alb:80, an unrelated rule
 * at `takenPriority` (when given), and repository shop with v1 and some PR images.
 */
export function previewWorld(options: { takenPriority?: number } = {}): WorldSeed {
  const world = rollingWorld({ deregistrationDelaySeconds: 30 });
  const service = world.services![0];
  service.networkConfiguration = {
    awsvpcConfiguration: {
      subnets: ['subnet-0aa1', 'subnet-0bb2'],
      securityGroups: ['sg-0web'],
      assignPublicIp: 'DISABLED',
    },
  };
  if (options.takenPriority !== undefined) {
    world.rules = [
      {
        loadBalancer: 'shop-alb',
        listenerPort: 80,
        priority: options.takenPriority,
        conditions: [{ field: 'path-pattern', values: ['/admin/*'] }],
        actions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
      },
    ];
  }
  world.repositories = [
    {
      name: 'shop',
      images: [
        { tags: ['v1'], sizeBytes: 50_000_000 },
        { tags: ['pr-12-aaa'], sizeBytes: 1_000_000 },
        { tags: ['pr-12-bbb'], sizeBytes: 1_000_000 },
        { tags: ['pr-7-aaa'], sizeBytes: 1_000_000 },
        { tags: ['pr-120-aaa'], sizeBytes: 1_000_000 },
      ],
    },
  ];
  return world;
}

/**
 * Pushes `image` (a tag of repository shop) to the simulated ECR, as the pull request's build would
 * before its preview: preview refuses an image ECR does not hold.
 */
export function pushPrImage(harness: Harness, image: string): void {
  const match = /\/shop:([\w.-]+)$/.exec(image);
  if (!match || harness.sim.world.ecr.listImages('shop').some((entry) => entry.tags.includes(match[1])))
    return;
  harness.sim.world.seed({
    repositories: [{ name: 'shop', images: [{ tags: [match[1]], sizeBytes: 1_000_000 }] }],
  });
}

/**
 * Runs the preview action against the harness's simulator; the `image` input is pushed first (as the
 * build would), unless `push` is false (a test of an image that is not there).
 */
export async function preview(
  harness: Harness,
  inputs: Record<string, string | number | boolean | undefined>,
  env: Record<string, string | undefined> = {},
  options: { push?: boolean } = {},
): Promise<RunResult> {
  if (typeof inputs.image === 'string' && options.push !== false) pushPrImage(harness, inputs.image);
  return runAction('preview', {
    endpoint: harness.sim.endpoint,
    inputs: {
      cluster: 'prod',
      service: 'web',
      'listener-arn': inputs['listener-arn'] ?? (await listenerArn(harness, 80)),
      'health-timeout': '10m',
      ...inputs,
    },
    env: { ECS_KIT_TIME_SCALE: String(PREVIEW_TIME_SCALE), ...env },
  });
}

/** Fails with the action's output when it did not succeed. */
export function expectSuccess(result: RunResult): void {
  if (result.code !== 0)
    throw new Error(`action failed (${result.code}):\n${result.stdout}\n${result.stderr}`);
}

/** The listener's non-default rules: priority, conditions and the target group they forward to. */
export async function listenerRules(harness: Harness) {
  const response = await harness.elb.send(
    new DescribeRulesCommand({ ListenerArn: await listenerArn(harness, 80) }),
  );
  return (response.Rules ?? [])
    .filter((rule) => !rule.IsDefault)
    .map((rule) => ({
      arn: rule.RuleArn!,
      priority: Number(rule.Priority),
      values: (rule.Conditions ?? []).flatMap(
        (condition) =>
          condition.HostHeaderConfig?.Values ?? condition.PathPatternConfig?.Values ?? condition.Values ?? [],
      ),
      targetGroupArn:
        rule.Actions?.[0]?.TargetGroupArn ??
        rule.Actions?.[0]?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn,
    }));
}

/** Target group names. */
export async function targetGroupNames(harness: Harness): Promise<string[]> {
  const response = await harness.elb.send(new DescribeTargetGroupsCommand({}));
  return (response.TargetGroups ?? []).map((group) => group.TargetGroupName!).sort();
}

/** A service as ECS describes it, or undefined when missing. */
export async function describeService(harness: Harness, name: string) {
  const response = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: [name], include: ['TAGS'] }),
  );
  return response.services?.[0];
}

/** Mutating calls the simulator logged (clear the log before the run under test). */
export function mutatingCalls(harness: Harness): string[] {
  return harness.sim.world.log
    .list()
    .filter((call) => call.mutating)
    .map((call) => call.operation);
}

/** Operations (all of them) the simulator logged. */
export function operations(harness: Harness): string[] {
  return harness.sim.world.log.list().map((call) => call.operation);
}
