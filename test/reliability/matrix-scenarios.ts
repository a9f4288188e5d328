/**
 * The fault matrix's scenarios: each seeds a world, starts what the action gates (outside the faults),
 * runs the bundled action under the faults, and checks the invariants on the final state and call log.
 */
import {
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
  type RegisterTaskDefinitionCommandInput,
} from '@aws-sdk/client-ecs';
import { startSimulator, type Simulator, type WorldSeed } from '../../sim/index.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { blueGreenWorld, rollingWorld, webTaskDefinition } from '../helpers/worlds.js';
import { stackTraceIn } from './invariants.js';
import {
  firstListener,
  healthyTargets,
  MATRIX_TIME_SCALE,
  serviceOf,
  weightsOf,
  type BehaviourCase,
  type FaultProfile,
} from './matrix-world.js';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const V2 = `${REGISTRY}/shop:v2`;
const V1_ARN = 'arn:aws:ecs:us-east-1:123456789012:task-definition/shop-web:1';

/** The scenarios of the matrix. */
export const SCENARIOS = [
  'ecs-deploy',
  'wait-healthy-rolling',
  'wait-healthy-blue-green',
  'cleanup-ecr',
] as const;
/** One scenario name. */
export type ScenarioName = (typeof SCENARIOS)[number];

/** One cell of the matrix with its seed. */
export interface MatrixCase {
  scenario: ScenarioName;
  fault: FaultProfile;
  behaviour: BehaviourCase;
  seed: number;
}

/** What one run showed. */
export interface MatrixOutcome {
  cell: string;
  code: number | null;
  /** The action's `outcome` / `verdict` output. */
  reported: string;
  violations: string[];
  durationMs: number;
  calls: number;
  faults: number;
  /** The end of stdout and stderr when a violation was found, for the report. */
  evidence?: string;
}

/**
 * Registers shop-web running `image` (and points `service` at it) before the faults start; returns the
 * revision and the started deployment's id.
 */
export async function startRollout(
  sim: Simulator,
  image: string,
  service?: string,
): Promise<{ arn: string; deploymentId?: string }> {
  const ecs = new ECSClient({
    endpoint: sim.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'simulator-secret' },
  });
  try {
    const input = webTaskDefinition(image) as unknown as RegisterTaskDefinitionCommandInput;
    const arn = (await ecs.send(new RegisterTaskDefinitionCommand(input))).taskDefinition!.taskDefinitionArn!;
    if (!service) return { arn };
    const updated = await ecs.send(
      new UpdateServiceCommand({ cluster: 'prod', service, taskDefinition: arn }),
    );
    const primary = updated.service?.deployments?.find((deployment) => deployment.status === 'PRIMARY');
    return { arn, deploymentId: primary?.id };
  } finally {
    ecs.destroy();
  }
}

/** Checks shared by every scenario: exit code, stack traces. */
function commonViolations(result: RunResult): string[] {
  const violations: string[] = [];
  if (result.code !== 0 && result.code !== 1) violations.push(`exit code ${result.code} (${result.signal})`);
  const trace = stackTraceIn(result.stderr);
  if (trace) violations.push(`unhandled exception: ${trace}`);
  return violations;
}

/** Success must match the behaviour: faults alone must never fail a healthy rollout, nor pass a broken one. */
function expectationViolations(behaviour: BehaviourCase, succeeded: boolean): string[] {
  if (behaviour.expect === 'success' && !succeeded) return ['a healthy image failed (faults not absorbed)'];
  if (behaviour.expect === 'failure' && succeeded) return [`a ${behaviour.name} image passed the gate`];
  return [];
}

async function deployScenario(sim: Simulator, c: MatrixCase, run: Runner): Promise<[RunResult, string[]]> {
  const result = await run('ecs-deploy', {
    cluster: 'prod',
    service: 'web',
    'container-name': 'web',
    image: V2,
    wait: 'healthy',
    timeout: '15m',
  });
  const outcome = result.outputs.outcome ?? '';
  const service = serviceOf(sim, 'web');
  const v = [...commonViolations(result)];
  const newArn = result.outputs['task-definition-arn'];
  if (result.code === 0) {
    if (outcome !== 'deployed') v.push(`exit 0 but outcome '${outcome}'`);
    if (service.taskDefinition !== newArn) v.push(`exit 0 but the service runs ${service.taskDefinition}`);
    if (healthyTargets(sim, 'web-tg', newArn) === 0)
      v.push('exit 0 but no healthy target of the new revision');
  } else {
    if (!['rolled-back', 'failed'].includes(outcome)) v.push(`exit ${result.code} but outcome '${outcome}'`);
    if (outcome === 'rolled-back' && service.taskDefinition !== V1_ARN)
      v.push(`outcome rolled-back but the service runs ${service.taskDefinition}`);
    if (healthyTargets(sim, 'web-tg', service.taskDefinition) === 0)
      v.push(`the service's revision ${service.taskDefinition.split('/')[1]} has no healthy target`);
  }
  v.push(...expectationViolations(c.behaviour, result.code === 0));
  return [result, v];
}

