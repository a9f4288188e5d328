/**
 * CreateService/UpdateService input checks, as the CreateService API reference states them: a task
 * definition that exists and fits the launch type, awsvpc network configuration, load balancer
 * containers and ports that the task definition defines, target groups that exist, and blue/green's
 * advancedConfiguration.
 */
import { checkAlarmsSetting } from './deployment-alarms.js';
import type { DeploymentConfigurationRecord, LoadBalancerRecord, TaskDefinitionRecord } from './records.js';
import { ecsError, type EcsState } from './state.js';

/** Resolves a task definition reference for a service; throws ClientException / InvalidParameterException. */
export function serviceTaskDefinition(
  state: EcsState,
  reference: unknown,
  launchType: unknown,
): TaskDefinitionRecord {
  if (typeof reference !== 'string' || reference === '') {
    throw ecsError.invalid('TaskDefinition must be specified.');
  }
  const record = state.findTaskDefinition(reference);
  if (!record) throw ecsError.client('TaskDefinition not found.');
  if (record.status !== 'ACTIVE') throw ecsError.client('TaskDefinition is inactive.');
  if (launchType === 'FARGATE' && !record.compatibilities.includes('FARGATE')) {
    throw ecsError.invalid('Task definition does not support launch_type FARGATE.');
  }
  return record;
}

/** The deployment configuration with ECS's defaults (minimumHealthyPercent 100, maximumPercent 200). */
export function deploymentConfiguration(
  input: unknown,
  previous?: DeploymentConfigurationRecord,
): DeploymentConfigurationRecord {
  const given = (input ?? {}) as Partial<DeploymentConfigurationRecord>;
  const merged: DeploymentConfigurationRecord = {
    ...(previous ?? {}),
    ...given,
    minimumHealthyPercent: given.minimumHealthyPercent ?? previous?.minimumHealthyPercent ?? 100,
    maximumPercent: given.maximumPercent ?? previous?.maximumPercent ?? 200,
  };
  if (merged.minimumHealthyPercent < 0 || merged.minimumHealthyPercent > 100) {
    throw ecsError.invalid('minimumHealthyPercent must be between 0 and 100.');
  }
  if (merged.maximumPercent < 100) {
    throw ecsError.invalid(
      'maximumPercent must be at least 100 for services using the REPLICA scheduling strategy.',
    );
  }
  if (merged.minimumHealthyPercent === 100 && merged.maximumPercent === 100) {
    throw ecsError.invalid(
      'minimumHealthyPercent and maximumPercent cannot both be 100: no task could be replaced.',
    );
  }
  const strategy = merged.strategy ?? 'ROLLING';
  if (!['ROLLING', 'BLUE_GREEN', 'LINEAR', 'CANARY'].includes(strategy)) {
    throw ecsError.invalid(`The simulator does not model deployment strategy ${strategy}.`);
  }
  checkTrafficSettings(merged);
  checkAlarmsSetting(merged);
  if (
    merged.bakeTimeInMinutes !== undefined &&
    (merged.bakeTimeInMinutes < 0 || merged.bakeTimeInMinutes > 1440)
  ) {
    throw ecsError.invalid('bakeTimeInMinutes must be between 0 and 1440.');
  }
  return merged;
}

function inRange(value: unknown, min: number, max: number): boolean {
  return value === undefined || (typeof value === 'number' && value >= min && value <= max);
}

/** LINEAR and CANARY settings within the ranges of the LinearConfiguration / CanaryConfiguration references. */
function checkTrafficSettings(configuration: DeploymentConfigurationRecord): void {
  const linear = (configuration.linearConfiguration ?? {}) as Record<string, unknown>;
  const canary = (configuration.canaryConfiguration ?? {}) as Record<string, unknown>;
  if (!inRange(linear.stepPercent, 3, 100))
    throw ecsError.invalid('stepPercent must be between 3.0 and 100.0.');
  if (!inRange(linear.stepBakeTimeInMinutes, 0, 1440)) {
    throw ecsError.invalid('stepBakeTimeInMinutes must be between 0 and 1440.');
  }
  if (!inRange(canary.canaryPercent, 0.1, 100))
    throw ecsError.invalid('canaryPercent must be between 0.1 and 100.0.');
  if (!inRange(canary.canaryBakeTimeInMinutes, 0, 1440)) {
    throw ecsError.invalid('canaryBakeTimeInMinutes must be between 0 and 1440.');
  }
}

