/**
 * The adaptive poll schedule: about a second while something is about to change, backing off with jitter
 * while nothing moves, never beyond a cap, and waking up for moments known in advance (a target's earliest
 * possible healthy check, the end of a bake, an unhealthy timeout).
 */

/** Tuning of the schedule, in clock milliseconds. */
export interface PollSchedule {
  /** Delay while a transition is expected. */
  fastMs: number;
  /** Delay between the consecutive confirmations of an all-healthy picture. */
  confirmMs: number;
  /** Longest delay when nothing moves. */
  maxMs: number;
  /** Growth factor of the delay per idle poll. */
  backoff: number;
  /** Fraction of the delay removed at random (0-1), so that many runners do not poll in lockstep. */
  jitter: number;
}

/**
 * The default schedule: 1 s fast, 150 ms between confirmations (ELBv2 has already required HealthyThresholdCount
 * passing checks; the confirmations guard against a picture caught mid-change), backing off ×2 up to 15 s.
 */
export const DEFAULT_POLL_SCHEDULE: PollSchedule = {
  fastMs: 1000,
  confirmMs: 150,
  maxMs: 15_000,
  backoff: 2,
  jitter: 0.2,
};

/** What the last observation says about the near future. */
export interface PollHint {
  /** Clock time now (epoch ms). */
  now: number;
  /** The observation differs from the previous one. */
  moved: boolean;
  /** Something should change within a poll or two (tasks starting, targets registering). */
  transitionExpected: boolean;
  /** An all-healthy picture is being confirmed. */
  confirming: boolean;
  /** The earliest known future moment worth looking at (epoch ms), if any. */
  wakeAt?: number;
}

/** The schedule's memory: idle polls in a row. */
export interface PollState {
  idlePolls: number;
}

/** The delay before the next poll, and the schedule's next state. `random` returns [0, 1). */
export function nextPollDelay(
  schedule: PollSchedule,
  state: PollState,
  hint: PollHint,
  random: () => number = Math.random,
): { delayMs: number; state: PollState } {
  const jittered = (ms: number) => Math.round(ms * (1 - schedule.jitter * random()));
  if (hint.confirming) return { delayMs: schedule.confirmMs, state: { idlePolls: 0 } };
  const untilWake = hint.wakeAt === undefined ? Infinity : Math.max(0, hint.wakeAt - hint.now);
  if (hint.transitionExpected || hint.moved || untilWake <= schedule.fastMs) {
    return { delayMs: Math.min(jittered(schedule.fastMs), Math.max(untilWake, 1)), state: { idlePolls: 0 } };
  }
  const idlePolls = state.idlePolls + 1;
  const backedOff = Math.min(schedule.maxMs, schedule.fastMs * schedule.backoff ** idlePolls);
  return { delayMs: Math.min(jittered(backedOff), untilWake), state: { idlePolls } };
}
