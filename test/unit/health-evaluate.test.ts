/** evaluateHealth: the rolling gate's decision over observations of the new deployment. */
import fc from 'fast-check';
import { evaluateHealth, FRESH_MEMORY, targetGroupName } from '../../src/health/evaluate.js';
import type { GateMemory, GateObservation, HealthPolicy, TargetState } from '../../src/health/types.js';

const TG = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web-tg/0123456789abcdef';
const TG2 = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/admin-tg/fedcba9876543210';
const task = (n: number) => `arn:aws:ecs:us-east-1:123456789012:task/prod/task${n}`;
const policy: HealthPolicy = { consecutive: 2, unhealthyTimeoutMs: 60_000 };

function observe(states: TargetState[], options: Partial<GateObservation> = {}): GateObservation {
  return {
    time: 1_000_000,
    desiredCount: states.length,
    tasks: states.map((_, i) => ({ taskArn: task(i), lastStatus: 'RUNNING' })),
    targetGroupArns: [TG],
    targets: states.map((state, i) => ({
      targetGroupArn: TG,
      taskArn: task(i),
      targetId: `10.0.0.${i}`,
      state,
    })),
    ...options,
  };
}

/** Feeds the same observation `times` times, returning the last evaluation. */
function repeat(observation: GateObservation, times: number, memory: GateMemory = FRESH_MEMORY) {
  let evaluation = evaluateHealth(observation, policy, memory);
  for (let i = 1; i < times; i++) evaluation = evaluateHealth(observation, policy, evaluation.memory);
  return evaluation;
}

test('healthy only after the required consecutive all-healthy observations', () => {
  const first = evaluateHealth(observe(['healthy', 'healthy']), policy);
  expect(first.decision).toBe('pending');
  expect(first.reason).toMatch(/confirming/);
  const second = evaluateHealth(observe(['healthy', 'healthy']), policy, first.memory);
  expect(second.decision).toBe('healthy');
  expect(second.healthyTargets).toBe(2);
  expect(second.reason).toBe('2/2 new tasks healthy in web-tg');
});

test('a non-healthy observation resets the streak', () => {
  const first = evaluateHealth(observe(['healthy', 'healthy']), policy);
  const blip = evaluateHealth(observe(['healthy', 'initial']), policy, first.memory);
  expect(blip.memory.consecutiveHealthy).toBe(0);
  expect(evaluateHealth(observe(['healthy', 'healthy']), policy, blip.memory).decision).toBe('pending');
});

test('fewer running tasks than desired is pending even if all running are healthy', () => {
  const evaluation = repeat(observe(['healthy'], { desiredCount: 2 }), 3);
  expect(evaluation.decision).toBe('pending');
  expect(evaluation.transitionExpected).toBe(true);
});

test('every target group must report the task healthy', () => {
  const observation = observe(['healthy'], { targetGroupArns: [TG, TG2] });
  expect(repeat(observation, 3).decision).toBe('pending');
  observation.targets.push({ targetGroupArn: TG2, taskArn: task(0), targetId: '10.0.0.0', state: 'healthy' });
  expect(repeat(observation, 2).decision).toBe('healthy');
});

test('a target group with zero registered targets is never healthy, and fails after the timeout', () => {
  const empty = observe(['healthy', 'healthy'], { targets: [] });
  const early = evaluateHealth(empty, policy);
  expect(early.decision).toBe('pending');
  const late = evaluateHealth({ ...empty, time: empty.time + 60_000 }, policy, early.memory);
  expect(late.decision).toBe('failing');
  expect(late.reason).toMatch(/unregistered in web-tg for 60s/);
});

test('a target unhealthy for less than the timeout is tolerated; beyond it the gate fails', () => {
  const start = evaluateHealth(observe(['healthy', 'unhealthy']), policy);
  expect(start.decision).toBe('pending');
  const recovered = repeat(observe(['healthy', 'healthy'], { time: 1_030_000 }), 2, start.memory);
  expect(recovered.decision).toBe('healthy');
  const still = evaluateHealth(observe(['healthy', 'unhealthy'], { time: 1_060_000 }), policy, start.memory);
  expect(still.decision).toBe('failing');
  expect(still.reason).toMatch(/task task1 is unhealthy in web-tg for 60s/);
});

test('the unhealthy clock restarts after the target recovers', () => {
  const bad = evaluateHealth(observe(['unhealthy']), policy);
  const good = evaluateHealth(observe(['healthy'], { time: 1_050_000 }), policy, bad.memory);
  const badAgain = evaluateHealth(observe(['unhealthy'], { time: 1_070_000 }), policy, good.memory);
  expect(badAgain.decision).toBe('pending');
});

test('a stopped new task fails the gate with its reason', () => {
  const observation = observe(['healthy', 'healthy']);
  observation.tasks[1] = {
    taskArn: task(1),
    lastStatus: 'STOPPED',
    stoppedReason: 'Essential container exited',
  };
  const evaluation = evaluateHealth(observation, policy);
  expect(evaluation.decision).toBe('failing');
  expect(evaluation.reason).toBe('new task task1 stopped: Essential container exited');
});

test('a failed ECS deployment and a zero desired count fail', () => {
  expect(evaluateHealth(observe(['healthy'], { deploymentFailed: 'circuit breaker' }), policy).reason).toBe(
    'circuit breaker',
  );
  expect(evaluateHealth(observe([], { desiredCount: 0 }), policy).decision).toBe('failing');
});

test('targetGroupName reads the name out of an ARN', () => {
  expect(targetGroupName(TG)).toBe('web-tg');
  expect(targetGroupName('web-tg')).toBe('web-tg');
});

const STATES: TargetState[] = [
  'initial',
  'healthy',
  'unhealthy',
  'unused',
  'draining',
  'unavailable',
  'unregistered',
];

test('property: healthy implies every running task healthy in every target group and enough tasks', () => {
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...STATES), { maxLength: 6 }),
      fc.integer({ min: 0, max: 6 }),
      fc.integer({ min: 1, max: 3 }),
      (states, desiredCount, times) => {
        const observation = observe(states, { desiredCount });
        const evaluation = repeat(observation, times);
        if (evaluation.decision === 'healthy') {
          expect(states.length).toBeGreaterThanOrEqual(Math.max(1, desiredCount));
          expect(states.every((state) => state === 'healthy')).toBe(true);
          expect(times).toBeGreaterThanOrEqual(policy.consecutive);
        }
      },
    ),
  );
});
