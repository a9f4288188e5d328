/**
 * RegisterTargets, DeregisterTargets and DescribeTargetHealth. Targets registered through the API
 * pass their health checks unless a test swaps the probe (ElbModel.setTargetProbe).
 */
import { isIP } from 'node:net';
import { SimError } from '../../errors.js';
import type { Handler } from '../../protocol/handler.js';
import type { ElbContext } from '../context.js';
import {
  optionalInteger,
  optionalString,
  optionalStructList,
  requiredString,
  validationError,
  type QueryParams,
} from '../params.js';
import type { TargetGroupRecord, TargetRecord } from '../records.js';

/** AWS's quota of targets per target group. */
const MAX_TARGETS = 1000;

/** What AWS says about each reason code (ELBv2 TargetHealth.Description). */
const DESCRIPTIONS: Record<string, string> = {
  'Elb.RegistrationInProgress': 'Target registration is in progress',
  'Elb.InitialHealthChecking': 'Initial health checks in progress',
  'Target.ResponseCodeMismatch': 'Health checks did not return an expected HTTP code',
  'Target.Timeout': 'Request timed out',
  'Target.FailedHealthChecks': 'Health checks failed',
  'Target.NotRegistered': 'Target is not registered to the target group',
  'Target.NotInUse': 'Target group is not configured to receive traffic from the load balancer',
  'Target.DeregistrationInProgress': 'Target deregistration is in progress',
  'Target.HealthCheckDisabled': 'Health checks are disabled',
};

interface TargetRef {
  id: string;
  port?: number;
  availabilityZone?: string;
}

function parseTargets(params: QueryParams, required: boolean): TargetRef[] | undefined {
  const targets = optionalStructList(params, 'Targets');
  if (targets === undefined || targets.length === 0) {
    if (required) throw validationError('Targets must contain at least one target');
    return undefined;
  }
  return targets.map((target) => ({
    id: requiredString(target, 'Id'),
    port: optionalInteger(target, 'Port', { min: 1, max: 65535 }),
    availabilityZone: optionalString(target, 'AvailabilityZone'),
  }));
}

function checkTargetId(group: TargetGroupRecord, id: string): void {
  const valid =
    group.targetType === 'ip'
      ? isIP(id) !== 0
      : group.targetType === 'instance'
        ? /^i-[0-9a-f]{8,17}$/.test(id)
        : group.targetType === 'alb'
          ? id.includes(':loadbalancer/app/')
          : id.startsWith('arn:');
  if (!valid) {
    throw new SimError(
      'InvalidTarget',
      `'${id}' is not a valid ${group.targetType} target for target group '${group.name}'`,
    );
  }
}

/** Target registration and health operations. */
export function targetHandlers(context: ElbContext): Record<string, Handler> {
  const { store, health } = context;
  const portOf = (group: TargetGroupRecord, target: TargetRef) => target.port ?? group.port ?? 0;
  return {
    RegisterTargets(params: QueryParams) {
      const group = store.targetGroup(requiredString(params, 'TargetGroupArn'));
      const targets = parseTargets(params, true)!;
      for (const target of targets) checkTargetId(group, target.id);
      const fresh = targets.filter((target) => !health.get(group.arn, target.id, portOf(group, target)));
      if (health.list(group.arn).length + fresh.length > MAX_TARGETS) {
        throw new SimError(
          'TooManyTargets',
          `target group '${group.name}' can hold at most ${MAX_TARGETS} targets`,
        );
      }
      for (const target of targets) {
        health.register(group.arn, {
          id: target.id,
          port: portOf(group, target),
          availabilityZone: target.availabilityZone,
          probe: () => true,
        });
      }
      return {};
    },

    DeregisterTargets(params: QueryParams) {
      const group = store.targetGroup(requiredString(params, 'TargetGroupArn'));
      const targets = parseTargets(params, true)!;
      const missing = targets.filter((target) => !health.get(group.arn, target.id, portOf(group, target)));
      if (missing.length > 0) {
        const names = missing.map((target) => `${target.id}:${portOf(group, target)}`).join(', ');
        throw new SimError(
          'InvalidTarget',
          `The following targets are not registered in target group '${group.name}': ${names}`,
        );
      }
      for (const target of targets) health.deregister(group.arn, target.id, portOf(group, target));
      return {};
    },

    DescribeTargetHealth(params: QueryParams) {
      const group = store.targetGroup(requiredString(params, 'TargetGroupArn'));
      const requested = parseTargets(params, false);
      const describe = (target: TargetRecord) => describeTarget(group, target);
      if (!requested) return { TargetHealthDescriptions: health.list(group.arn).map(describe) };
      const descriptions = requested.flatMap((target) => {
        const registered =
          target.port === undefined
            ? health.list(group.arn).filter((candidate) => candidate.id === target.id)
            : [health.get(group.arn, target.id, target.port)].filter(
                (found): found is TargetRecord => !!found,
              );
        if (registered.length > 0) return registered.map(describe);
        const port = portOf(group, target);
        return [
          {
            Target: { Id: target.id, Port: port, AvailabilityZone: target.availabilityZone },
            HealthCheckPort: healthCheckPort(group, port),
            TargetHealth: {
              State: 'unused',
              Reason: 'Target.NotRegistered',
              Description: DESCRIPTIONS['Target.NotRegistered'],
            },
          },
        ];
      });
      return { TargetHealthDescriptions: descriptions };
    },
  };
}

function healthCheckPort(group: TargetGroupRecord, port: number): string {
  return group.healthCheck.port === 'traffic-port' ? String(port) : group.healthCheck.port;
}

function describeTarget(group: TargetGroupRecord, target: TargetRecord): Record<string, unknown> {
  return {
    Target: { Id: target.id, Port: target.port, AvailabilityZone: target.availabilityZone },
    HealthCheckPort: healthCheckPort(group, target.port),
    TargetHealth: {
      State: target.state,
      Reason: target.reason,
      Description: target.reason ? DESCRIPTIONS[target.reason] : undefined,
    },
  };
}
