/** What the ELBv2 operation handlers share: the world, the stored resources and target health. */
import type { World } from '../world.js';
import type { TargetHealthTracker } from './health.js';
import type { ElbStore } from './store.js';

/** The state every ELBv2 handler works on. */
export interface ElbContext {
  readonly world: World;
  readonly store: ElbStore;
  readonly health: TargetHealthTracker;
  /** Re-evaluates which target groups a listener or rule uses, after listeners or rules change. */
  syncUsage(): void;
}
