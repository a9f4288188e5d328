/**
 * Listener and rule actions: forward (the single `TargetGroupArn` form and the weighted `ForwardConfig`
 * form), fixed-response and redirect. Forward actions are checked against the listener's load balancer
 * the way AWS checks them: every target group exists, has a compatible protocol, lives in the load
 * balancer's VPC and is not already associated with another load balancer.
 */
import { SimError } from '../errors.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStruct,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from './params.js';
import type { ActionRecord, ListenerRecord, WeightedTargetGroup } from './records.js';
import type { ElbStore } from './store.js';

const HTTP_PROTOCOLS = ['HTTP', 'HTTPS'];
const NETWORK_PROTOCOLS = ['TCP', 'TLS', 'UDP', 'TCP_UDP'];
/** AWS allows at most five target groups in one forward action. */
const MAX_FORWARD_TARGET_GROUPS = 5;

/** Parses `Actions`/`DefaultActions` (shape only; see checkActions for references). */
export function parseActions(params: QueryParams, name: string): ActionRecord[] | undefined {
  const actions = optionalStructList(params, name);
  if (actions === undefined) return undefined;
  if (actions.length === 0) throw validationError(`${name} must contain an action`);
  const parsed = actions.map((action, index) => parseAction(action, `${name} member ${index + 1}`));
  if (parsed.length > 1) {
    throw validationError(
      `${name}: the simulator models one forward, fixed-response or redirect action per listener or rule`,
    );
  }
  return parsed;
}

function parseAction(action: QueryParams, where: string): ActionRecord {
  const type = requiredString(action, 'Type');
  const order = optionalInteger(action, 'Order', { min: 1, max: 50000 });
  if (type === 'forward') return parseForward(action, where, order);
  if (type === 'fixed-response') {
    const config = optionalStruct(action, 'FixedResponseConfig');
    if (!config)
      throw validationError(`${where}: FixedResponseConfig is required for fixed-response actions`);
    const statusCode = requiredString(config, 'StatusCode');
    if (!/^[245]\d\d$/.test(statusCode)) {
      throw validationError(
        `${where}: FixedResponseConfig.StatusCode must be 2XX, 4XX or 5XX, got '${statusCode}'`,
      );
    }
    return { type, order, config: { ...config } };
  }
  if (type === 'redirect') {
    const config = optionalStruct(action, 'RedirectConfig');
    if (!config) throw validationError(`${where}: RedirectConfig is required for redirect actions`);
    const statusCode = requiredString(config, 'StatusCode');
    if (statusCode !== 'HTTP_301' && statusCode !== 'HTTP_302') {
      throw validationError(`${where}: RedirectConfig.StatusCode must be HTTP_301 or HTTP_302`);
    }
    return { type, order, config: { ...config } };
  }
  if (type === 'authenticate-oidc' || type === 'authenticate-cognito') {
    throw validationError(`${where}: the simulator does not model ${type} actions`);
  }
  throw validationError(
    `${where}: Type must be forward, fixed-response, redirect, authenticate-oidc or authenticate-cognito, got '${type}'`,
  );
}

