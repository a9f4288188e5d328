/** DescribeRules, CreateRule, ModifyRule, DeleteRule and SetRulePriorities. */
import { SimError } from '../../errors.js';
import type { Handler } from '../../protocol/handler.js';
import { checkActions, parseActions } from '../actions.js';
import { parseConditions } from '../conditions.js';
import type { ElbContext } from '../context.js';
import { paginate } from '../paging.js';
import {
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from '../params.js';
import { renderRule } from '../render.js';
import { addRule } from '../resources.js';
import type { AnyRule } from '../store.js';
import { parseTags } from '../tags.js';

/** AWS's default quota of rules per Application Load Balancer (not counting default rules). */
const MAX_RULES_PER_LOAD_BALANCER = 100;
const PRIORITY = { min: 1, max: 50000 };

/** Rule operations. */
export function ruleHandlers(context: ElbContext): Record<string, Handler> {
  const { store } = context;
  return {
    DescribeRules(params: QueryParams) {
      const listenerArn = optionalString(params, 'ListenerArn');
      const arns = optionalStringList(params, 'RuleArns');
      const pageSize = optionalInteger(params, 'PageSize', { min: 1, max: 400 });
      if (listenerArn === undefined && !arns?.length)
        throw validationError('specify either ListenerArn or RuleArns');
      if (listenerArn !== undefined && arns?.length) {
        throw validationError('specify either ListenerArn or RuleArns, not both');
      }
      const rules: AnyRule[] = listenerArn
        ? store.rulesOf(listenerArn)
        : arns!.map((arn) => store.anyRule(arn));
      const page = paginate(rules, { marker: optionalString(params, 'Marker'), pageSize });
      return { Rules: page.items.map(renderRule), NextMarker: page.nextMarker };
    },

    CreateRule(params: QueryParams) {
      const listener = store.listener(requiredString(params, 'ListenerArn'));
      if (store.loadBalancer(listener.loadBalancerArn).type !== 'application') {
        throw validationError('rules are supported only by Application Load Balancer listeners');
      }
      const priority = optionalInteger(params, 'Priority', PRIORITY);
      if (priority === undefined) throw validationError('Priority is required');
      const conditions = parseConditions(params);
      if (!conditions?.length) throw validationError('Conditions must contain at least one condition');
      const actions = parseActions(params, 'Actions');
      if (!actions) throw validationError('Actions is required');
      const tags = parseTags(params);
      const count = [...store.rules.values()].filter(
        (rule) => store.listeners.get(rule.listenerArn)?.loadBalancerArn === listener.loadBalancerArn,
      ).length;
      if (count >= MAX_RULES_PER_LOAD_BALANCER) {
        throw new SimError(
          'TooManyRules',
          `a load balancer takes at most ${MAX_RULES_PER_LOAD_BALANCER} rules`,
        );
      }
      const rule = addRule(context, { listenerArn: listener.arn, priority, conditions, actions, tags });
      return { Rules: [renderRule({ kind: 'rule', rule })] };
    },

    ModifyRule(params: QueryParams) {
      const found = store.anyRule(requiredString(params, 'RuleArn'));
      const conditions = parseConditions(params);
      const actions = parseActions(params, 'Actions');
      const listener = found.kind === 'default' ? found.listener : store.listener(found.rule.listenerArn);
      if (actions) checkActions(store, listener, actions);
      if (found.kind === 'default') {
        if (conditions !== undefined) {
          throw new SimError('OperationNotPermitted', 'the conditions of a default rule cannot be modified');
        }
        if (actions) listener.defaultActions = actions;
      } else {
        if (conditions !== undefined && conditions.length === 0) {
          throw validationError('Conditions must contain at least one condition');
        }
        if (conditions) found.rule.conditions = conditions;
        if (actions) found.rule.actions = actions;
      }
      context.syncUsage();
      return { Rules: [renderRule(found)] };
    },

    DeleteRule(params: QueryParams) {
      const found = store.anyRule(requiredString(params, 'RuleArn'));
      if (found.kind === 'default')
        throw new SimError('OperationNotPermitted', 'the default rule cannot be deleted');
      store.rules.delete(found.rule.arn);
      context.syncUsage();
      return {};
    },

    SetRulePriorities(params: QueryParams) {
      const changes = (optionalStructList(params, 'RulePriorities') ?? []).map((entry) => ({
        found: store.anyRule(requiredString(entry, 'RuleArn')),
        priority: optionalInteger(entry, 'Priority', PRIORITY),
      }));
      if (changes.length === 0) throw validationError('RulePriorities must contain at least one rule');
      for (const { found, priority } of changes) {
        if (found.kind === 'default')
          throw new SimError('OperationNotPermitted', 'the default rule has no priority');
        if (priority === undefined) throw validationError('each RulePriorities member needs a Priority');
      }
      // Priorities must stay unique per listener after all changes apply together.
      const next = new Map([...store.rules.values()].map((rule) => [rule.arn, rule.priority]));
      for (const { found, priority } of changes)
        if (found.kind === 'rule') next.set(found.rule.arn, priority!);
      const seen = new Set<string>();
      for (const [arn, priority] of next) {
        const key = `${store.rules.get(arn)!.listenerArn}#${priority}`;
        if (seen.has(key))
          throw new SimError('PriorityInUse', `priority ${priority} is already in use on this listener`);
        seen.add(key);
      }
      for (const { found, priority } of changes) if (found.kind === 'rule') found.rule.priority = priority!;
      return { Rules: changes.map(({ found }) => renderRule(found)) };
    },
  };
}