async function rollingScenario(sim: Simulator, c: MatrixCase, run: Runner): Promise<[RunResult, string[]]> {
  // With the deployment id, as a pipeline passes ecs-deploy's output: without it the gate takes the PRIMARY
  // deployment, which is the circuit breaker's rollback when the action starts after it (see RELIABILITY.md).
  const { arn, deploymentId } = await startRollout(sim, V2, 'web');
  const result = await run('wait-healthy', {
    cluster: 'prod',
    service: 'web',
    'deployment-id': deploymentId ?? '',
    timeout: '15m',
  });
  const verdict = result.outputs.verdict ?? '';
  const v = [...commonViolations(result)];
  if ((result.code === 0) !== (verdict === 'healthy'))
    v.push(`exit ${result.code} with verdict '${verdict}'`);
  if (verdict === 'healthy' && healthyTargets(sim, 'web-tg', arn) === 0)
    v.push('verdict healthy but no healthy target of the new revision');
  if (healthyTargets(sim, 'web-tg') === 0) v.push('no healthy target left in web-tg');
  v.push(...expectationViolations(c.behaviour, result.code === 0));
  return [result, v];
}

async function blueGreenScenario(sim: Simulator, c: MatrixCase, run: Runner): Promise<[RunResult, string[]]> {
  const { arn } = await startRollout(sim, V2);
  const listener = firstListener(sim);
  const result = await run('wait-healthy', {
    cluster: 'prod',
    strategy: 'blue-green',
    'blue-service': 'web-blue',
    'green-service': 'web-green',
    'listener-arn': listener,
    'task-definition': arn,
    traffic: '50%:1m,100%',
    timeout: '20m',
  });
  const verdict = result.outputs.verdict ?? '';
  const v = [...commonViolations(result)];
  if ((result.code === 0) !== (verdict === 'healthy'))
    v.push(`exit ${result.code} with verdict '${verdict}'`);
  const weights = weightsOf(sim, listener);
  for (const [group, weight] of Object.entries(weights))
    if (weight > 0 && healthyTargets(sim, group) === 0)
      v.push(`weight ${weight} left on ${group} with no healthy target`);
  if (verdict === 'healthy' && weights['green-tg'] !== 100)
    v.push(`verdict healthy with weights ${JSON.stringify(weights)}`);
  if (result.code !== 0 && weights['blue-tg'] !== 100)
    v.push(`failed but weights are ${JSON.stringify(weights)}`);
  v.push(...expectationViolations(c.behaviour, result.code === 0));
  return [result, v];
}

const DAY = 86_400_000;

/** A repository of 12 builds; shop-web:4 runs build-8; revisions 1 and 2 (build-12, build-11) are rollback targets. */
function cleanupWorld(): WorldSeed {
  const healthy = (at: string) => [{ key: 'ecs-kit:healthy-at', value: at }];
  const family = (image: string, tags: { key: string; value: string }[] = []) => ({
    ...webTaskDefinition(`${REGISTRY}/shop:${image}`),
    networkMode: 'bridge',
    requiresCompatibilities: ['EC2'],
    tags,
  });
  return {
    clusters: [{ name: 'prod' }],
    repositories: [
      {
        name: 'shop',
        images: Array.from({ length: 12 }, (_, i) => ({
          tags: [`build-${i + 1}`],
          pushedAt: Date.now() - (i + 1) * DAY,
          sizeBytes: 1_000_000,
        })),
      },
    ],
    taskDefinitions: [
      family('build-12', healthy('2026-01-01T00:00:00Z')),
      family('build-11', healthy('2026-01-02T00:00:00Z')),
      family('build-10'),
      family('build-8'),
    ],
    services: [
      {
        cluster: 'prod',
        serviceName: 'web',
        taskDefinition: 'shop-web:4',
        desiredCount: 2,
        launchType: 'EC2',
      },
    ],
  };
}

