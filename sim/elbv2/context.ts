/** What the ELBv2 operation handlers share: the model context, the stored resources and target health. */
import type { ModelContext } from '../model-context.js';
import type { TargetHealthTracker } from './health.js';
import type { ElbStore } from './store.js';

/** The state every ELBv2 handler works on. */
export interface ElbContext {
  readonly sim: ModelContext;
  readonly store: ElbStore;
  readonly health: TargetHealthTracker;
  /** Re-evaluates which target groups a listener or rule uses, after listeners or rules change. */
  syncUsage(): void;
}
