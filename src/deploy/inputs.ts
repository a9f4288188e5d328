/** What ecs-deploy's inputs are checked with: the engine's enum values and their types, no SDK. */
export {
  DEPLOY_MODES,
  IN_PROGRESS_POLICIES,
  ROLLBACK_SCOPES,
  WAIT_MODES,
  type DeployMode,
  type InProgressPolicy,
  type RollbackScope,
  type WaitMode,
} from './types.js';
export type { OneOffPhase, OneOffTaskSpec } from './one-off-task.js';
export { desiredCountFor, type DesiredCount } from './desired-count.js';
