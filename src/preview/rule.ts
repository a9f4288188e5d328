/**
 * The preview's listener rule: the existing one (found by its tags) updated in place, or a new one at the
 * priority derived from the pull request number, probing the next free one when another rule holds it.
 */
import type { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeployReading } from './deploy-read.js';
import {
  createRule,
  isPriorityInUse,
  listListenerRules,
  modifyRule,
  ruleMatches,
  type RuleSpec,
} from './elb-rules.js';
import { previewTags } from './naming.js';
import { choosePriority, ruleConditions, type PreviewRouting } from './routing.js';
import type { DeployPreviewOptions, PreviewChange } from './types.js';

/** What ensureRule needs. */
export interface EnsureRuleOptions {
  elb: ElasticLoadBalancingV2Client;
  options: DeployPreviewOptions;
  reading: DeployReading;
  routing: PreviewRouting;
  targetGroupArn: string;
  changes: PreviewChange[];
}

function freePriority(options: DeployPreviewOptions, taken: Set<number>): number {
  const priority = choosePriority(options.pullRequest, options.priorities, taken);
  if (priority === undefined)
    throw new Error(
      `no free listener rule priority in ${options.priorities.base}-${options.priorities.base + options.priorities.size - 1}; widen priority-range`,
    );
  return priority;
}

/** Creates or updates the rule; returns its ARN and priority. */
export async function ensureRule(context: EnsureRuleOptions): Promise<{ ruleArn: string; priority: number }> {
  const { elb, options, reading } = context;
  const spec = (priority: number): RuleSpec => ({
    listenerArn: options.listenerArn,
    priority,
    conditions: ruleConditions(context.routing, options.pullRequest),
    targetGroupArn: context.targetGroupArn,
    tags: previewTags(options.templateService, options.pullRequest),
  });
  const own = reading.ownRule;
  if (own?.priority !== undefined) {
    const wanted = spec(own.priority);
    const same = ruleMatches(own.rule, wanted);
    if (!same) await modifyRule(elb, own.ruleArn, wanted);
    context.changes.push({
      resource: 'listener rule',
      name: `priority ${own.priority}`,
      action: same ? 'unchanged' : 'updated',
    });
    return { ruleArn: own.ruleArn, priority: own.priority };
  }
  const taken = new Set(
    reading.rules.flatMap((rule) => (rule.priority === undefined ? [] : [rule.priority])),
  );
  let priority = freePriority(options, taken);
  let ruleArn: string;
  try {
    ruleArn = await createRule(elb, spec(priority));
  } catch (error) {
    // Another run took the priority between our read and our create: read again and take the next one.
    if (!isPriorityInUse(error)) throw error;
    const again = await listListenerRules(elb, options.listenerArn);
    priority = freePriority(options, new Set(again.flatMap((rule) => rule.priority ?? [])));
    ruleArn = await createRule(elb, spec(priority));
  }
  const preferred = choosePriority(options.pullRequest, options.priorities, new Set());
  context.changes.push({
    resource: 'listener rule',
    name: `priority ${priority}`,
    action: 'created',
    detail: priority === preferred ? undefined : `priority ${preferred} is taken by another rule`,
  });
  return { ruleArn, priority };
}
