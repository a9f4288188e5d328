/** The simulated Ecs service (placeholder: filled in by the ecs model work). */
import type { Handler, World } from '../world.js';

/** What a world seed may hold for this service. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface EcsSeed {}

/** Ecs state and operation handlers. */
export class EcsModel {
  readonly handlers: Record<string, Handler> = {};

  constructor(readonly world: World) {}

  /** Adds seeded resources. */
  seed(_seed: EcsSeed): void {}

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {};
  }

  /** Releases timers or sockets. */
  stop?(): void;
}
