/** The simulated clock: ordered events, scaled time, and time standing at an event's instant while it fires. */
import { SimClock } from '../../sim/clock.js';

test('events fire in time order and see their own instant, even when fired late', () => {
  const clock = new SimClock({ scale: 1, start: 1_000_000 });
  const seen: [string, number][] = [];
  clock.at(1_000_500, () => seen.push(['b', clock.now()]));
  clock.at(1_000_100, () => {
    seen.push(['a', clock.now()]);
    // A periodic check scheduled from inside an event keeps its exact interval.
    clock.after(200, () => seen.push(['a+200', clock.now()]));
  });
  clock.advance(10_000);
  expect(seen).toEqual([
    ['a', 1_000_100],
    ['a+200', 1_000_300],
    ['b', 1_000_500],
  ]);
  expect(clock.now()).toBeGreaterThanOrEqual(1_010_000);
  clock.stop();
});

test('a time scale runs simulated time faster than real time', async () => {
  const clock = new SimClock({ scale: 1000 });
  const fired = new Promise<number>((resolve) => clock.after(30_000, () => resolve(Date.now())));
  const started = Date.now();
  const firedAt = await fired;
  // 30 simulated seconds at x1000 take about 30 real milliseconds.
  expect(firedAt - started).toBeLessThan(1000);
  expect(firedAt - started).toBeGreaterThanOrEqual(25);
  clock.stop();
});

test('cancelled events do not fire and setScale keeps the current instant', () => {
  const clock = new SimClock({ scale: 1, start: 0 });
  let fired = false;
  const id = clock.after(100, () => (fired = true));
  clock.cancel(id);
  clock.advance(1000);
  expect(fired).toBe(false);
  const before = clock.now();
  clock.setScale(50);
  expect(clock.now()).toBeGreaterThanOrEqual(before);
  expect(clock.now()).toBeLessThan(before + 1000);
  clock.stop();
});
