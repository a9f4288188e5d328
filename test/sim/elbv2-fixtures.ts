/** Shared set-up for the ELBv2 simulator tests: a small load-balancing world and a real SDK client. */
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import { startSimulator, type Simulator, type WorldSeed } from '../../sim/index.js';

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

/** A started simulator and an SDK client pointed at it. */
export interface ElbHarness {
  sim: Simulator;
  elb: ElasticLoadBalancingV2Client;
}

/** Starts a fresh simulator and a real ELBv2 client (static fake credentials, us-east-1). */
export async function startElb(
  options: { timeScale?: number; world?: WorldSeed; maxAttempts?: number } = {},
): Promise<ElbHarness> {
  const sim = await startSimulator({
    timeScale: options.timeScale ?? 1000,
    world: options.world ?? elbWorld(),
  });
  const elb = new ElasticLoadBalancingV2Client({
    region: 'us-east-1',
    endpoint: sim.endpoint,
    credentials: { accessKeyId: 'AKIDSIMULATOR', secretAccessKey: 'simulator-secret' },
    maxAttempts: options.maxAttempts,
  });
  return { sim, elb };
}

/** Stops what startElb started. */
export async function stopElb(harness: ElbHarness | undefined): Promise<void> {
  if (!harness) return;
  harness.elb.destroy();
  await harness.sim.stop();
}

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
