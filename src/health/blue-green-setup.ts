/**
 * Kit-managed blue/green, phase one: validate everything (services, target groups, the listener's weighted
 * forward action, the task definition) and work out which colour is live, before any change.
 */
import { DescribeTaskDefinitionCommand, type ECSClient, type Service } from '@aws-sdk/client-ecs';
import type { AwsClients } from '../aws/clients.js';
import { wrapError } from '../errors.js';
import { targetGroupName } from './evaluate.js';
import { readWeightedForward, type ForwardOwner, type WeightedForward } from './listener.js';
import { describeServices, serviceLoadBalancers, type ServiceLoadBalancer } from './service.js';
import { describeTargetGroups, type TargetGroupSettings } from './targets.js';

/** One colour: an ECS service and the target group the listener forwards to it. */
export interface Colour {
  name: 'blue' | 'green';
  service: Service;
  loadBalancer: ServiceLoadBalancer;
}

/** The validated picture a blue/green run starts from. */
export interface BlueGreenSetup {
  live: Colour;
  idle: Colour;
  forward: WeightedForward;
  targetGroups: Map<string, TargetGroupSettings>;
  /** The resolved ARN of the task-definition input, when given. */
  taskDefinitionArn?: string;
}

/** What setUpBlueGreen checks. */
export interface BlueGreenSetupOptions {
  clients: Pick<AwsClients, 'ecs' | 'elb'>;
  cluster: string;
  blueService: string;
  greenService: string;
  owner: ForwardOwner;
  taskDefinition?: string;
}

function colourOf(name: Colour['name'], service: Service, forward: WeightedForward): Colour {
  const entries = serviceLoadBalancers(service);
  const attached = entries.find((entry) => entry.targetGroupArn in forward.weights);
  if (!attached) {
    const groups = entries.map((entry) => targetGroupName(entry.targetGroupArn)).join(', ');
    throw new Error(
      `target group ${groups} of service '${service.serviceName}' is not attached to the listener's forward action`,
    );
  }
  return { name, service, loadBalancer: attached };
}

async function resolveTaskDefinition(ecs: ECSClient, taskDefinition: string): Promise<string> {
  try {
    const response = await ecs.send(new DescribeTaskDefinitionCommand({ taskDefinition }));
    return response.taskDefinition!.taskDefinitionArn!;
  } catch (error) {
    throw wrapError(`task definition '${taskDefinition}' not found`, error);
  }
}

/** Validates the blue/green resources; throws a clear error before any change when something is off. */
export async function setUpBlueGreen(options: BlueGreenSetupOptions): Promise<BlueGreenSetup> {
  const { ecs, elb } = options.clients;
  const [blueService, greenService] = await describeServices(ecs, options.cluster, [
    options.blueService,
    options.greenService,
  ]);
  const forward = await readWeightedForward(elb, options.owner, []);
  const blue = colourOf('blue', blueService, forward);
  const green = colourOf('green', greenService, forward);
  if (blue.loadBalancer.targetGroupArn === green.loadBalancer.targetGroupArn) {
    throw new Error('blue and green services share one target group: each colour needs its own');
  }
  const targetGroups = await describeTargetGroups(elb, [
    blue.loadBalancer.targetGroupArn,
    green.loadBalancer.targetGroupArn,
  ]);
  const taskDefinitionArn = options.taskDefinition
    ? await resolveTaskDefinition(ecs, options.taskDefinition)
    : undefined;
  const blueWeight = forward.weights[blue.loadBalancer.targetGroupArn];
  const greenWeight = forward.weights[green.loadBalancer.targetGroupArn];
  if (blueWeight === greenWeight) {
    throw new Error(
      `cannot tell the live colour: blue and green both have weight ${blueWeight} on the listener`,
    );
  }
  const [live, idle] = blueWeight > greenWeight ? [blue, green] : [green, blue];
  return { live, idle, forward, targetGroups, taskDefinitionArn };
}
