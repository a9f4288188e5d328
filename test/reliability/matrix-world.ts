/**
 * The fault matrix's axes (faults × image behaviours × scenarios) and plain-data views of the simulator's
 * final state that the invariants read.
 */
import type { ConsistencySettings, FaultConfig, ImageBehaviour, Simulator } from '../../sim/index.js';

/**
 * Simulated ms per real ms in matrix runs; the actions run with the same ECS_KIT_TIME_SCALE. The SDK's
 * retry back-off is real time, so at ×100 a 2 s back-off costs 200 simulated seconds: the scenarios'
 * timeouts are generous (15-20 min) so that this artifact of scaling does not read as a timeout.
 */
export const MATRIX_TIME_SCALE = 100;

/** A named fault profile. */
export interface FaultProfile {
  name: string;
  /** Time scale of the run (default MATRIX_TIME_SCALE). */
  timeScale?: number;
  config: (seed: number) => FaultConfig;
  /** Eventually consistent reads during the run (sim/consistency.ts); none when absent. */
  consistency?: (seed: number) => ConsistencySettings;
}

/**
 * The fault profiles: the four of issue 10, and eventually consistent reads (issue 14): for 10 simulated
 * seconds after every write, each Describe/List call answers what it answered before the write. Latency is
 * 2 s of simulated time (the kit's timeouts are scaled too).
 */
export const FAULTS: FaultProfile[] = [
  // The SDK's adaptive retry slows its request rate in real time after throttling (seen: 14 real seconds
  // between two polls): at ×100 that is 23 simulated minutes, so throttling runs at ×20.
  { name: 'throttle-20', timeScale: 20, config: (seed) => ({ seed, rules: [{ throttlePercent: 20 }] }) },
  { name: '5xx-10', config: (seed) => ({ seed, rules: [{ serverErrorPercent: 10 }] }) },
  { name: 'reset-5', config: (seed) => ({ seed, rules: [{ resetPercent: 5 }] }) },
  {
    name: 'latency-2s',
    config: (seed) => ({ seed, rules: [{ latencyMs: Math.round(2000 / MATRIX_TIME_SCALE) }] }),
  },
  {
    name: 'stale-reads-10s',
    config: () => ({}),
    consistency: (seed) => ({ windowMs: 10_000, stalePercent: 100, seed }),
  },
];

/** An image behaviour and whether a deployment of it can succeed. */
export interface BehaviourCase {
  name: string;
  behaviour: ImageBehaviour;
  /** `success`: the run must succeed; `failure`: it must fail; `either`: only consistency is checked. */
  expect: 'success' | 'failure' | 'either';
  /** `vanishes`: the image is deleted from the simulated ECR right after registration, and tasks pull. */
  pull?: 'vanishes';
}

/**
 * The six behaviours; `unpullable` is healthy but deleted from ECR after registration, so its tasks stop
 * with CannotPullContainerError (issue 14). Slow start becomes healthy only after 60 simulated minutes, beyond every timeout. */
export const BEHAVIOURS: BehaviourCase[] = [
  { name: 'healthy', behaviour: { kind: 'healthy' }, expect: 'success' },
  { name: 'never-healthy', behaviour: { kind: 'never-healthy' }, expect: 'failure' },
  { name: 'crash-loop', behaviour: { kind: 'crash-loop', crashAfterMs: 20_000 }, expect: 'failure' },
  { name: 'flaky', behaviour: { kind: 'flaky', failPercent: 30 }, expect: 'either' },
  { name: 'slow-start', behaviour: { kind: 'slow-start', healthyAfterMs: 3_600_000 }, expect: 'failure' },
  { name: 'unpullable', behaviour: { kind: 'healthy' }, expect: 'failure', pull: 'vanishes' },
];

/** One target of a target group, joined with the task behind it. */
export interface TargetView {
  id: string;
  state: string;
  taskDefinition?: string;
  taskStatus?: string;
}

interface Snapshot {
  ecs: {
    clusters: {
      services: { name: string; taskDefinition: string; desiredCount: number }[];
      tasks: { taskDefinition: string; lastStatus: string; privateIp?: string }[];
    }[];
  };
  elbv2: {
    targetGroups: {
      TargetGroupName: string;
      TargetGroupArn: string;
      targets: { id: string; state: string }[];
    }[];
  };
}

function snapshot(sim: Simulator): Snapshot {
  return sim.world.snapshot() as unknown as Snapshot;
}

/** The targets of target group `name` with their tasks' revisions. */
export function targetsOf(sim: Simulator, name: string): TargetView[] {
  const state = snapshot(sim);
  const tasks = state.ecs.clusters.flatMap((cluster) => cluster.tasks);
  const group = state.elbv2.targetGroups.find((candidate) => candidate.TargetGroupName === name);
  return (group?.targets ?? []).map((target) => {
    const task = tasks.find(
      (candidate) => candidate.privateIp === target.id && candidate.lastStatus !== 'STOPPED',
    );
    return {
      id: target.id,
      state: target.state,
      taskDefinition: task?.taskDefinition,
      taskStatus: task?.lastStatus,
    };
  });
}

/** Healthy targets of a group whose task runs (optionally: runs `revision`). */
export function healthyTargets(sim: Simulator, group: string, revision?: string): number {
  return targetsOf(sim, group).filter(
    (target) =>
      target.state === 'healthy' &&
      target.taskStatus === 'RUNNING' &&
      (revision === undefined || target.taskDefinition === revision),
  ).length;
}

/** A service's current task definition and desired count. */
export function serviceOf(sim: Simulator, name: string): { taskDefinition: string; desiredCount: number } {
  const service = snapshot(sim)
    .ecs.clusters.flatMap((cluster) => cluster.services)
    .find((candidate) => candidate.name === name);
  if (!service) throw new Error(`no service ${name} in the simulator`);
  return service;
}

/** Target group name → weight of a listener's (or rule's) forward action. */
export function weightsOf(sim: Simulator, listenerOrRuleArn: string): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const [arn, weight] of Object.entries(sim.world.elb.forwardWeights(listenerOrRuleArn)))
    weights[/targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn] = weight;
  return weights;
}

/** The first listener's ARN. */
export function firstListener(sim: Simulator): string {
  return [...sim.world.elb.store.listeners.keys()][0];
}
