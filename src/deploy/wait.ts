/**
 * Waiting for deployments to complete (wait mode `deployment`): one batched DescribeServices per poll for
 * every service still rolling, about a second apart while tasks are starting, backing off with jitter
 * while nothing moves (old tasks draining), never beyond the cap.
 */
import type { Service, ServiceEvent } from '@aws-sdk/client-ecs';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollSchedule, type PollState } from '../poll.js';
import { errorMessage } from '../errors.js';
import { readRollout, type RolloutReading, type RolloutTarget } from './rollout-state.js';
import { settleReading, type SettleState } from './settle.js';
import { describeServices } from './services.js';
import type { EngineContext, RolloutEvent } from './types.js';
import { DEPLOYMENT_VISIBILITY_MS, showsDeployment } from './visible.js';

/**
 * How a wait ended for one service; `stopped`: no longer waited for, because another service of the same
 * all-or-nothing release failed first (the release goes back whole).
 */
export type WaitStatus = 'completed' | 'failed' | 'timeout' | 'cancelled' | 'stopped';

/** A service to wait for. */
export interface ServiceRollout extends RolloutTarget {
  service: string;
  /** Hold a COMPLETED deployment this long before it counts as completed (settle.ts); 0 or unset: not at all. */
  settleMs?: number;
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
  /** Called as each rollout ends. */
  onFinished?: (result: RolloutResult) => void;
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

/** Readings without the followed deployment that are tolerated before its absence counts, however late. */
const MIN_MISSES = 3;

/** The state of one wait: which rollouts are still pending, what was reported, and their results. */
class RolloutWatch {
  readonly results = new Map<string, RolloutResult>();
  readonly pending: Map<string, ServiceRollout>;
  private readonly lastReason = new Map<string, string>();
  private readonly eventLog: Map<string, string[]>;
  // Shared with later waits of the same run (the rollback), so no event is reported twice.
  private readonly seenEvents: Set<string>;
  /** Services whose followed deployment has shown up in a reading at least once. */
  private readonly shown = new Set<string>();
  /** Readings so far that did not show the followed deployment, per service. */
  private readonly misses = new Map<string, number>();
  /** Settle windows under way, per service. */
  private readonly settles = new Map<string, SettleState>();
  private readonly startedAt: number;

  constructor(
    private readonly context: EngineContext,
    private readonly options: WaitOptions,
  ) {
    this.pending = new Map(options.rollouts.map((rollout) => [rollout.service, rollout]));
    this.eventLog = new Map(options.rollouts.map((rollout) => [rollout.service, []]));
    this.seenEvents = options.knownEventIds ?? new Set<string>();
    this.startedAt = context.clock.now();
  }

  /** Records the end of one rollout. */
  finish(
    rollout: ServiceRollout,
    status: WaitStatus,
    reason: string,
    extra: Partial<RolloutResult> = {},
  ): void {
    this.results.set(rollout.service, {
      service: rollout.service,
      status,
      reason,
      deploymentId: rollout.deploymentId,
      taskDefinitionArn: rollout.taskDefinitionArn,
      events: this.eventLog.get(rollout.service) ?? [],
      ...extra,
    });
    this.pending.delete(rollout.service);
    this.options.onFinished?.(this.results.get(rollout.service)!);
    const message = reason.startsWith(status) ? reason : `${status}: ${reason}`;
    this.options.onEvent?.({ time: this.context.clock.now(), service: rollout.service, message });
  }

  /** Ends every pending rollout with the same status. */
  finishAll(status: WaitStatus, reason: (rollout: ServiceRollout) => string): void {
    for (const rollout of [...this.pending.values()]) this.finish(rollout, status, reason(rollout));
  }

  /**
   * A deployment this wait follows that the service does not show yet (an eventually consistent read right
   * after UpdateService) is still starting, not gone, for DEPLOYMENT_VISIBILITY_MS after the wait began.
   */
  private visible(service: Service, rollout: ServiceRollout, reading: RolloutReading): RolloutReading {
    const id = rollout.deploymentId;
    if (!id) return reading;
    if (reading.deployment || showsDeployment(service, id)) this.shown.add(rollout.service);
    if (reading.phase !== 'failed' || this.shown.has(rollout.service)) return reading;
    // The grace is time and readings both: a late first reading does not end it at once.
    const misses = (this.misses.get(rollout.service) ?? 0) + 1;
    this.misses.set(rollout.service, misses);
    if (this.context.clock.now() >= this.startedAt + DEPLOYMENT_VISIBILITY_MS && misses > MIN_MISSES)
      return reading;
    return {
      ...reading,
      phase: 'in-progress',
      reason: `deployment ${id} not listed yet`,
      transitionExpected: true,
    };
  }

