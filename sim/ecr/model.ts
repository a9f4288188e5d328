/** The simulated Ecr service (placeholder: filled in by the ecr model work). */
import type { Handler, World } from '../world.js';

/** What a world seed may hold for this service. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EcrSeed {}

/** Ecr state and operation handlers. */
export class EcrModel {
  readonly handlers: Record<string, Handler> = {};

  constructor(readonly world: World) {}

  /** Adds seeded resources. */
  seed(_seed: EcrSeed): void {}

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {};
  }

  /** Releases timers or sockets. */
  stop?(): void;
}
