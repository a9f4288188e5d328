/**
 * The wait-healthy inputs, read once and validated before the AWS SDK is loaded: a bad traffic plan, a
 * missing listener for blue/green or a malformed ARN fails the step before any AWS call.
 */
import { InputError } from '../../src/errors.js';
import { useConfigInputs } from '../../src/github/config-inputs.js';
import { readRegion } from '../../src/github/environment.js';
import { readDuration, readEnum, readInteger, readOptional, readString } from '../../src/github/inputs.js';
import { readGateInputs, type GateInputs } from '../../src/health/gate-inputs.js';
import { parseTrafficPlan, type TrafficPlan } from '../../src/health/traffic-plan.js';

/** The strategies the action drives. */
export const STRATEGIES = ['rolling', 'blue-green', 'native'] as const;
/** What happens to the previous colour after a successful blue/green shift. */
export const OLD_COLOUR = ['scale-down', 'keep-warm'] as const;

/** The validated inputs, keyed like action.yml; durations in milliseconds. */
export interface Inputs {
  'aws-region': string;
  strategy: (typeof STRATEGIES)[number];
  cluster: string;
  service?: string;
  'deployment-id'?: string;
  'blue-service'?: string;
  'green-service'?: string;
  'listener-arn'?: string;
  'listener-rule-arn'?: string;
  'task-definition'?: string;
  traffic: TrafficPlan;
  'final-bake': number;
  'old-colour': (typeof OLD_COLOUR)[number];
  timeout: number;
  consecutive: number;
  'unhealthy-timeout': number;
  /** CloudWatch alarms and the metric gate (see src/health/gate-inputs.ts). */
  gate: GateInputs;
}

const LISTENER_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net|gwy)\/[^/]+\/[^/]+\/[^/]+$/;
const RULE_ARN =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener-rule\/(app|net)\/[^/]+\/[^/]+\/[^/]+\/[^/]+$/;
const TASK_DEFINITION =
  /^(arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:task-definition\/)?[A-Za-z0-9_-]{1,255}(:\d+)?$/;
const NAME_OR_ARN = /^(arn:aws[a-z-]*:ecs:\S+|[A-Za-z0-9_-]{1,255})$/;

function ms(seconds: number | undefined): number {
  return Math.round((seconds ?? 0) * 1000);
}

function checked(
  name: string,
  value: string | undefined,
  pattern: RegExp,
  expected: string,
): string | undefined {
  if (value !== undefined && !pattern.test(value))
    throw new InputError(name, `expected ${expected}, got '${value}'`);
  return value;
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
export async function readInputs(): Promise<Inputs> {
  await useConfigInputs('wait-healthy');
  const strategy = readEnum('strategy', STRATEGIES, 'rolling');
  const finalBake = ms(readDuration('final-bake', 0));
  const inputs: Inputs = {
    'aws-region': readRegion(),
    strategy,
    cluster: checked(
      'cluster',
      readString('cluster', { required: true }),
      NAME_OR_ARN,
      'a cluster name or ARN',
    )!,
    service: checked('service', readOptional('service'), NAME_OR_ARN, 'a service name or ARN'),
    'deployment-id': readOptional('deployment-id'),
    'blue-service': checked(
      'blue-service',
      readOptional('blue-service'),
      NAME_OR_ARN,
      'a service name or ARN',
    ),
    'green-service': checked(
      'green-service',
      readOptional('green-service'),
      NAME_OR_ARN,
      'a service name or ARN',
    ),
    'listener-arn': checked(
      'listener-arn',
      readOptional('listener-arn'),
      LISTENER_ARN,
      'an ELBv2 listener ARN',
    ),
    'listener-rule-arn': checked(
      'listener-rule-arn',
      readOptional('listener-rule-arn'),
      RULE_ARN,
      'an ELBv2 listener rule ARN',
    ),
    'task-definition': checked(
      'task-definition',
      readOptional('task-definition'),
      TASK_DEFINITION,
      'a task definition ARN, family:revision or family',
    ),
    traffic: parseTrafficPlan(readString('traffic', { fallback: 'all-at-once' }), {
      input: 'traffic',
      finalBakeMs: finalBake,
    }),
    'final-bake': finalBake,
    'old-colour': readEnum('old-colour', OLD_COLOUR, 'scale-down'),
    timeout: ms(readDuration('timeout', 900)),
    consecutive: readInteger('consecutive', { fallback: 2, min: 1, max: 20 })!,
    'unhealthy-timeout': ms(readDuration('unhealthy-timeout', 60)),
    gate: readGateInputs({ metrics: true }),
  };
  if (inputs.gate.metrics && strategy !== 'blue-green')
    throw new InputError('metric-max-5xx', `needs strategy blue-green (got ${strategy})`);
  if (inputs.timeout <= 0) throw new InputError('timeout', 'expected a positive duration such as 15m');
  if (strategy === 'blue-green') {
    blueGreenInputs(inputs);
    const bakeMs = inputs.traffic.steps.reduce((sum, step) => sum + step.bakeMs, 0);
    if (bakeMs >= inputs.timeout) {
      throw new InputError(
        'timeout',
        `expected more than the traffic plan's total bake time (${bakeMs / 1000}s), got ${inputs.timeout / 1000}s`,
      );
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
