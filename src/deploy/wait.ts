/**
 * Waiting for deployments to complete (wait mode `deployment`): one batched DescribeServices per poll for
 * every service still rolling, about a second apart while tasks are starting, backing off with jitter
 * while nothing moves (old tasks draining), never beyond the cap.
 */
import type { Service, ServiceEvent } from '@aws-sdk/client-ecs';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule, type PollState } from '../health/poll.js';
import { errorMessage } from '../errors.js';
import { readRollout, type RolloutTarget } from './rollout-state.js';
import { describeServices } from './services.js';
import type { EngineContext, RolloutEvent } from './types.js';

/** How a wait ended for one service. */
export type WaitStatus = 'completed' | 'failed' | 'timeout' | 'cancelled';

/** A service to wait for. */
export interface ServiceRollout extends RolloutTarget {
  service: string;
}

/** The result of waiting for one service. */
export interface RolloutResult {
  service: string;
  status: WaitStatus;
  reason: string;
  deploymentId?: string;
  taskDefinitionArn: string;
  /** Set when ECS's circuit breaker started its own rollback deployment. */
  ecsRollbackDeploymentId?: string;
  runningCount?: number;
  desiredCount?: number;
  failedTasks?: number;
  /** Service events during the wait, oldest first (they explain failures). */
  events: string[];
}

/** What waitForRollouts needs. */
export interface WaitOptions {
  cluster: string;
  rollouts: ServiceRollout[];
  /** Give up after this long (clock ms). */
  timeoutMs: number;
  /** Called at every notable change, for logs and the summary timeline. */
  onEvent?: (event: RolloutEvent) => void;
  schedule?: PollSchedule;
  /** Service events already reported or predating the rollout (see eventIds); new ones are added. */
  knownEventIds?: Set<string>;
}

/** Failed polls in a row before a wait gives up. */
const MAX_READ_ERRORS = 5;

/** The poll schedule for deployments: 1 s fast, backing off up to 10 s. */
export const DEPLOYMENT_POLL_SCHEDULE: PollSchedule = { ...DEFAULT_POLL_SCHEDULE, maxMs: 10_000 };

/** Events not seen before, oldest first (DescribeServices lists the newest first). */
function newEvents(service: Service, seen: Set<string>): ServiceEvent[] {
  return (service.events ?? []).filter((event) => event.id && !seen.has(event.id)).reverse();
}

/** The ids of a service's current events, so a wait reports only what happens after it started. */
export function eventIds(services: Service[]): Set<string> {
  return new Set(services.flatMap((service) => (service.events ?? []).map((event) => event.id ?? '')));
}

/** Waits until every rollout completes, fails, times out or is cancelled; never throws for a failed rollout. */
export async function waitForRollouts(
  context: EngineContext,
  options: WaitOptions,
): Promise<RolloutResult[]> {
  const { clock, signal, logger } = context;
  const schedule = options.schedule ?? DEPLOYMENT_POLL_SCHEDULE;
  const started = clock.now();
  const deadline = started + options.timeoutMs;
  const results = new Map<string, RolloutResult>();
  const pending = new Map(options.rollouts.map((rollout) => [rollout.service, rollout]));
  // Shared with later waits of the same run (the rollback), so no event is reported twice.
  const seenEvents = options.knownEventIds ?? new Set<string>();
  const lastReason = new Map<string, string>();
  const eventLog = new Map<string, string[]>(options.rollouts.map((rollout) => [rollout.service, []]));
  let pollState: PollState = { idlePolls: 0 };
  let lastFingerprint = '';
  let readErrors = 0;

  const finish = (
    rollout: ServiceRollout,
    status: WaitStatus,
    reason: string,
    extra: Partial<RolloutResult> = {},
  ) => {
    results.set(rollout.service, {
      service: rollout.service,
      status,
      reason,
      deploymentId: rollout.deploymentId,
      taskDefinitionArn: rollout.taskDefinitionArn,
      events: eventLog.get(rollout.service) ?? [],
      ...extra,
    });
    pending.delete(rollout.service);
    options.onEvent?.({
      time: clock.now(),
      service: rollout.service,
      message: reason.startsWith(status) ? reason : `${status}: ${reason}`,
    });
  };

  while (pending.size > 0) {
    if (signal?.aborted) {
      for (const rollout of [...pending.values()]) finish(rollout, 'cancelled', errorMessage(signal.reason));
      break;
    }
    let services;
    try {
      services = await describeServices(context.ecs, options.cluster, [...pending.keys()]);
      readErrors = 0;
    } catch (error) {
      // The SDK already retried; a few more failed polls are tolerated before giving up, so that a
      // network blip does not abandon a rollout (and skip its rollback).
      logger.warning(`reading services failed: ${errorMessage(error)}`);
      if (++readErrors >= MAX_READ_ERRORS) {
        for (const rollout of [...pending.values()])
          finish(rollout, 'failed', `could not read the service: ${errorMessage(error)}`);
        break;
      }
      await clock.sleep(schedule.maxMs, signal).catch(() => undefined);
      continue;
    }
    let transitionExpected = false;
    let fingerprint = '';
    for (const service of services) {
      const rollout =
        pending.get(service.serviceName ?? '') ??
        [...pending.values()].find((r) => r.service === service.serviceArn);
      if (!rollout) continue;
      for (const event of newEvents(service, seenEvents)) {
        seenEvents.add(event.id!);
        eventLog.get(rollout.service)?.push(event.message ?? '');
        logger.info(`${rollout.service}: ${event.message}`);
      }
      const reading = readRollout(service, rollout);
      fingerprint += reading.fingerprint;
      transitionExpected ||= reading.transitionExpected;
      if (lastReason.get(rollout.service) !== reading.reason) {
        lastReason.set(rollout.service, reading.reason);
        logger.info(`${rollout.service}: ${reading.reason}`);
        if (reading.phase === 'in-progress')
          options.onEvent?.({ time: clock.now(), service: rollout.service, message: reading.reason });
      }
      const counts = {
        deploymentId: reading.deployment?.id ?? rollout.deploymentId,
        runningCount: reading.deployment?.runningCount,
        desiredCount: reading.deployment?.desiredCount,
        failedTasks: reading.deployment?.failedTasks,
      };
      if (reading.phase === 'completed') finish(rollout, 'completed', reading.reason, counts);
      else if (reading.phase === 'failed')
        finish(rollout, 'failed', reading.reason, {
          ...counts,
          ecsRollbackDeploymentId: reading.ecsRollbackDeploymentId,
        });
    }
    if (pending.size === 0) break;
    const now = clock.now();
    if (now >= deadline) {
      for (const rollout of [...pending.values()])
        finish(
          rollout,
          'timeout',
          `not complete after ${Math.round(options.timeoutMs / 1000)}s: ${lastReason.get(rollout.service) ?? ''}`,
        );
      break;
    }
    const next = nextPollDelay(schedule, pollState, {
      now,
      moved: fingerprint !== lastFingerprint,
      transitionExpected,
      confirming: false,
      wakeAt: deadline,
    });
    lastFingerprint = fingerprint;
    pollState = next.state;
    try {
      await clock.sleep(next.delayMs, signal);
    } catch {
      // Aborted: the loop's next turn reports the cancellation.
    }
  }
  return options.rollouts.map((rollout) => results.get(rollout.service)!);
}
