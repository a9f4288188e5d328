/**
 * Traffic plans for kit-managed blue/green: how much production traffic the new colour gets, and how long
 * each step bakes. parseTrafficPlan reads the `traffic` input; nextTrafficStep is the pure stepping rule.
 */
import { InputError } from '../errors.js';
import { parseDuration } from '../validation/duration.js';
import type { GateDecision } from './types.js';

/** One step: the new colour's share of traffic (percent) and how long it must stay healthy there. */
export interface TrafficStep {
  weight: number;
  bakeMs: number;
}

/** A parsed plan; the last step is always 100%. */
export interface TrafficPlan {
  kind: 'all-at-once' | 'canary' | 'linear';
  steps: TrafficStep[];
}

/** Where a shift stands: `step` -1 means the new colour has no traffic yet. */
export interface TrafficPosition {
  step: number;
  /** Clock milliseconds since the current step's weights were applied. */
  elapsedInStepMs: number;
}

/** What to do next with the listener's weights. */
export type TrafficDecision =
  | { action: 'shift'; step: number; newWeight: number }
  | { action: 'hold'; newWeight: number; waitMs: number }
  | { action: 'done'; newWeight: 100 }
  | { action: 'rollback'; newWeight: 0 };

const EXPECTED = "steps such as '10%:5m,100%' (canary), '25%:1m' (linear) or 'all-at-once'";

function parseStep(text: string, input: string): { weight: number; bakeMs?: number } {
  const match = /^(\d+)%(?::(.+))?$/.exec(text);
  if (!match) throw new InputError(input, `expected ${EXPECTED}, got step '${text}'`);
  const weight = Number(match[1]);
  if (weight < 1 || weight > 100) {
    throw new InputError(input, `expected step weights between 1% and 100%, got '${text}'`);
  }
  if (match[2] === undefined) return { weight };
  const bakeMs = parseDuration(match[2]);
  if (bakeMs === undefined) {
    throw new InputError(input, `expected a bake time such as 30s or 5m after ':', got '${text}'`);
  }
  return { weight, bakeMs };
}

/**
 * Parses a traffic plan. `all-at-once` (or empty) shifts 100% at once. A single step below 100% is linear:
 * `25%:1m` means +25% every minute until 100%. Several steps are a canary: `10%:5m,100%`, weights rising and
 * ending at 100%. `finalBakeMs` is the least time the new colour must stay healthy at 100%.
 */
export function parseTrafficPlan(
  text: string,
  options: { input?: string; finalBakeMs?: number } = {},
): TrafficPlan {
  const input = options.input ?? 'traffic';
  const finalBakeMs = options.finalBakeMs ?? 0;
  const normalized = text.trim().toLowerCase().replace(/\s+/g, '');
  if (normalized === '' || normalized === 'all-at-once') {
    return { kind: 'all-at-once', steps: [{ weight: 100, bakeMs: finalBakeMs }] };
  }
  const parsed = normalized.split(',').map((step) => parseStep(step, input));
  if (parsed.length === 1 && parsed[0].weight < 100) {
    const { weight: increment, bakeMs = 0 } = parsed[0];
    const steps: TrafficStep[] = [];
    for (let weight = increment; weight < 100; weight += increment) steps.push({ weight, bakeMs });
    steps.push({ weight: 100, bakeMs: finalBakeMs });
    return { kind: 'linear', steps };
  }
  parsed.forEach((step, index) => {
    if (index > 0 && step.weight <= parsed[index - 1].weight) {
      throw new InputError(
        input,
        `expected rising weights, got ${parsed[index - 1].weight}% then ${step.weight}%`,
      );
    }
  });
  const last = parsed[parsed.length - 1];
  if (last.weight !== 100)
    throw new InputError(input, `expected the last step to be 100%, got ${last.weight}%`);
  const steps = parsed.map((step, index) => ({
    weight: step.weight,
    bakeMs: index === parsed.length - 1 ? Math.max(step.bakeMs ?? 0, finalBakeMs) : (step.bakeMs ?? 0),
  }));
  return { kind: parsed.length === 1 ? 'all-at-once' : 'canary', steps };
}

/**
 * How long step `index` holds before the next: its own bake, and for the 100% step at least the alarm bake
 * too (the alarms are watched with every user on the new colour). The shift and the timeout check both
 * read it here, so the timeout wait-healthy accepts is always longer than the shift can take.
 */
export function stepBakeMs(plan: TrafficPlan, index: number, alarmBakeMs = 0): number {
  const last = index === plan.steps.length - 1;
  return Math.max(plan.steps[index].bakeMs, last ? alarmBakeMs : 0);
}

/** The least time a healthy shift takes: every step's bake (stepBakeMs). */
export function totalBakeMs(plan: TrafficPlan, alarmBakeMs = 0): number {
  return plan.steps.reduce((sum, _step, index) => sum + stepBakeMs(plan, index, alarmBakeMs), 0);
}

/**
 * The next move of a shift, given where it stands and the gate's reading of the new colour: a failing gate
 * at any step rolls back to 0%; a step advances only once the gate is healthy and the step has baked; the
 * shift is done after the 100% step has baked healthy.
 */
export function nextTrafficStep(
  plan: TrafficPlan,
  position: TrafficPosition,
  gate: GateDecision,
): TrafficDecision {
  if (gate === 'failing') return { action: 'rollback', newWeight: 0 };
  const current = position.step >= 0 ? plan.steps[Math.min(position.step, plan.steps.length - 1)] : undefined;
  const currentWeight = current?.weight ?? 0;
  const waitMs = Math.max(0, (current?.bakeMs ?? 0) - position.elapsedInStepMs);
  if (gate !== 'healthy' || waitMs > 0) return { action: 'hold', newWeight: currentWeight, waitMs };
  if (position.step >= plan.steps.length - 1) return { action: 'done', newWeight: 100 };
  const step = position.step + 1;
  return { action: 'shift', step, newWeight: plan.steps[step].weight };
}

/** `10%:5m → 100%` style description of a plan, for logs and the summary. */
export function describeTrafficPlan(plan: TrafficPlan): string {
  return plan.steps
    .map((step) => `${step.weight}%${step.bakeMs > 0 ? ` for ${Math.round(step.bakeMs / 1000)}s` : ''}`)
    .join(' → ');
}