function parseForward(action: QueryParams, where: string, order: number | undefined): ActionRecord {
  const single = optionalString(action, 'TargetGroupArn');
  const config = optionalStruct(action, 'ForwardConfig');
  if (!config) {
    if (!single) throw validationError(`${where}: forward actions need TargetGroupArn or ForwardConfig`);
    return {
      type: 'forward',
      order,
      targetGroups: [{ targetGroupArn: single, weight: 1 }],
      stickiness: { enabled: false },
    };
  }
  const members = optionalStructList(config, 'TargetGroups') ?? [];
  if (members.length === 0) throw validationError(`${where}: ForwardConfig.TargetGroups must not be empty`);
  if (members.length > MAX_FORWARD_TARGET_GROUPS) {
    throw validationError(`${where}: ForwardConfig takes at most ${MAX_FORWARD_TARGET_GROUPS} target groups`);
  }
  // A member without Weight gets 1, the weight AWS reports for a plain TargetGroupArn action.
  const targetGroups: WeightedTargetGroup[] = members.map((member) => ({
    targetGroupArn: requiredString(member, 'TargetGroupArn'),
    weight: optionalInteger(member, 'Weight', { min: 0, max: 999 }) ?? 1,
  }));
  const arns = targetGroups.map((member) => member.targetGroupArn);
  if (new Set(arns).size !== arns.length)
    throw validationError(`${where}: a target group appears twice in ForwardConfig`);
  if (single && (targetGroups.length !== 1 || targetGroups[0].targetGroupArn !== single)) {
    throw validationError(
      `${where}: TargetGroupArn and ForwardConfig may both be given only for the same single target group`,
    );
  }
  const stickinessConfig = optionalStruct(config, 'TargetGroupStickinessConfig');
  const stickiness = {
    enabled: (stickinessConfig && optionalBoolean(stickinessConfig, 'Enabled')) ?? false,
    durationSeconds: stickinessConfig
      ? optionalInteger(stickinessConfig, 'DurationSeconds', { min: 1, max: 604800 })
      : undefined,
  };
  if (stickiness.enabled && stickiness.durationSeconds === undefined) {
    throw validationError(
      `${where}: TargetGroupStickinessConfig.DurationSeconds is required when stickiness is enabled`,
    );
  }
  return { type: 'forward', order, targetGroups, stickiness };
}

/**
 * Checks actions against the listener they will belong to. Throws TargetGroupNotFound,
 * IncompatibleProtocols, TargetGroupAssociationLimit or ValidationError.
 */
export function checkActions(
  store: ElbStore,
  listener: Pick<ListenerRecord, 'loadBalancerArn' | 'protocol'>,
  actions: ActionRecord[],
): void {
  const loadBalancer = store.loadBalancer(listener.loadBalancerArn);
  for (const action of actions) {
    if (action.type !== 'forward') {
      if (loadBalancer.type === 'network') {
        throw validationError(`${action.type} actions are only supported by Application Load Balancers`);
      }
      continue;
    }
    for (const member of action.targetGroups) {
      const group = store.targetGroup(member.targetGroupArn);
      const listenerIsHttp = HTTP_PROTOCOLS.includes(listener.protocol);
      if (group.targetType === 'lambda') {
        if (!listenerIsHttp) {
          throw new SimError(
            'IncompatibleProtocols',
            `lambda target group '${group.name}' needs an HTTP or HTTPS listener`,
          );
        }
        continue;
      }
      const compatible = listenerIsHttp
        ? HTTP_PROTOCOLS.includes(group.protocol ?? '')
        : NETWORK_PROTOCOLS.includes(group.protocol ?? '');
      if (!compatible) {
        throw new SimError(
          'IncompatibleProtocols',
          `target group '${group.name}' uses ${group.protocol}, which a ${listener.protocol} listener cannot forward to`,
        );
      }
      if (group.vpcId !== loadBalancer.vpcId) {
        throw validationError(
          `target group '${group.name}' is in ${group.vpcId}, not in the load balancer's VPC ${loadBalancer.vpcId}`,
        );
      }
      const others = store.loadBalancerArnsOf(group.arn).filter((arn) => arn !== loadBalancer.arn);
      if (others.length > 0) {
        throw new SimError(
          'TargetGroupAssociationLimit',
          `target group '${group.name}' is already associated with another load balancer: ${others[0]}`,
        );
      }
    }
  }
}

/** An action in the wire shape: forward actions carry TargetGroupArn (one group) and ForwardConfig. */
export function renderAction(action: ActionRecord): Record<string, unknown> {
  if (action.type !== 'forward') {
    const configName = action.type === 'redirect' ? 'RedirectConfig' : 'FixedResponseConfig';
    return { Type: action.type, Order: action.order, [configName]: action.config };
  }
  return {
    Type: 'forward',
    Order: action.order,
    TargetGroupArn: action.targetGroups.length === 1 ? action.targetGroups[0].targetGroupArn : undefined,
    ForwardConfig: {
      TargetGroups: action.targetGroups.map((member) => ({
        TargetGroupArn: member.targetGroupArn,
        Weight: member.weight,
      })),
      TargetGroupStickinessConfig: {
        Enabled: action.stickiness.enabled,
        DurationSeconds: action.stickiness.durationSeconds,
      },
    },
  };
}