function containerPorts(taskDefinition: TaskDefinitionRecord, containerName: string): number[] | undefined {
  const container = (taskDefinition.body.containerDefinitions as Record<string, unknown>[]).find(
    (candidate) => candidate.name === containerName,
  );
  if (!container) return undefined;
  return ((container.portMappings ?? []) as { containerPort?: number }[]).map((mapping) =>
    Number(mapping.containerPort),
  );
}

function targetGroupArn(state: EcsState, reference: unknown, field: string): string {
  if (typeof reference !== 'string' || reference === '')
    throw ecsError.invalid(`${field} must be specified.`);
  const group = state.elb.findTargetGroup(reference);
  if (!group) throw ecsError.invalid(`The target group with targetGroupArn ${reference} does not exist.`);
  if (group.loadBalancerArns.length === 0) {
    throw ecsError.invalid(
      `The target group with targetGroupArn ${group.arn} does not have an associated load balancer.`,
    );
  }
  return group.arn;
}

/** Checks and resolves the loadBalancers of a service against its task definition and the ELBv2 model. */
export function loadBalancers(
  state: EcsState,
  input: unknown,
  options: { taskDefinition: TaskDefinitionRecord; blueGreen: boolean },
): LoadBalancerRecord[] {
  if (input === undefined || input === null) return [];
  if (!Array.isArray(input)) throw ecsError.invalid('loadBalancers must be a list.');
  return input.map((entry: Record<string, unknown>) => {
    if (entry === null || typeof entry !== 'object')
      throw ecsError.invalid('loadBalancers entries must be objects.');
    const containerName = String(entry.containerName ?? '');
    const containerPort = Number(entry.containerPort);
    const ports = containerPorts(options.taskDefinition, containerName);
    if (!ports)
      throw ecsError.invalid(`The container ${containerName} does not exist in the task definition.`);
    if (!ports.includes(containerPort)) {
      throw ecsError.invalid(
        `The container ${containerName} did not have a container port ${containerPort} defined.`,
      );
    }
    const record: LoadBalancerRecord = {
      targetGroupArn: targetGroupArn(state, entry.targetGroupArn, 'targetGroupArn'),
      containerName,
      containerPort,
      loadBalancerName: typeof entry.loadBalancerName === 'string' ? entry.loadBalancerName : undefined,
    };
    const advanced = entry.advancedConfiguration as LoadBalancerRecord['advancedConfiguration'];
    if (options.blueGreen) {
      if (!advanced?.alternateTargetGroupArn || !advanced.productionListenerRule || !advanced.roleArn) {
        throw ecsError.invalid(
          'advancedConfiguration with alternateTargetGroupArn, productionListenerRule and roleArn is required for the BLUE_GREEN, LINEAR and CANARY deployment strategies.',
        );
      }
      record.advancedConfiguration = {
        ...advanced,
        alternateTargetGroupArn: targetGroupArn(
          state,
          advanced.alternateTargetGroupArn,
          'alternateTargetGroupArn',
        ),
      };
      if (record.advancedConfiguration.alternateTargetGroupArn === record.targetGroupArn) {
        throw ecsError.invalid('alternateTargetGroupArn must differ from targetGroupArn.');
      }
    } else if (advanced) {
      record.advancedConfiguration = advanced;
    }
    return record;
  });
}

/** Checks awsvpc networking: AWS requires networkConfiguration for awsvpc task definitions. */
export function checkNetworkConfiguration(
  taskDefinition: TaskDefinitionRecord,
  networkConfiguration: unknown,
): void {
  if (taskDefinition.body.networkMode === 'awsvpc' && !networkConfiguration) {
    throw ecsError.invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
  }
}
