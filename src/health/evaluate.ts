/** evaluateHealth: the pure rule that turns one observation of a deployment into a gate decision. */
import type { GateEvaluation, GateMemory, GateObservation, HealthPolicy, TargetState } from './types.js';
import { lastSegment } from '../arn.js';

/** A gate that has seen nothing yet. */
export const FRESH_MEMORY: GateMemory = { consecutiveHealthy: 0, badSince: {} };

/** `web-tg` from `arn:aws:elasticloadbalancing:...:targetgroup/web-tg/0123abcd` (the ARN itself otherwise). */
export function targetGroupName(targetGroupArn: string): string {
  const match = /:targetgroup\/([^/]+)/.exec(targetGroupArn);
  return match ? match[1] : targetGroupArn;
}

/** The last segment of a task ARN, as the console shows it. */
export function taskId(taskArn: string): string {
  return lastSegment(taskArn);
}

// States a new task's target should only pass through; anything else that lasts is a failure.
const BAD: ReadonlySet<TargetState> = new Set([
  'unhealthy',
  'unused',
  'unavailable',
  'draining',
  'unregistered',
]);

function seconds(ms: number): string {
  return `${Math.round(ms / 1000)}s`;
}

function failing(reason: string, memory: GateMemory): GateEvaluation {
  return {
    decision: 'failing',
    reason,
    healthyTasks: 0,
    healthyTargets: 0,
    memory: { ...memory, consecutiveHealthy: 0 },
    transitionExpected: false,
  };
}

/**
 * Decides whether the new deployment is healthy: healthy after `policy.consecutive` observations in a row
 * in which at least `desiredCount` new tasks are RUNNING and every running new task is `healthy` in every
 * target group. Failing when ECS gave up on the deployment, a new task stopped, or a new target stayed
 * unhealthy (or unregistered) for `policy.unhealthyTimeoutMs`. An empty set of targets is never healthy.
 */
export function evaluateHealth(
  observation: GateObservation,
  policy: HealthPolicy,
  memory: GateMemory = FRESH_MEMORY,
): GateEvaluation {
  if (observation.deploymentFailed) return failing(observation.deploymentFailed, memory);
  const stopped = observation.tasks.find((task) => task.lastStatus === 'STOPPED');
  if (stopped && policy.failOnStoppedTask !== false) {
    const why = stopped.stoppedReason ? `: ${stopped.stoppedReason}` : '';
    return failing(`new task ${taskId(stopped.taskArn)} stopped${why}`, memory);
  }
  if (observation.desiredCount <= 0) return failing('desired count is 0: no new tasks to gate on', memory);
  if (observation.targetGroupArns.length === 0) return failing('no target groups to gate on', memory);

  const running = observation.tasks.filter((task) => task.lastStatus === 'RUNNING');
  const badSince: Record<string, number> = {};
  let healthyTasks = 0;
  let healthyTargets = 0;
  let initial = 0;
  let worst: { key: string; since: number; text: string } | undefined;
  for (const task of running) {
    let healthyEverywhere = true;
    for (const targetGroupArn of observation.targetGroupArns) {
      const target = observation.targets.find(
        (candidate) => candidate.taskArn === task.taskArn && candidate.targetGroupArn === targetGroupArn,
      );
      const state: TargetState = target?.state ?? 'unregistered';
      if (state === 'healthy') {
        healthyTargets++;
        continue;
      }
      healthyEverywhere = false;
      if (state === 'initial' || state === 'unregistered') initial++;
      if (!BAD.has(state)) continue;
      const key = `${targetGroupArn}|${task.taskArn}`;
      const since = memory.badSince[key] ?? observation.time;
      badSince[key] = since;
      const reason = target?.reason ? ` (${target.reason})` : '';
      const text = `task ${taskId(task.taskArn)} is ${state} in ${targetGroupName(targetGroupArn)}${reason}`;
      if (!worst || since < worst.since) worst = { key, since, text };
    }
    if (healthyEverywhere) healthyTasks++;
  }
  const next: GateMemory = { consecutiveHealthy: 0, badSince };
  if (worst && observation.time - worst.since >= policy.unhealthyTimeoutMs) {
    return failing(`${worst.text} for ${seconds(observation.time - worst.since)}`, next);
  }

  const groups = observation.targetGroupArns.map(targetGroupName).join(', ');
  const allHealthy = running.length > 0 && healthyTasks === running.length;
  if (allHealthy && healthyTasks >= observation.desiredCount) {
    const consecutiveHealthy = memory.consecutiveHealthy + 1;
    const done = consecutiveHealthy >= Math.max(1, policy.consecutive);
    return {
      decision: done ? 'healthy' : 'pending',
      reason: done
        ? `${healthyTasks}/${observation.desiredCount} new tasks healthy in ${groups}`
        : `confirming: ${healthyTasks}/${observation.desiredCount} new tasks healthy (${consecutiveHealthy}/${policy.consecutive})`,
      healthyTasks,
      healthyTargets,
      memory: { ...next, consecutiveHealthy },
      transitionExpected: !done,
    };
  }
  const starting = observation.tasks.length - running.length;
  const details = [
    `${running.length}/${observation.desiredCount} new tasks running`,
    `${healthyTasks} healthy in ${groups}`,
    initial > 0 ? `${initial} registering` : '',
    worst ? worst.text : '',
  ].filter(Boolean);
  return {
    decision: 'pending',
    reason: details.join(', '),
    healthyTasks,
    healthyTargets,
    memory: next,
    transitionExpected: starting > 0 || running.length < observation.desiredCount || initial > 0,
  };
}
