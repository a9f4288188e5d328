/** The deploy capability: register-if-changed, update services, wait, roll back, keep-N, plan. */
export { deploy } from './deploy.js';
export { rollbackServices, type RollbackModeOptions } from './rollback-mode.js';
export { deploySummary, diffText } from './summary.js';
export type { DeployReport, ServiceReport } from './report.js';
export type { DeployOptions, EngineContext, InProgressPolicy, Outcome, WaitMode } from './types.js';
/** The alarm watch DeployOptions.alarms takes (the health gate's; re-exported so the action needs one entry). */
export { AlarmWatch } from '../health/alarms.js';
export {
  asDeployReport,
  deployMany,
  type DeployableSpec,
  type DeployManyOptions,
  type DeployManyReport,
} from './deploy-many.js';
