/**
 * What every service model gets from the simulated account instead of the whole world: the clock, a
 * random source, the account's identity for ARNs, and the timeline recorder. The World implements it.
 */
import type { SimClock } from './clock.js';
import type { Prng } from './prng.js';

/** The account-wide services a model may use. */
export interface ModelContext {
  readonly region: string;
  readonly accountId: string;
  /** Simulated time: every model schedules its state changes here. */
  readonly clock: SimClock;
  /** The account's seeded PRNG; models seed their own generators from it. */
  readonly rng: Prng;
  /** An `arn:aws:<service>:<region>:<account>:<resource>` ARN. */
  arn(service: string, resource: string): string;
  /** Adds a timeline event stamped with the current simulated time. */
  record(type: string, detail?: Record<string, unknown>): void;
}
