/** runGate with an injected clock: outcomes, bake holds, cancellation, failed polls and sleeping until a predicted moment. */
import type { Clock } from '../../src/clock.js';
import { runGate } from '../../src/health/gate-loop.js';
import type { GateObservation, TargetState } from '../../src/health/types.js';

/** A fake clock: sleeping advances time instantly and records the delays. */
function fakeClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: (ms, signal) => {
      if (signal?.aborted) return Promise.reject(signal.reason);
      sleeps.push(ms);
      now += ms;
      return Promise.resolve();
    },
  };
}

const TG = 'arn:aws:elasticloadbalancing:us-east-1:1:targetgroup/web-tg/1';
function observation(time: number, state: TargetState, startedAt = 0): GateObservation {
  return {
    time,
    desiredCount: 1,
    tasks: [{ taskArn: 'task/1', lastStatus: 'RUNNING', startedAt }],
    targetGroupArns: [TG],
    targets: [{ targetGroupArn: TG, taskArn: 'task/1', targetId: '10.0.0.1', port: 80, state }],
  };
}
const policy = { consecutive: 2, unhealthyTimeoutMs: 60_000 };
const noJitter = () => 0;

test('healthy after the target turns healthy and is confirmed', async () => {
  const clock = fakeClock();
  const result = await runGate({
    observe: async () => observation(clock.now(), clock.now() >= 5000 ? 'healthy' : 'initial'),
    policy,
    clock,
    deadline: 600_000,
    random: noJitter,
  });
  expect(result.outcome).toBe('healthy');
  expect(clock.now()).toBeGreaterThanOrEqual(5000);
  expect(clock.now()).toBeLessThanOrEqual(5000 + 1000 + 250);
});

test('sleeps until shortly before the predicted healthy moment instead of polling every second', async () => {
  const clock = fakeClock();
  let polls = 0;
  const result = await runGate({
    observe: async () => {
      polls++;
      return observation(clock.now(), clock.now() >= 90_000 ? 'healthy' : 'initial');
    },
    policy,
    clock,
    deadline: 600_000,
    predictHealthyAt: () => 60_000,
    random: noJitter,
  });
  expect(result.outcome).toBe('healthy');
  // Back-off until 60 s (1+2+4+8+15+15+15 s ...), then about one poll a second until 90 s.
  expect(polls).toBeLessThan(45);
  expect(clock.now()).toBeLessThanOrEqual(90_000 + 1250);
});

test('a healthy gate keeps observing until the bake is over, and a failure during the bake ends it', async () => {
  const clock = fakeClock();
  const baked = await runGate({
    observe: async () => observation(clock.now(), 'healthy'),
    policy,
    clock,
    deadline: 600_000,
    holdUntil: 120_000,
    random: noJitter,
  });
  expect(baked.outcome).toBe('healthy');
  expect(clock.now()).toBeGreaterThanOrEqual(120_000);

  const failing = fakeClock();
  const broken = await runGate({
    observe: async () => observation(failing.now(), failing.now() >= 30_000 ? 'unhealthy' : 'healthy'),
    policy,
    clock: failing,
    deadline: 600_000,
    holdUntil: 300_000,
    random: noJitter,
  });
  expect(broken.outcome).toBe('failing');
  expect(failing.now()).toBeLessThan(30_000 + 60_000 + 15_000);
});

test('timeout, cancellation and failed polls', async () => {
  const clock = fakeClock();
  const timedOut = await runGate({
    observe: async () => observation(clock.now(), 'initial'),
    policy,
    clock,
    deadline: 30_000,
    random: noJitter,
  });
  expect(timedOut.outcome).toBe('timeout');
  expect(clock.now()).toBe(30_000);

  const controller = new AbortController();
  const cancelled = await runGate({
    observe: async () => {
      controller.abort(new Error('SIGTERM'));
      return observation(clock.now(), 'initial');
    },
    policy,
    clock,
    signal: controller.signal,
    deadline: clock.now() + 30_000,
  });
  expect(cancelled.outcome).toBe('cancelled');

  let calls = 0;
  const warnings: string[] = [];
  const recovered = await runGate({
    observe: async () => {
      if (++calls <= 3) throw new Error('Rate exceeded');
      return observation(clock.now(), 'healthy');
    },
    policy: { ...policy, consecutive: 1 },
    clock,
    deadline: clock.now() + 60_000,
    onPollError: (message) => warnings.push(message),
  });
  expect(recovered.outcome).toBe('healthy');
  expect(warnings).toEqual(Array(3).fill('poll failed, retrying: Rate exceeded'));
  await expect(
    runGate({
      observe: () => Promise.reject(new Error('AccessDenied')),
      policy,
      clock,
      deadline: clock.now() + 60_000,
    }),
  ).rejects.toThrow('5 polls failed in a row: AccessDenied');
});
