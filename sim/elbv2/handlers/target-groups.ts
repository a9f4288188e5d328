/** CreateTargetGroup, DeleteTargetGroup, DescribeTargetGroups and the target group attribute operations. */
import { SimError } from '../../errors.js';
import type { Handler } from '../../protocol/handler.js';
import { checkAttribute } from '../attributes.js';
import type { ElbContext } from '../context.js';
import { paginate } from '../paging.js';
import {
  optionalBoolean,
  optionalInteger,
  optionalString,
  optionalStringList,
  optionalStruct,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from '../params.js';
import { renderTargetGroup } from '../render.js';
import { addTargetGroup } from '../resources.js';
import { parseTags } from '../tags.js';
import {
  resolveTargetGroupSettings,
  type TargetGroupInput,
  type TargetGroupSettings,
} from '../target-group-settings.js';
import type { TargetGroupRecord } from '../records.js';

/** Target group operations. */
export function targetGroupHandlers(context: ElbContext): Record<string, Handler> {
  const { store, health } = context;
  return {
    CreateTargetGroup(params: QueryParams) {
      const settings = resolveTargetGroupSettings(createInput(params));
      const tags = parseTags(params);
      const existing = store.targetGroupNamed(settings.name);
      if (existing) {
        // AWS makes CreateTargetGroup idempotent: the same name with the same settings returns the group.
        if (!sameSettings(existing, settings)) {
          throw new SimError(
            'DuplicateTargetGroupName',
            `A target group with the same name '${settings.name}' exists, but with different settings`,
          );
        }
        return { TargetGroups: [renderTargetGroup(existing, store)] };
      }
      const group = addTargetGroup(context, settings, tags);
      return { TargetGroups: [renderTargetGroup(group, store)] };
    },

    DeleteTargetGroup(params: QueryParams) {
      const arn = requiredString(params, 'TargetGroupArn');
      const group = store.targetGroups.get(arn);
      // Deleting a target group that does not exist succeeds, so a retried delete converges.
      if (!group) return {};
      if (store.loadBalancerArnsOf(arn).length > 0) {
        throw new SimError(
          'ResourceInUse',
          `Target group '${arn}' is currently in use by a listener or a rule`,
        );
      }
      store.targetGroups.delete(arn);
      health.dropGroup(arn);
      context.syncUsage();
      return {};
    },

    DescribeTargetGroups(params: QueryParams) {
      const loadBalancerArn = optionalString(params, 'LoadBalancerArn');
      const arns = optionalStringList(params, 'TargetGroupArns');
      const names = optionalStringList(params, 'Names');
      const pageSize = optionalInteger(params, 'PageSize', { min: 1, max: 400 });
      const filters = [loadBalancerArn !== undefined, Boolean(arns?.length), Boolean(names?.length)].filter(
        Boolean,
      );
      if (filters.length > 1)
        throw validationError('specify only one of LoadBalancerArn, TargetGroupArns and Names');
      let groups = [...store.targetGroups.values()];
      if (loadBalancerArn !== undefined) {
        store.loadBalancer(loadBalancerArn);
        groups = groups.filter((group) => store.loadBalancerArnsOf(group.arn).includes(loadBalancerArn));
      } else if (arns?.length) {
        groups = arns.map((arn) => store.targetGroup(arn));
      } else if (names?.length) {
        const missing = names.filter((name) => !store.targetGroupNamed(name));
        if (missing.length > 0) {
          throw new SimError(
            'TargetGroupNotFound',
            `One or more target groups not found: '${missing.join(', ')}'`,
          );
        }
        groups = names.map((name) => store.targetGroupNamed(name)!);
      }
      const page = paginate(groups, { marker: optionalString(params, 'Marker'), pageSize });
      return {
        TargetGroups: page.items.map((group) => renderTargetGroup(group, store)),
        NextMarker: page.nextMarker,
      };
    },

    DescribeTargetGroupAttributes(params: QueryParams) {
      const group = store.targetGroup(requiredString(params, 'TargetGroupArn'));
      return { Attributes: renderAttributes(group) };
    },

    ModifyTargetGroupAttributes(params: QueryParams) {
      const group = store.targetGroup(requiredString(params, 'TargetGroupArn'));
      const changes = (optionalStructList(params, 'Attributes') ?? []).map((attribute) => ({
        key: requiredString(attribute, 'Key'),
        value: typeof attribute.Value === 'string' ? attribute.Value : '',
      }));
      if (changes.length === 0) throw validationError('Attributes must contain at least one attribute');
      // Validate every change before applying any, so a bad request changes nothing.
      for (const change of changes) checkAttribute(group, change.key, change.value);
      for (const change of changes) group.attributes.set(change.key, change.value);
      return { Attributes: renderAttributes(group) };
    },
  };
}

function renderAttributes(group: TargetGroupRecord): { Key: string; Value: string }[] {
  return [...group.attributes].map(([Key, Value]) => ({ Key, Value }));
}

function createInput(params: QueryParams): TargetGroupInput {
  const matcher = optionalStruct(params, 'Matcher');
  return {
    name: requiredString(params, 'Name'),
    protocol: optionalString(params, 'Protocol'),
    protocolVersion: optionalString(params, 'ProtocolVersion'),
    port: optionalInteger(params, 'Port', { min: 1, max: 65535 }),
    vpcId: optionalString(params, 'VpcId'),
    targetType: optionalString(params, 'TargetType') as TargetGroupInput['targetType'],
    ipAddressType: optionalString(params, 'IpAddressType'),
    healthCheck: {
      enabled: optionalBoolean(params, 'HealthCheckEnabled'),
      protocol: optionalString(params, 'HealthCheckProtocol'),
      port: optionalString(params, 'HealthCheckPort'),
      path: optionalString(params, 'HealthCheckPath'),
      intervalSeconds: optionalInteger(params, 'HealthCheckIntervalSeconds', { min: 5, max: 300 }),
      timeoutSeconds: optionalInteger(params, 'HealthCheckTimeoutSeconds', { min: 2, max: 120 }),
      healthyThresholdCount: optionalInteger(params, 'HealthyThresholdCount', { min: 2, max: 10 }),
      unhealthyThresholdCount: optionalInteger(params, 'UnhealthyThresholdCount', { min: 2, max: 10 }),
      matcher: matcher
        ? { HttpCode: optionalString(matcher, 'HttpCode'), GrpcCode: optionalString(matcher, 'GrpcCode') }
        : undefined,
    },
  };
}

function sameSettings(group: TargetGroupRecord, settings: TargetGroupSettings): boolean {
  const existing = {
    targetType: group.targetType,
    protocol: group.protocol,
    protocolVersion: group.protocolVersion,
    port: group.port,
    vpcId: group.vpcId,
    healthCheck: group.healthCheck,
  };
  const requested = {
    targetType: settings.targetType,
    protocol: settings.protocol,
    protocolVersion: settings.protocolVersion,
    port: settings.port,
    vpcId: settings.vpcId,
    healthCheck: settings.healthCheck,
  };
  return JSON.stringify(existing) === JSON.stringify(requested);
}
