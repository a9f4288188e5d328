/** Shared set-up for the wait-healthy integration tests: a fresh simulator, SDK clients, starting deployments. */
import {
  DescribeServicesCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import {
  DescribeListenersCommand,
  DescribeRulesCommand,
  DescribeTargetGroupsCommand,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import type { WorldSeed } from '../../sim/index.js';
import { runAction, type RunOptions, type RunResult } from '../helpers/action.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';
import { webTaskDefinition } from '../helpers/worlds.js';

/** Simulated milliseconds per real millisecond in these tests (the action runs with the same scale). */
export const TIME_SCALE = 40;

/** A running simulator with SDK clients pointed at it. */
export type Harness = SimulatorHarness;

/** Starts a fresh simulator seeded with `world`. */
export function startHarness(world: WorldSeed, timeScale = TIME_SCALE): Promise<Harness> {
  return startSimulatorHarness({ timeScale, world, seed: 7, maxAttempts: 10 });
}

/** Stops the simulator and the clients. */
export const stopHarness = stopSimulatorHarness;

/** Registers a new shop-web revision running `image`; returns its ARN. */
export async function registerRevision(harness: Harness, image: string): Promise<string> {
  const input = webTaskDefinition(image) as unknown as RegisterTaskDefinitionCommandInput;
  const response = await harness.ecs.send(new RegisterTaskDefinitionCommand(input));
  return response.taskDefinition!.taskDefinitionArn!;
}

/** Rolls `service` to a new revision running `image`; returns the new deployment's id. */
export async function rollTo(harness: Harness, service: string, image: string): Promise<string> {
  const taskDefinition = await registerRevision(harness, image);
  const response = await harness.ecs.send(
    new UpdateServiceCommand({ cluster: 'prod', service, taskDefinition }),
  );
  return response.service!.deployments!.find((deployment) => deployment.status === 'PRIMARY')!.id!;
}

/** The ARN of a target group by name. */
export async function targetGroupArn(harness: Harness, name: string): Promise<string> {
  const response = await harness.elb.send(new DescribeTargetGroupsCommand({ Names: [name] }));
  return response.TargetGroups![0].TargetGroupArn!;
}

/** The first listener of the load balancer on `port`. */
export async function listenerArn(harness: Harness, port: number): Promise<string> {
  const { LoadBalancers } = await import('@aws-sdk/client-elastic-load-balancing-v2').then(async (sdk) =>
    harness.elb.send(new sdk.DescribeLoadBalancersCommand({})),
  );
  const listeners = await harness.elb.send(
    new DescribeListenersCommand({ LoadBalancerArn: LoadBalancers![0].LoadBalancerArn }),
  );
  return listeners.Listeners!.find((listener) => listener.Port === port)!.ListenerArn!;
}

/** Target group name → weight of the listener's (or rule's) weighted forward action. */
export async function forwardWeights(harness: Harness, arn: string): Promise<Record<string, number>> {
  const actions = arn.includes(':listener-rule/')
    ? (await harness.elb.send(new DescribeRulesCommand({ RuleArns: [arn] }))).Rules![0].Actions!
    : (await harness.elb.send(new DescribeListenersCommand({ ListenerArns: [arn] }))).Listeners![0]
        .DefaultActions!;
  const forward = actions.find((action) => action.Type === 'forward')!;
  const weights: Record<string, number> = {};
  for (const group of forward.ForwardConfig!.TargetGroups!) {
    weights[/targetgroup\/([^/]+)/.exec(group.TargetGroupArn!)![1]] = group.Weight ?? 0;
  }
  return weights;
}

/** A service's desired count and task definition. */
export async function serviceState(harness: Harness, service: string) {
  const response = await harness.ecs.send(
    new DescribeServicesCommand({ cluster: 'prod', services: [service] }),
  );
  const found = response.services![0];
  return {
    desiredCount: found.desiredCount,
    taskDefinition: found.taskDefinition,
    deployments: found.deployments,
  };
}

/** Runs the wait-healthy bundle against the harness's simulator at the simulator's time scale. */
export function runWaitHealthy(
  harness: Harness,
  inputs: RunOptions['inputs'],
  options: Omit<RunOptions, 'inputs' | 'endpoint'> = {},
): Promise<RunResult> {
  return runAction('wait-healthy', {
    ...options,
    inputs: { cluster: 'prod', ...inputs },
    endpoint: harness.sim.endpoint,
    env: { ECS_KIT_TIME_SCALE: String(harness.sim.world.clock.getScale()), ...options.env },
  });
}

/** The simulated time at which the last timeline event of `type` matching `filter` happened. */
export function lastEvent(
  harness: Harness,
  type: string,
  filter: (detail: Record<string, unknown>) => boolean,
) {
  const events = harness.sim.world.timeline.filter((event) => event.type === type && filter(event));
  return events[events.length - 1];
}
