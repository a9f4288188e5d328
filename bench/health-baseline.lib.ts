/**
 * The baseline the health benchmark compares against: the anchors' approach, reimplemented. It polls
 * DescribeServices every 15 s until ECS calls the service "stable" (the SDK waiter's rule: exactly one
 * deployment left and runningCount equal to desiredCount), which includes waiting for old tasks to drain.
 */
import { DescribeServicesCommand, type ECSClient } from '@aws-sdk/client-ecs';
import type { Clock } from '../src/clock.js';

/** Fixed poll interval of the anchors' waiter, in milliseconds. */
export const BASELINE_POLL_MS = 15_000;

/** Waits until the service is stable; resolves with the clock time at which it noticed. */
export async function waitForServicesStable(options: {
  ecs: ECSClient;
  clock: Clock;
  cluster: string;
  service: string;
  timeoutMs: number;
}): Promise<number> {
  const deadline = options.clock.now() + options.timeoutMs;
  for (;;) {
    const response = await options.ecs.send(
      new DescribeServicesCommand({ cluster: options.cluster, services: [options.service] }),
    );
    const service = response.services?.[0];
    if (service && service.deployments?.length === 1 && service.runningCount === service.desiredCount) {
      return options.clock.now();
    }
    if (options.clock.now() >= deadline) throw new Error('services-stable baseline timed out');
    await options.clock.sleep(BASELINE_POLL_MS);
  }
}
