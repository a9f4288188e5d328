/**
 * Two ecs-deploy runs against one service at once (v2 and v3, both healthy). Safe behaviour: the second
 * run waits or fails clearly, and the runs never interleave task definitions: no run rolls the service back
 * over the other's rollout, and the revision the service ends on is one that a run reported as deployed.
 */
import { startSimulator } from '../../sim/index.js';
import { runAction, type RunResult } from '../helpers/action.js';
import { rollingWorld } from '../helpers/worlds.js';
import { failureMessage } from './fuzz-run.js';
import { serviceOf } from './matrix-world.js';

const TIME_SCALE = 100;
const image = (tag: string) => `123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:${tag}`;

/** What the two runs did and the evidence. */
export interface ConcurrentOutcome {
  runs: { tag: string; code: number | null; outcome: string; taskDefinition: string; message: string }[];
  /** UpdateService calls in order: the revision each pointed the service at. */
  updates: string[];
  finalRevision: string;
  violations: string[];
}

/** Starts both runs `staggerMs` apart and checks the outcome. */
export async function runConcurrentDeploys(staggerMs = 150): Promise<ConcurrentOutcome> {
  const sim = await startSimulator({ timeScale: TIME_SCALE, world: rollingWorld(), seed: 5 });
  try {
    const deploy = (tag: string): Promise<RunResult> =>
      runAction('ecs-deploy', {
        endpoint: sim.endpoint,
        env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
        inputs: {
          cluster: 'prod',
          service: 'web',
          'container-name': 'web',
          image: image(tag),
          wait: 'healthy',
        },
      });
    const endedAt: number[] = [];
    const timed = (tag: string, index: number) =>
      deploy(tag).then((result) => {
        endedAt[index] = Date.now();
        return result;
      });
    const first = timed('v2', 0);
    await new Promise((done) => setTimeout(done, staggerMs));
    const results = await Promise.all([first, timed('v3', 1)]);
    const runs = results.map((result, index) => ({
      tag: index === 0 ? 'v2' : 'v3',
      code: result.code,
      outcome: result.outputs.outcome ?? '',
      taskDefinition: (result.outputs['task-definition-arn'] ?? '').split('/').pop() ?? '',
      message: failureMessage(result),
    }));
    const updateCalls = sim.world.log
      .list()
      .filter((call) => call.operation === 'UpdateService' && call.outcome === 'ok');
    const updates = updateCalls.map(
      (call) =>
        String(call.params.taskDefinition ?? '')
          .split('/')
          .pop() ?? '',
    );
    // Two successes are fine only when serialized: v3 pointed the service at its revision after v2 exited.
    const v3Update = updateCalls.find((call) =>
      String(call.params.taskDefinition).endsWith(runs[1].taskDefinition),
    );
    const serialized = v3Update !== undefined && v3Update.realTime > endedAt[0];
    const finalRevision = serviceOf(sim, 'web').taskDefinition.split('/').pop() ?? '';
    const violations: string[] = [];
    const succeeded = runs.filter((run) => run.code === 0);
    if (succeeded.length === 2 && !serialized)
      violations.push('both runs reported success while their rollouts overlapped');
    for (const run of succeeded.filter((candidate) => !serialized || candidate.tag === 'v3'))
      if (run.taskDefinition !== finalRevision)
        violations.push(
          `${run.tag} reported deployed ${run.taskDefinition} but the service runs ${finalRevision}`,
        );
    for (const run of runs.filter((candidate) => candidate.code !== 0))
      if (!/another|concurrent|in progress|superseded|already/i.test(run.message))
        violations.push(`${run.tag} failed without naming the other deployment: '${run.message}'`);
    const revisits = updates.filter((revision, index) => updates.indexOf(revision) !== index);
    if (updates.length > 2 && revisits.length > 0)
      violations.push(`interleaved UpdateService calls: ${updates.join(' → ')}`);
    if (succeeded.length === 0)
      violations.push(`neither run succeeded; the service ends on ${finalRevision}`);
    return { runs, updates, finalRevision, violations };
  } finally {
    await sim.stop();
  }
}
