/**
 * Eventually consistent reads, as ECS documents for its API ("the results of an API command you run that
 * affects your ECS resources might not be immediately visible to all subsequent commands you run"): for
 * a window after a successful write, a Describe or List call may answer with what the same call answered
 * before that write. Generic over services: it sits in sim/api.ts's dispatch and knows no operation.
 * Off by default; a run is repeatable (seeded PRNG).
 */
import { Prng } from './prng.js';

/** How stale reads may be (`POST /_sim/consistency`, WorldSeed.consistency). */
export interface ConsistencySettings {
  /** Simulated ms after a write during which reads may be stale; 0 turns it off. */
  windowMs: number;
  /** Chance (0-100) that a read inside the window is stale, when an older answer exists (default 100). */
  stalePercent?: number;
  seed?: number;
}

/** Operations whose answers may lag behind writes. */
const EVENTUAL_READ = /^(Describe|List)/;

interface Remembered {
  /** Simulated time the answer was computed. */
  at: number;
  result: unknown;
}

/** Remembers read answers and serves the previous one inside the window after a write. */
export class ReadConsistency {
  private settings: ConsistencySettings = { windowMs: 0 };
  private rng = new Prng(1);
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private answers = new Map<string, Remembered>();

  /** Replaces the settings (forgetting remembered answers). */
  configure(settings: ConsistencySettings): void {
    const windowMs = Number(settings.windowMs ?? 0);
    if (!Number.isFinite(windowMs) || windowMs < 0)
      throw new Error(`consistency windowMs must be a number >= 0, got ${String(settings.windowMs)}`);
    this.settings = { ...settings, windowMs };
    this.rng = new Prng(settings.seed ?? 1);
    this.answers.clear();
  }

  /** The current settings. */
  current(): ConsistencySettings {
    return { ...this.settings };
  }

  /**
   * Answers a call: a write runs and opens the window; a read inside the window may get the answer the
   * same request got before the latest write (marked `stale`); otherwise it runs and is remembered.
   */
  async answer(
    call: { service: string; operation: string; params: unknown; mutating: boolean },
    now: number,
    run: () => Promise<unknown>,
  ): Promise<{ result: unknown; stale: boolean }> {
    if (this.settings.windowMs <= 0) return { result: await run(), stale: false };
    if (call.mutating) {
      const result = await run();
      this.lastWriteAt = now;
      return { result, stale: false };
    }
    if (!EVENTUAL_READ.test(call.operation)) return { result: await run(), stale: false };
    const key = `${call.service} ${call.operation} ${JSON.stringify(call.params)}`;
    const remembered = this.answers.get(key);
    const inWindow = now < this.lastWriteAt + this.settings.windowMs;
    if (
      inWindow &&
      remembered !== undefined &&
      remembered.at <= this.lastWriteAt &&
      this.rng.chance(this.settings.stalePercent ?? 100)
    )
      return { result: copy(remembered.result), stale: true };
    const result = await run();
    this.answers.set(key, { at: now, result: copy(result) });
    return { result, stale: false };
  }
}

/** A deep copy of a handler's answer (plain objects, arrays and Dates), so later changes do not leak in. */
function copy(value: unknown): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map(copy);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, copy(entry)]));
  return value;
}
