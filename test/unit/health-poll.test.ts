/** The adaptive poll schedule. */
import fc from 'fast-check';
import { DEFAULT_POLL_SCHEDULE, nextPollDelay, type PollHint } from '../../src/poll.js';

const quiet: PollHint = { now: 0, moved: false, transitionExpected: false, confirming: false };
const noJitter = () => 0;

test('about a second while a transition is expected or something moved', () => {
  expect(
    nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 5 }, { ...quiet, transitionExpected: true }, noJitter),
  ).toEqual({ delayMs: 1000, state: { idlePolls: 0 } });
  expect(
    nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 5 }, { ...quiet, moved: true }, noJitter).delayMs,
  ).toBe(1000);
});

test('confirmations are quick', () => {
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 0 }, { ...quiet, confirming: true }).delayMs).toBe(
    150,
  );
});

test('backs off while nothing moves, up to the cap', () => {
  let state = { idlePolls: 0 };
  const delays: number[] = [];
  for (let i = 0; i < 6; i++) {
    const next = nextPollDelay(DEFAULT_POLL_SCHEDULE, state, quiet, noJitter);
    delays.push(next.delayMs);
    state = next.state;
  }
  expect(delays).toEqual([2000, 4000, 8000, 15000, 15000, 15000]);
});

test('wakes up for a known moment instead of sleeping past it', () => {
  const hint = { ...quiet, now: 1000, wakeAt: 4000 };
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 4 }, hint, noJitter).delayMs).toBe(3000);
  expect(
    nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 4 }, { ...hint, wakeAt: 1500 }, noJitter).delayMs,
  ).toBe(500);
});

test('property: delays stay within (0, cap] and jitter only shortens them', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 50 }),
      fc.boolean(),
      fc.boolean(),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      fc.option(fc.integer({ min: 0, max: 100_000 })),
      (idlePolls, moved, transitionExpected, random, wakeAt) => {
        const hint = { now: 0, moved, transitionExpected, confirming: false, wakeAt: wakeAt ?? undefined };
        const { delayMs } = nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls }, hint, () => random);
        expect(delayMs).toBeGreaterThanOrEqual(0);
        expect(delayMs).toBeLessThanOrEqual(DEFAULT_POLL_SCHEDULE.maxMs);
        if (wakeAt !== null) expect(delayMs).toBeLessThanOrEqual(Math.max(1, wakeAt));
      },
    ),
  );
});

test('property: the jittered delay is the delay without jitter shortened by exactly jitter × random', () => {
  const { jitter } = DEFAULT_POLL_SCHEDULE;
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 50 }),
      fc.boolean(),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      (idlePolls, moved, random) => {
        // No wake-up moment, so the delay is the schedule's own (fast or backed off) and only jitter shortens it.
        const hint = { ...quiet, moved };
        const base = nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls }, hint, noJitter).delayMs;
        const { delayMs } = nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls }, hint, () => random);
        expect(delayMs).toBe(Math.round(base * (1 - jitter * random)));
        expect(delayMs).toBeGreaterThanOrEqual(Math.floor(base * (1 - jitter)));
        expect(delayMs).toBeLessThanOrEqual(base);
      },
    ),
  );
});

test('jitter removes at most its fraction: the extremes of the random source', () => {
  const hint = { ...quiet, transitionExpected: true };
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 0 }, hint, () => 0).delayMs).toBe(1000);
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 0 }, hint, () => 0.5).delayMs).toBe(900);
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 0 }, hint, () => 0.999).delayMs).toBe(800);
  // Backed off to 8 s (third idle poll), then 10% of it removed.
  expect(nextPollDelay(DEFAULT_POLL_SCHEDULE, { idlePolls: 2 }, quiet, () => 0.5).delayMs).toBe(7200);
});
