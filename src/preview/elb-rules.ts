/** The shared listener's rules: which priorities are taken, which rules are previews (by their tags). */
import {
  CreateRuleCommand,
  DeleteRuleCommand,
  DescribeRulesCommand,
  DescribeTagsCommand,
  ModifyRuleCommand,
  type ElasticLoadBalancingV2Client,
  type Rule,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { awsErrorName, wrapError } from '../errors.js';
import { previewNumberOf, type PreviewTag } from './naming.js';
import { conditionKeys } from './routing.js';

/** A listener rule with its tags. */
export interface TaggedRule {
  rule: Rule;
  ruleArn: string;
  priority?: number;
  tags: PreviewTag[];
}

async function describeRules(elb: ElasticLoadBalancingV2Client, listenerArn: string): Promise<Rule[]> {
  const rules: Rule[] = [];
  let marker: string | undefined;
  do {
    const response = await elb
      .send(new DescribeRulesCommand({ ListenerArn: listenerArn, Marker: marker, PageSize: 400 }))
      .catch((error: unknown) => {
        throw wrapError(`describing the rules of listener ${listenerArn}`, error);
      });
    rules.push(...(response.Rules ?? []));
    marker = response.NextMarker;
  } while (marker);
  return rules;
}

/** ELBv2 tags of up to 20 resources per call, by ARN. */
export async function describeElbTags(
  elb: ElasticLoadBalancingV2Client,
  arns: readonly string[],
): Promise<Map<string, PreviewTag[]>> {
  const tags = new Map<string, PreviewTag[]>();
  for (let start = 0; start < arns.length; start += 20) {
    const response = await elb
      .send(new DescribeTagsCommand({ ResourceArns: arns.slice(start, start + 20) }))
      .catch((error: unknown) => {
        throw wrapError('describing load balancer tags', error);
      });
    for (const description of response.TagDescriptions ?? []) {
      tags.set(
        description.ResourceArn ?? '',
        (description.Tags ?? []).map((tag) => ({ key: tag.Key ?? '', value: tag.Value ?? '' })),
      );
    }
  }
  return tags;
}

/** Every non-default rule of the listener, with its priority and tags. */
export async function listListenerRules(
  elb: ElasticLoadBalancingV2Client,
  listenerArn: string,
): Promise<TaggedRule[]> {
  const rules = (await describeRules(elb, listenerArn)).filter((rule) => !rule.IsDefault && rule.RuleArn);
  const tags = await describeElbTags(
    elb,
    rules.map((rule) => rule.RuleArn!),
  );
  return rules.map((rule) => ({
    rule,
    ruleArn: rule.RuleArn!,
    priority: Number.isFinite(Number(rule.Priority)) ? Number(rule.Priority) : undefined,
    tags: tags.get(rule.RuleArn!) ?? [],
  }));
}

/** The template's preview rules on the listener, by pull request number. */
export function previewRules(rules: readonly TaggedRule[], template: string): Map<number, TaggedRule> {
  const found = new Map<number, TaggedRule>();
  for (const rule of rules) {
    const pullRequest = previewNumberOf(rule.tags, template);
    if (pullRequest !== undefined) found.set(pullRequest, rule);
  }
  return found;
}

/** What a preview rule must say. */
export interface RuleSpec {
  listenerArn: string;
  priority: number;
  conditions: NonNullable<Rule['Conditions']>;
  targetGroupArn: string;
  tags: PreviewTag[];
}

/** True when an existing rule already routes the spec's conditions to its target group. */
export function ruleMatches(rule: Rule, spec: RuleSpec): boolean {
  const action = rule.Actions?.[0];
  const forwardsTo = action?.TargetGroupArn ?? action?.ForwardConfig?.TargetGroups?.[0]?.TargetGroupArn;
  return (
    (rule.Actions?.length ?? 0) === 1 &&
    action?.Type === 'forward' &&
    forwardsTo === spec.targetGroupArn &&
    (action.ForwardConfig?.TargetGroups?.length ?? 1) === 1 &&
    conditionKeys(rule.Conditions ?? []).join('\n') === conditionKeys(spec.conditions).join('\n')
  );
}

const forward = (targetGroupArn: string) => [{ Type: 'forward' as const, TargetGroupArn: targetGroupArn }];

/** Creates the preview rule; returns its ARN. */
export async function createRule(elb: ElasticLoadBalancingV2Client, spec: RuleSpec): Promise<string> {
  try {
    const response = await elb.send(
      new CreateRuleCommand({
        ListenerArn: spec.listenerArn,
        Priority: spec.priority,
        Conditions: spec.conditions,
        Actions: forward(spec.targetGroupArn),
        Tags: spec.tags.map((tag) => ({ Key: tag.key, Value: tag.value })),
      }),
    );
    const arn = response.Rules?.[0]?.RuleArn;
    if (!arn) throw new Error('no RuleArn in the response');
    return arn;
  } catch (error) {
    throw wrapError(`creating listener rule with priority ${spec.priority}`, error);
  }
}

/** Points an existing preview rule at the spec's conditions and target group. */
export async function modifyRule(
  elb: ElasticLoadBalancingV2Client,
  ruleArn: string,
  spec: RuleSpec,
): Promise<void> {
  try {
    await elb.send(
      new ModifyRuleCommand({
        RuleArn: ruleArn,
        Conditions: spec.conditions,
        Actions: forward(spec.targetGroupArn),
      }),
    );
  } catch (error) {
    throw wrapError(`updating listener rule ${ruleArn}`, error);
  }
}

/** Deletes a rule; false when it was already gone. */
export async function deleteRule(elb: ElasticLoadBalancingV2Client, ruleArn: string): Promise<boolean> {
  try {
    await elb.send(new DeleteRuleCommand({ RuleArn: ruleArn }));
    return true;
  } catch (error) {
    if (awsErrorName(error) === 'RuleNotFoundException' || awsErrorName(error) === 'RuleNotFound')
      return false;
    throw wrapError(`deleting listener rule ${ruleArn}`, error);
  }
}

/** True when the error is ELBv2 refusing a priority another rule holds (a race with another run). */
export function isPriorityInUse(error: unknown): boolean {
  const name = awsErrorName(error) ?? '';
  const cause = error instanceof Error ? awsErrorName(error.cause) : undefined;
  return /PriorityInUse/.test(name) || /PriorityInUse/.test(cause ?? '');
}