async function cleanupScenario(sim: Simulator, _c: MatrixCase, run: Runner): Promise<[RunResult, string[]]> {
  const before = sim.world.ecr.listImages('shop').length;
  const result = await run('cleanup-ecr', {
    repositories: 'shop',
    'keep-newest': '2',
    'rollback-revisions': '2',
  });
  const left = new Set(sim.world.ecr.listImages('shop').flatMap((image) => image.tags));
  const v = [...commonViolations(result)];
  for (const needed of ['build-8', 'build-11', 'build-12'])
    if (!left.has(needed)) v.push(`deleted ${needed}, which a running task or rollback target needs`);
  const removed = before - sim.world.ecr.listImages('shop').length;
  if (result.code === 0 && String(removed) !== result.outputs['deleted-count'])
    v.push(`deleted-count ${result.outputs['deleted-count']} but ${removed} images are gone`);
  if (result.code === 0 && result.outputs['failed-count'] !== '0')
    v.push(`exit 0 with failed-count ${result.outputs['failed-count']}`);
  return [result, v];
}

type Runner = (action: string, inputs: Record<string, string>) => Promise<RunResult>;

const WORLDS: Record<ScenarioName, () => WorldSeed> = {
  'ecs-deploy': () => rollingWorld(),
  'wait-healthy-rolling': () => rollingWorld(),
  'wait-healthy-blue-green': () => blueGreenWorld(),
  'cleanup-ecr': cleanupWorld,
};
const RUN: Record<
  ScenarioName,
  (sim: Simulator, c: MatrixCase, run: Runner) => Promise<[RunResult, string[]]>
> = {
  'ecs-deploy': deployScenario,
  'wait-healthy-rolling': rollingScenario,
  'wait-healthy-blue-green': blueGreenScenario,
  'cleanup-ecr': cleanupScenario,
};

/**
 * Tasks pull their images, and `repository:tag` is deleted from the simulated ECR as soon as a task
 * definition is registered: after the kit checked it exists, before any task pulls it.
 */
function deleteAfterRegistration(sim: Simulator, repository: string, tag: string): void {
  const world = sim.world;
  world.pullImages = true;
  const handlers = world.ecs.handlers;
  const register = handlers.RegisterTaskDefinition;
  handlers.RegisterTaskDefinition = (params, context) => {
    const answer = register(params, context);
    const image = world.ecr.repository(repository).byTag(tag);
    if (image) world.ecr.deleteImage(repository, image.digest);
    return answer;
  };
}

/** The cell's name: `scenario/fault/behaviour#seed`. */
export function cellName(c: MatrixCase): string {
  return `${c.scenario}/${c.fault.name}/${c.behaviour.name}#${c.seed}`;
}

/** Runs one cell on a fresh simulator. */
export async function runCase(c: MatrixCase): Promise<MatrixOutcome> {
  const timeScale = c.fault.timeScale ?? MATRIX_TIME_SCALE;
  const sim = await startSimulator({
    timeScale,
    world: WORLDS[c.scenario](),
    seed: c.seed,
  });
  const started = Date.now();
  try {
    sim.world.behaviours.set({ 'shop:v2': c.behaviour.behaviour, 'shop:build-8': c.behaviour.behaviour });
    if (c.behaviour.pull === 'vanishes') deleteAfterRegistration(sim, 'shop', 'v2');
    const since = sim.world.log.list().at(-1)?.seq ?? 0;
    const run: Runner = async (action, inputs) => {
      sim.world.faults.configure(c.fault.config(c.seed));
      sim.world.consistency.configure(c.fault.consistency?.(c.seed) ?? { windowMs: 0 });
      try {
        return await runAction(action, {
          inputs,
          endpoint: sim.endpoint,
          timeoutMs: 180_000,
          env: { ECS_KIT_TIME_SCALE: String(timeScale) },
        });
      } finally {
        sim.world.faults.configure({});
        sim.world.consistency.configure({ windowMs: 0 });
      }
    };
    const [result, violations] = await RUN[c.scenario](sim, c, run);
    const calls = sim.world.log.list(since);
    return {
      cell: cellName(c),
      code: result.code,
      reported: result.outputs.outcome ?? result.outputs.verdict ?? '',
      violations,
      durationMs: Date.now() - started,
      calls: calls.length,
      faults: calls.filter((call) => (call.fault !== undefined && call.fault !== 'latency') || call.stale)
        .length,
      evidence:
        violations.length > 0 ? `${result.stdout.slice(-3000)}\n${result.stderr.slice(-1000)}` : undefined,
    };
  } finally {
    await sim.stop();
  }
}
