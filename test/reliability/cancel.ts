/**
 * Cancellation: SIGTERM at a seeded random moment during ecs-deploy (wait healthy) or a wait-healthy
 * blue/green cutover. While the action runs and after it exits, the live traffic must always have a
 * healthy target; a cancelled shift must return to the last healthy weights; the exit is non-zero with a
 * message saying what state was left.
 */
import { startSimulator, type Simulator } from '../../sim/index.js';
import { Prng } from '../../sim/prng.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { blueGreenWorld, rollingWorld } from '../helpers/worlds.js';
import { failureMessage } from './fuzz-run.js';
import { stackTraceIn } from './invariants.js';
import { startRollout } from './matrix-scenarios.js';
import { firstListener, healthyTargets, weightsOf } from './matrix-world.js';

const TIME_SCALE = 100;
const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

/** The actions cancelled. */
export type CancelTarget = 'ecs-deploy' | 'wait-healthy-blue-green';

/** One cancelled run. */
export interface CancelOutcome {
  cell: string;
  afterMs: number;
  code: number | null;
  message: string;
  violations: string[];
}

/** Healthy targets behind the live traffic: every weighted group of the listener (or web-tg for rolling). */
function liveHealthy(sim: Simulator, target: CancelTarget, listener: string): string | undefined {
  if (target === 'ecs-deploy')
    return healthyTargets(sim, 'web-tg') === 0 ? 'web-tg had zero healthy targets' : undefined;
  for (const [group, weight] of Object.entries(weightsOf(sim, listener)))
    if (weight > 0 && healthyTargets(sim, group) === 0)
      return `weight ${weight} on ${group} with zero healthy targets`;
  return undefined;
}

/** The green weights the action wrote (ModifyListener), in order. */
function greenWeightsSent(sim: Simulator): number[] {
  const green = sim.world.elb.findTargetGroup('green-tg')!.arn;
  return sim.world.log
    .list()
    .filter((call) => call.operation === 'ModifyListener' && call.outcome === 'ok')
    .map((call) => {
      const entries = [
        ...JSON.stringify(call.params).matchAll(/"TargetGroupArn":"([^"]+)","Weight":"?(\d+)"?/g),
      ];
      return Number(entries.find((entry) => entry[1] === green)?.[2] ?? NaN);
    });
}

/**
 * A cancelled cutover must end on the last step that was fully healthy: the weight before the step in
 * progress (0 when the first step was in progress), i.e. a weight the shift passed through and baked.
 */
function restoredWrongly(sim: Simulator, finalGreen: number): string | undefined {
  const sent = greenWeightsSent(sim);
  const shifts = sent.filter((weight, index) => index === 0 || weight > sent[index - 1]);
  const inProgress = shifts.at(-1) ?? 0;
  const lastHealthy = shifts.length >= 2 ? shifts[shifts.length - 2] : 0;
  if (finalGreen === inProgress && finalGreen !== lastHealthy && inProgress !== 100)
    return `cancelled during the ${inProgress}% step and left it in place (last healthy: ${lastHealthy}%)`;
  if (finalGreen !== inProgress && finalGreen !== lastHealthy)
    return `cancelled and left green at ${finalGreen}% (steps ${shifts.join(', ')})`;
  return undefined;
}

/** Runs one target with SIGTERM after a delay drawn from `seed`, watching the live traffic meanwhile. */
export async function runCancel(target: CancelTarget, seed: number): Promise<CancelOutcome> {
  const sim = await startSimulator({
    timeScale: TIME_SCALE,
    world: target === 'ecs-deploy' ? rollingWorld() : blueGreenWorld(),
    seed,
  });
  // A deploy takes ~1.5 s real at ×100, a three-step cutover ~3 s: cancel somewhere inside either.
  const afterMs = 100 + new Prng(seed * 7919).int(target === 'ecs-deploy' ? 1400 : 2600);
  try {
    const listener = firstListener(sim);
    const env = { ECS_KIT_TIME_SCALE: String(TIME_SCALE) };
    const interrupt = { signal: 'SIGTERM' as const, afterMs };
    const violations = new Set<string>();
    const watch = setInterval(() => {
      const problem = liveHealthy(sim, target, listener);
      if (problem) violations.add(`during the run: ${problem}`);
    }, 20);
    let result: RunResult;
    try {
      if (target === 'ecs-deploy') {
        result = await runAction('ecs-deploy', {
          endpoint: sim.endpoint,
          env,
          interrupt,
          inputs: { cluster: 'prod', service: 'web', 'container-name': 'web', image: V2, wait: 'healthy' },
        });
      } else {
        const { arn } = await startRollout(sim, V2);
        result = await runAction('wait-healthy', {
          endpoint: sim.endpoint,
          env,
          interrupt,
          inputs: {
            cluster: 'prod',
            strategy: 'blue-green',
            'blue-service': 'web-blue',
            'green-service': 'web-green',
            'listener-arn': listener,
            'task-definition': arn,
            traffic: '25%:1m,50%:1m,100%',
            'final-bake': '1m',
          },
        });
      }
    } finally {
      clearInterval(watch);
    }
    const problem = liveHealthy(sim, target, listener);
    if (problem) violations.add(`at the end: ${problem}`);
    const message = failureMessage(result);
    const trace = stackTraceIn(result.stderr);
    if (trace) violations.add(`unhandled exception: ${trace}`);
    // A signal that lands while the process is exiting, after the action published its outputs and before
    // Node's teardown finished, kills it by the signal although the run was over (seen as ecs-deploy seed 16).
    const exitingWhenSignalled =
      result.signal === 'SIGTERM' &&
      Object.keys(result.outputs).length > 0 &&
      !result.stdout.includes('received SIGTERM');
    const finished = result.code === 0 || exitingWhenSignalled;
    // A signal that lands while the bundle is still loading kills the process before its handler exists;
    // that is safe as long as nothing had been changed yet.
    const mutating = sim.world.log
      .list()
      .filter((call) => call.mutating && call.operation !== 'RegisterTaskDefinition');
    const killedEarly = result.signal === 'SIGTERM' && mutating.length === 0;
    if (!finished && !killedEarly) {
      if (result.code !== 1) violations.add(`exit ${result.code} (${result.signal})`);
      if (!/traffic is|left|rolled back|restored|runs|on revision|was put back/i.test(message))
        violations.add(`the message does not say what state was left: '${message}'`);
      if (target === 'wait-healthy-blue-green') {
        const problem = restoredWrongly(sim, weightsOf(sim, listener)['green-tg'] ?? 0);
        if (problem) violations.add(problem);
      }
    }
    return {
      cell: `${target}#${seed}`,
      afterMs,
      code: result.code,
      message: killedEarly ? '(killed while loading, before any change)' : message,
      violations: [...violations],
    };
  } finally {
    await sim.stop();
  }
}