  /** The last progress line of a rollout. */
  lastReasonOf(service: string): string {
    return this.lastReason.get(service) ?? '';
  }

  /** Reads one service's observation: logs new events and progress, finishes the rollout when it ends. */
  observe(service: Service): RolloutReading | undefined {
    const { logger, clock } = this.context;
    const rollout =
      this.pending.get(service.serviceName ?? '') ??
      [...this.pending.values()].find((candidate) => candidate.service === service.serviceArn);
    if (!rollout) return undefined;
    for (const event of newEvents(service, this.seenEvents)) {
      this.seenEvents.add(event.id!);
      this.eventLog.get(rollout.service)?.push(event.message ?? '');
      logger.info(`${rollout.service}: ${event.message}`);
    }
    const settled = settleReading(
      this.visible(service, rollout, readRollout(service, rollout)),
      this.settles.get(rollout.service),
      clock.now(),
      rollout.settleMs ?? 0,
    );
    if (settled.state) this.settles.set(rollout.service, settled.state);
    else this.settles.delete(rollout.service);
    const reading = settled.reading;
    if (this.lastReason.get(rollout.service) !== reading.reason) {
      this.lastReason.set(rollout.service, reading.reason);
      logger.info(`${rollout.service}: ${reading.reason}`);
      if (reading.phase === 'in-progress')
        this.options.onEvent?.({ time: clock.now(), service: rollout.service, message: reading.reason });
    }
    const counts = {
      deploymentId: reading.deployment?.id ?? rollout.deploymentId,
      runningCount: reading.deployment?.runningCount,
      desiredCount: reading.deployment?.desiredCount,
      failedTasks: reading.deployment?.failedTasks,
    };
    if (reading.phase === 'completed') this.finish(rollout, 'completed', reading.reason, counts);
    if (reading.phase === 'failed')
      this.finish(rollout, 'failed', reading.reason, {
        ...counts,
        ecsRollbackDeploymentId: reading.ecsRollbackDeploymentId,
      });
    return reading;
  }
}

/** Waits until every rollout completes, fails, times out or is cancelled; never throws for a failed rollout. */
export async function waitForRollouts(
  context: EngineContext,
  options: WaitOptions,
): Promise<RolloutResult[]> {
  const { clock, signal, logger } = context;
  const schedule = options.schedule ?? DEPLOYMENT_POLL_SCHEDULE;
  const deadline = clock.now() + options.timeoutMs;
  const watch = new RolloutWatch(context, options);
  let pollState: PollState = { idlePolls: 0 };
  let lastFingerprint = '';
  let readErrors = 0;

  while (watch.pending.size > 0) {
    if (signal?.aborted) {
      watch.finishAll('cancelled', () => errorMessage(signal.reason));
      break;
    }
    let services: Service[];
    try {
      services = await describeServices(context.clients.ecs, options.cluster, [...watch.pending.keys()]);
      readErrors = 0;
    } catch (error) {
      // The SDK already retried; a few more failed polls are tolerated before giving up, so that a
      // network blip does not abandon a rollout (and skip its rollback).
      logger.warning(`reading services failed: ${errorMessage(error)}`);
      if (++readErrors >= MAX_READ_ERRORS) {
        watch.finishAll('failed', () => `could not read the service: ${errorMessage(error)}`);
        break;
      }
      await clock.sleep(schedule.maxMs, signal).catch(() => undefined);
      continue;
    }
    const readings = services.map((service) => watch.observe(service));
    if (watch.pending.size === 0) break;
    const now = clock.now();
    if (now >= deadline) {
      const waited = Math.round(options.timeoutMs / 1000);
      watch.finishAll(
        'timeout',
        (rollout) => `not complete after ${waited}s: ${watch.lastReasonOf(rollout.service)}`,
      );
      break;
    }
    const fingerprint = readings.map((reading) => reading?.fingerprint ?? '').join('');
    const next = nextPollDelay(schedule, pollState, {
      now,
      moved: fingerprint !== lastFingerprint,
      transitionExpected: readings.some((reading) => reading?.transitionExpected),
      confirming: false,
      wakeAt: Math.min(deadline, ...readings.map((reading) => reading?.wakeAt ?? deadline)),
    });
    lastFingerprint = fingerprint;
    pollState = next.state;
    // Aborted sleeps end early; the loop's next turn reports the cancellation.
    await clock.sleep(next.delayMs, signal).catch(() => undefined);
  }
  return options.rollouts.map((rollout) => watch.results.get(rollout.service)!);
}
