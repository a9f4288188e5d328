/** Traffic plans: parsing the `traffic` input and stepping through it. */
import fc from 'fast-check';
import { describeTrafficPlan, nextTrafficStep, parseTrafficPlan } from '../../src/health/traffic-plan.js';
import type { GateDecision } from '../../src/health/types.js';

test('canary: explicit rising steps ending at 100%', () => {
  const plan = parseTrafficPlan('10%:5m, 100%');
  expect(plan).toEqual({
    kind: 'canary',
    steps: [
      { weight: 10, bakeMs: 300_000 },
      { weight: 100, bakeMs: 0 },
    ],
  });
});

test('linear: one step below 100% repeats until 100%, the final bake applies at 100%', () => {
  const plan = parseTrafficPlan('25%:1m', { finalBakeMs: 30_000 });
  expect(plan.kind).toBe('linear');
  expect(plan.steps.map((step) => step.weight)).toEqual([25, 50, 75, 100]);
  expect(plan.steps.map((step) => step.bakeMs)).toEqual([60_000, 60_000, 60_000, 30_000]);
  expect(parseTrafficPlan('30%').steps.map((step) => step.weight)).toEqual([30, 60, 90, 100]);
});

test('all-at-once, empty and a lone 100% step', () => {
  expect(parseTrafficPlan('all-at-once').steps).toEqual([{ weight: 100, bakeMs: 0 }]);
  expect(parseTrafficPlan('').kind).toBe('all-at-once');
  expect(parseTrafficPlan('100%:2m', { finalBakeMs: 60_000 }).steps).toEqual([
    { weight: 100, bakeMs: 120_000 },
  ]);
});

test.each([
  ['10', /input 'traffic': expected steps such as/],
  ['10%:soon', /bake time such as 30s/],
  ['0%:1m', /between 1% and 100%/],
  ['150%', /between 1% and 100%/],
  ['50%:1m,20%:1m,100%', /rising weights, got 50% then 20%/],
  ['10%:1m,50%:1m', /last step to be 100%, got 50%/],
])('rejects %s with a clear error', (text, message) => {
  expect(() => parseTrafficPlan(text)).toThrow(message);
});

test('stepping: hold while baking, shift when healthy and baked, done after the last step', () => {
  const plan = parseTrafficPlan('10%:5m,100%:1m');
  expect(nextTrafficStep(plan, { step: -1, elapsedInStepMs: 0 }, 'pending')).toEqual({
    action: 'hold',
    newWeight: 0,
    waitMs: 0,
  });
  expect(nextTrafficStep(plan, { step: -1, elapsedInStepMs: 0 }, 'healthy')).toEqual({
    action: 'shift',
    step: 0,
    newWeight: 10,
  });
  expect(nextTrafficStep(plan, { step: 0, elapsedInStepMs: 100_000 }, 'healthy')).toEqual({
    action: 'hold',
    newWeight: 10,
    waitMs: 200_000,
  });
  expect(nextTrafficStep(plan, { step: 0, elapsedInStepMs: 300_000 }, 'healthy')).toEqual({
    action: 'shift',
    step: 1,
    newWeight: 100,
  });
  expect(nextTrafficStep(plan, { step: 1, elapsedInStepMs: 60_000 }, 'healthy')).toEqual({
    action: 'done',
    newWeight: 100,
  });
  expect(nextTrafficStep(plan, { step: 1, elapsedInStepMs: 60_000 }, 'failing').action).toBe('rollback');
});

test('describeTrafficPlan', () => {
  expect(describeTrafficPlan(parseTrafficPlan('10%:5m,100%'))).toBe('10% for 300s → 100%');
});

test('property: weights never rise unless the gate is healthy, and a failing gate always returns 0%', () => {
  const decisions: GateDecision[] = ['healthy', 'pending', 'failing'];
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 100 }),
      fc.integer({ min: 0, max: 600_000 }),
      fc.integer({ min: -1, max: 10 }),
      fc.integer({ min: 0, max: 900_000 }),
      fc.constantFrom(...decisions),
      (increment, bakeMs, step, elapsed, gate) => {
        const plan = parseTrafficPlan(`${increment}%:${bakeMs}ms`);
        const position = { step: Math.min(step, plan.steps.length - 1), elapsedInStepMs: elapsed };
        const current = position.step >= 0 ? plan.steps[position.step].weight : 0;
        const decision = nextTrafficStep(plan, position, gate);
        if (gate === 'failing') expect(decision).toEqual({ action: 'rollback', newWeight: 0 });
        if (decision.newWeight > current) expect(gate).toBe('healthy');
        expect(plan.steps[plan.steps.length - 1].weight).toBe(100);
      },
    ),
  );
});
