/** Shared set-up for the data plane tests: a simulator with real HTTP, SDK clients, plain HTTP requests. */
import http from 'node:http';
import type { WorldSeed } from '../../sim/index.js';
import { startSimulatorHarness, stopSimulatorHarness, type SimulatorHarness } from '../helpers/simulator.js';

/** A running simulator with the data plane on, and SDK clients pointed at it. */
export interface DataPlaneHarness extends SimulatorHarness {
  /** The proxy URL of `shop-alb:<port>`. */
  url(port?: number): string;
}

/** Starts a simulator with the data plane, seeded with `world`. */
export async function startDataPlane(world: WorldSeed, timeScale: number): Promise<DataPlaneHarness> {
  const harness = await startSimulatorHarness({ timeScale, world, seed: 7, dataPlane: true, maxAttempts: 5 });
  const sim = harness.sim;
  return {
    ...harness,
    url(port = 80) {
      const url = sim.world.dataPlane?.listenerUrl('shop-alb', port);
      if (!url) throw new Error(`no proxy for shop-alb:${port}`);
      return url;
    },
  };
}

/** Stops clients and simulator. */
export const stopDataPlane: (harness: DataPlaneHarness | undefined) => Promise<void> = stopSimulatorHarness;

/** What one request through a listener got back. */
export interface Answer {
  status: number;
  /** `x-sim-target-group` (set by the proxy when it forwarded). */
  targetGroup?: string;
  /** `x-sim-target`: the simulated `ip:port` that answered. */
  target?: string;
  /** `x-sim-task-definition` (set by the task's app). */
  taskDefinition?: string;
  taskId?: string;
  body: string;
  server?: string;
}

/** One GET without connection reuse; connection failures reject. */
export function get(url: string, options: { path?: string; host?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const target = new URL(options.path ?? '/', url);
    const request = http.get(
      target,
      { agent: false, headers: options.host ? { host: options.host } : undefined },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => {
          const header = (name: string) => {
            const value = response.headers[name];
            return typeof value === 'string' ? value : undefined;
          };
          resolve({
            status: response.statusCode ?? 0,
            targetGroup: header('x-sim-target-group'),
            target: header('x-sim-target'),
            taskDefinition: header('x-sim-task-definition'),
            taskId: header('x-sim-task-id'),
            server: header('server'),
            body,
          });
        });
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}

/** `count` GETs, `parallel` at a time. */
export async function getMany(
  url: string,
  count: number,
  options: { path?: string; host?: string; parallel?: number } = {},
): Promise<Answer[]> {
  const answers: Answer[] = [];
  const parallel = options.parallel ?? 8;
  for (let done = 0; done < count; done += parallel) {
    const batch = Array.from({ length: Math.min(parallel, count - done) }, () => get(url, options));
    answers.push(...(await Promise.all(batch)));
  }
  return answers;
}

/** Polls `check` every 20 real ms until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The targets of a target group by name as the ELBv2 model sees them now. */
export function targetsOf(harness: DataPlaneHarness, targetGroupName: string) {
  const world = harness.sim.world;
  world.clock.fireDue();
  const group = world.elb.findTargetGroup(targetGroupName);
  if (!group) throw new Error(`no target group ${targetGroupName}`);
  return world.elb.health.list(group.arn).map((target) => ({
    address: `${target.id}:${target.port}`,
    state: target.state,
    reason: target.reason,
  }));
}

/** Counts of `key(answer)` over answers. */
export function countBy(
  answers: Answer[],
  key: (answer: Answer) => string | undefined,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const answer of answers) {
    const value = key(answer) ?? 'none';
    counts[value] = (counts[value] ?? 0) + 1;
  }
  return counts;
}
