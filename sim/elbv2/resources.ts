/** Creating load balancers, target groups, listeners and rules: shared by the seed and the API handlers. */
import { defaultAttributes } from './attributes.js';
import { newListenerArn, newLoadBalancerArn, newRuleArn, newTargetGroupArn, SIM_VPC_ID } from './arns.js';
import { checkActions } from './actions.js';
import type { ElbContext } from './context.js';
import type {
  ActionRecord,
  ConditionRecord,
  ListenerRecord,
  LoadBalancerRecord,
  RuleRecord,
  TagMap,
  TargetGroupRecord,
} from './records.js';
import type { TargetGroupSettings } from './target-group-settings.js';
import { SimError } from '../errors.js';

/** Adds a load balancer in the simulated VPC. */
export function addLoadBalancer(
  context: ElbContext,
  options: { name: string; type?: 'application' | 'network'; scheme?: string },
): LoadBalancerRecord {
  if (context.store.loadBalancerNamed(options.name)) {
    throw new SimError('DuplicateLoadBalancerName', `a load balancer named '${options.name}' already exists`);
  }
  const type = options.type ?? 'application';
  const scheme = options.scheme ?? 'internet-facing';
  const arn = newLoadBalancerArn(context.sim, options.name, type);
  const dnsPrefix = scheme === 'internal' ? 'internal-' : '';
  const record: LoadBalancerRecord = {
    arn,
    name: options.name,
    type,
    scheme,
    vpcId: SIM_VPC_ID,
    dnsName: `${dnsPrefix}${options.name}-${parseInt(arn.slice(-8), 16)}.${context.sim.region}.elb.amazonaws.com`,
    createdTime: new Date(context.sim.clock.now()),
    tags: new Map(),
  };
  context.store.loadBalancers.set(arn, record);
  return record;
}

/** Adds a target group with validated settings. */
export function addTargetGroup(
  context: ElbContext,
  settings: TargetGroupSettings,
  tags: TagMap,
): TargetGroupRecord {
  const record: TargetGroupRecord = {
    arn: newTargetGroupArn(context.sim, settings.name),
    name: settings.name,
    targetType: settings.targetType,
    protocol: settings.protocol,
    protocolVersion: settings.protocolVersion,
    port: settings.port,
    vpcId: settings.vpcId,
    ipAddressType: settings.ipAddressType,
    healthCheck: settings.healthCheck,
    attributes: defaultAttributes(settings),
    tags,
  };
  context.store.targetGroups.set(record.arn, record);
  return record;
}

/** Adds a listener after checking its default actions against the load balancer. */
export function addListener(
  context: ElbContext,
  options: { loadBalancerArn: string; port: number; protocol: string; defaultActions: ActionRecord[] },
): ListenerRecord {
  const loadBalancer = context.store.loadBalancer(options.loadBalancerArn);
  if (context.store.listenersOf(loadBalancer.arn).some((listener) => listener.port === options.port)) {
    throw new SimError(
      'DuplicateListener',
      `load balancer '${loadBalancer.name}' already has a listener on port ${options.port}`,
    );
  }
  checkActions(context.store, options, options.defaultActions);
  const arn = newListenerArn(context.sim, loadBalancer.arn);
  const record: ListenerRecord = {
    arn,
    loadBalancerArn: loadBalancer.arn,
    port: options.port,
    protocol: options.protocol,
    defaultActions: options.defaultActions,
    defaultRuleArn: newRuleArn(context.sim, arn),
    tags: new Map(),
  };
  context.store.listeners.set(arn, record);
  context.syncUsage();
  return record;
}

/** Adds a rule after checking its priority is free and its actions fit the listener. */
export function addRule(
  context: ElbContext,
  options: {
    listenerArn: string;
    priority: number;
    conditions: ConditionRecord[];
    actions: ActionRecord[];
    tags: TagMap;
  },
): RuleRecord {
  const listener = context.store.listener(options.listenerArn);
  const taken = [...context.store.rules.values()].some(
    (rule) => rule.listenerArn === listener.arn && rule.priority === options.priority,
  );
  if (taken)
    throw new SimError('PriorityInUse', `priority ${options.priority} is already in use on this listener`);
  checkActions(context.store, listener, options.actions);
  const record: RuleRecord = {
    arn: newRuleArn(context.sim, listener.arn),
    ...options,
    listenerArn: listener.arn,
  };
  context.store.rules.set(record.arn, record);
  context.syncUsage();
  return record;
}
