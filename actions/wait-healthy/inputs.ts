/**
 * The wait-healthy inputs, read once and validated before the AWS SDK is loaded: a bad traffic plan, a
 * missing listener for blue/green or a malformed ARN fails the step before any AWS call.
 */
import { InputError } from '../../src/errors.js';
import { configInputSource } from '../../src/github/config-inputs.js';
import { readRegion } from '../../src/github/environment.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import { readDuration, readEnum, readInteger, readOptional, readString } from '../../src/github/inputs.js';
import {
  readCluster,
  readListenerArn,
  readListenerRuleArn,
  readService,
  readTaskDefinition,
} from '../../src/github/name-inputs.js';
import {
  parseTrafficPlan,
  totalBakeMs,
  type TrafficPlan,
  HEALTH_STRATEGIES,
  OLD_COLOUR_ACTIONS,
  type HealthStrategy,
  type OldColourAction,
  readGateInputs,
  type GateInputs,
} from '../../src/health/inputs.js';
import { parseDeploymentIds, type DeploymentIds } from './deployment-ids.js';

/** The validated inputs, keyed like action.yml; durations in milliseconds. */
export interface Inputs {
  'aws-region': string;
  strategy: HealthStrategy;
  cluster: string;
  service?: string;
  'deployment-id'?: string;
  /** Every service one ecs-deploy step updated, with its deployment id (see deployment-ids.ts). */
  'deployment-ids'?: DeploymentIds;
  'blue-service'?: string;
  'green-service'?: string;
  'listener-arn'?: string;
  'listener-rule-arn'?: string;
  'task-definition'?: string;
  traffic: TrafficPlan;
  'final-bake': number;
  'old-colour': OldColourAction;
  timeout: number;
  consecutive: number;
  'unhealthy-timeout': number;
  /** CloudWatch alarms and the metric gate (see src/health/gate-inputs.ts). */
  gate: GateInputs;
}

function blueGreenInputs(inputs: Inputs): void {
  for (const name of ['blue-service', 'green-service'] as const) {
    if (!inputs[name]) throw new InputError(name, 'is required with strategy blue-green');
  }
  if (inputs['blue-service'] === inputs['green-service']) {
    throw new InputError('green-service', 'must name a different service than blue-service');
  }
  const listener = inputs['listener-arn'];
  const rule = inputs['listener-rule-arn'];
  if (!listener === !rule) {
    throw new InputError(
      'listener-arn',
      'with strategy blue-green, set exactly one of listener-arn or listener-rule-arn',
    );
  }
}

/** Reads and validates every input; with `config`, the file's settings for `environment` fill the gaps. */
export async function readInputs(runner: InputSource = runnerInputs): Promise<Inputs> {
  const source = await configInputSource('wait-healthy', { base: runner });
  const strategy = readEnum(source, 'strategy', HEALTH_STRATEGIES, 'rolling');
  const finalBake = readDuration(source, 'final-bake', '0s');
  const inputs: Inputs = {
    'aws-region': readRegion(source),
    strategy,
    cluster: readCluster(source),
    service: readService(source),
    'deployment-id': readOptional(source, 'deployment-id'),
    'deployment-ids': parseDeploymentIds(readOptional(source, 'deployment-ids'), strategy === 'rolling'),
    'blue-service': readService(source, 'blue-service'),
    'green-service': readService(source, 'green-service'),
    'listener-arn': readListenerArn(source),
    'listener-rule-arn': readListenerRuleArn(source),
    'task-definition': readTaskDefinition(source),
    traffic: parseTrafficPlan(readString(source, 'traffic', { fallback: 'all-at-once' }), {
      input: 'traffic',
      finalBakeMs: finalBake,
    }),
    'final-bake': finalBake,
    'old-colour': readEnum(source, 'old-colour', OLD_COLOUR_ACTIONS, 'scale-down'),
    timeout: readDuration(source, 'timeout', '15m'),
    consecutive: readInteger(source, 'consecutive', { fallback: 2, min: 1, max: 20 })!,
    'unhealthy-timeout': readDuration(source, 'unhealthy-timeout', '60s'),
    gate: readGateInputs(source, { metrics: true }),
  };
  if (inputs.gate.metrics && strategy !== 'blue-green')
    throw new InputError('metric-max-5xx', `needs strategy blue-green (got ${strategy})`);
  if (inputs.timeout <= 0) throw new InputError('timeout', 'expected a positive duration such as 15m');
  if (strategy === 'blue-green') {
    blueGreenInputs(inputs);
    const bakeMs = totalBakeMs(inputs.traffic, inputs.gate['alarm-bake']);
    if (bakeMs >= inputs.timeout) {
      const withAlarmBake = inputs.gate['alarm-bake'] > 0 ? ' with the alarm bake' : '';
      throw new InputError(
        'timeout',
        `expected more than the traffic plan's total bake time${withAlarmBake} (${bakeMs / 1000}s), got ${inputs.timeout / 1000}s`,
      );
    }
  } else if (inputs['deployment-ids']) {
    if (inputs['deployment-id']) {
      throw new InputError('deployment-ids', 'set either deployment-id or deployment-ids, not both');
    }
  } else if (!inputs.service) throw new InputError('service', `is required with strategy ${strategy}`);
  if (strategy === 'rolling' && inputs['deployment-id'] && !/^ecs-svc\/\d+$/.test(inputs['deployment-id'])) {
    throw new InputError(
      'deployment-id',
      `expected an ECS deployment id such as ecs-svc/1234567890, got '${inputs['deployment-id']}'`,
    );
  }
  return inputs;
}
