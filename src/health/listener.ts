/**
 * The weighted forward action of a listener (its default action) or of a listener rule: read once and
 * validated, then rewritten in one ModifyListener / ModifyRule call per weight change.
 */
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  ModifyListenerCommand,
  ModifyRuleCommand,
  type Action,
  type ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { wrapError } from '../errors.js';
import { targetGroupName } from './evaluate.js';

/** Which listener or rule carries the forward action. */
export type ForwardOwner = { kind: 'listener'; arn: string } | { kind: 'rule'; arn: string };

/** A validated weighted forward action and the action list it sits in. */
export interface WeightedForward {
  owner: ForwardOwner;
  /** The complete action list, written back with only the weights changed. */
  actions: Action[];
  forwardIndex: number;
  /** Target group ARN → weight. */
  weights: Record<string, number>;
}

function describeOwner(owner: ForwardOwner): string {
  return owner.kind === 'listener' ? `listener ${owner.arn}` : `listener rule ${owner.arn}`;
}

/** Reads the owner's actions; unknown ARNs are a clear error. */
async function readActions(elb: ElasticLoadBalancingV2Client, owner: ForwardOwner): Promise<Action[]> {
  try {
    if (owner.kind === 'listener') {
      const listener = (await elb.send(new DescribeListenersCommand({ ListenerArns: [owner.arn] })))
        .Listeners?.[0];
      if (!listener) throw new Error('not found');
      return listener.DefaultActions ?? [];
    }
    const rule = (await elb.send(new DescribeRulesCommand({ RuleArns: [owner.arn] }))).Rules?.[0];
    if (!rule) throw new Error('not found');
    return rule.Actions ?? [];
  } catch (error) {
    throw wrapError(`reading ${describeOwner(owner)}`, error);
  }
}

/**
 * Reads and validates the weighted forward action: it must exist and forward to every one of
 * `targetGroupArns` (the blue and green target groups).
 */
export async function readWeightedForward(
  elb: ElasticLoadBalancingV2Client,
  owner: ForwardOwner,
  targetGroupArns: string[],
): Promise<WeightedForward> {
  const actions = await readActions(elb, owner);
  const forwardIndex = actions.findIndex(
    (action) => action.Type === 'forward' && (action.ForwardConfig?.TargetGroups?.length ?? 0) > 0,
  );
  if (forwardIndex < 0) {
    throw new Error(
      `${describeOwner(owner)} has no weighted forward action (a forward action with ForwardConfig.TargetGroups)`,
    );
  }
  const weights: Record<string, number> = {};
  for (const group of actions[forwardIndex].ForwardConfig!.TargetGroups!) {
    if (group.TargetGroupArn) weights[group.TargetGroupArn] = group.Weight ?? 1;
  }
  const missing = targetGroupArns.filter((arn) => !(arn in weights));
  if (missing.length > 0) {
    throw new Error(
      `target group ${missing.map(targetGroupName).join(', ')} is not attached to the forward action of ${describeOwner(owner)}`,
    );
  }
  return { owner, actions, forwardIndex, weights };
}

/** The action list with the forward action's weights replaced (other target groups keep theirs). */
export function withWeights(forward: WeightedForward, weights: Record<string, number>): Action[] {
  return forward.actions.map((action, index) => {
    if (index !== forward.forwardIndex) return action;
    const groups = action.ForwardConfig!.TargetGroups!.map((group) => ({
      ...group,
      Weight: group.TargetGroupArn! in weights ? weights[group.TargetGroupArn!] : group.Weight,
    }));
    // With several weighted target groups the action must not also name a single TargetGroupArn.
    const { TargetGroupArn: _single, ...rest } = action;
    void _single;
    return { ...rest, ForwardConfig: { ...action.ForwardConfig, TargetGroups: groups } };
  });
}

/** Writes new weights in one ModifyListener or ModifyRule call and returns the updated forward. */
export async function writeWeights(
  elb: ElasticLoadBalancingV2Client,
  forward: WeightedForward,
  weights: Record<string, number>,
): Promise<WeightedForward> {
  const actions = withWeights(forward, weights);
  try {
    if (forward.owner.kind === 'listener') {
      await elb.send(new ModifyListenerCommand({ ListenerArn: forward.owner.arn, DefaultActions: actions }));
    } else {
      await elb.send(new ModifyRuleCommand({ RuleArn: forward.owner.arn, Actions: actions }));
    }
  } catch (error) {
    throw wrapError(`setting weights on ${describeOwner(forward.owner)}`, error);
  }
  return { ...forward, actions, weights: { ...forward.weights, ...weights } };
}
