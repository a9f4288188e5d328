/** Shared set-up for the ELBv2 simulator tests: a small load-balancing world and a real SDK client. */
import type { WorldSeed } from '../../sim/index.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';

/** ALB `shop-alb` with listener :80 forwarding to `web-tg`; `idle-tg` is used by nothing. */
export function elbWorld(overrides: Partial<WorldSeed> = {}): WorldSeed {
  return {
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [
      {
        name: 'web-tg',
        port: 8080,
        healthCheck: {
          path: '/health',
          intervalSeconds: 10,
          healthyThresholdCount: 3,
          unhealthyThresholdCount: 2,
        },
        deregistrationDelaySeconds: 30,
      },
      { name: 'idle-tg', port: 8080 },
    ],
    listeners: [
      {
        loadBalancer: 'shop-alb',
        port: 80,
        defaultActions: [{ type: 'forward', targetGroups: [{ name: 'web-tg' }] }],
      },
    ],
    ...overrides,
  };
}

/** A started simulator and SDK clients pointed at it. */
export type ElbHarness = SimulatorHarness;

/** Starts a fresh simulator (default: time scale 1000, elbWorld()) and real clients. */
export function startElb(
  options: { timeScale?: number; world?: WorldSeed; maxAttempts?: number } = {},
): Promise<ElbHarness> {
  return startSimulatorHarness({
    timeScale: options.timeScale ?? 1000,
    world: options.world ?? elbWorld(),
    maxAttempts: options.maxAttempts,
  });
}

/** Stops what startElb started. */
export const stopElb = stopSimulatorHarness;

/** The ARN of a target group by name, from the simulator's own state. */
export function targetGroupArn(harness: ElbHarness, name: string): string {
  const info = harness.sim.world.elb.findTargetGroup(name);
  if (!info) throw new Error(`no target group ${name}`);
  return info.arn;
}

/** The error an SDK call rejects with (fails the test when it resolves). */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & { name: string; $metadata?: { attempts?: number } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { name: string };
  }
  throw new Error('expected the call to fail');
}
