/**
 * The health gate's entry for the wait-healthy action: every strategy through runStrategy, the job summary,
 * and the rolling gate other capabilities use (wait-for-healthy.ts).
 */
export type * from './types.js';
export { runStrategy, type StrategyKind, type StrategyOptions } from './strategy.js';
export { runRollingServices } from './rolling.js';
export { waitSummaryMarkdown } from './summary.js';
export { servicesWaitSummaryMarkdown, type ServiceWait } from './services-summary.js';
export { waitForHealthyDeployment, type WaitForHealthyOptions } from './wait-for-healthy.js';
export { preflightGate, type PreflightTargetGroups } from './preflight.js';
export { AlarmWatch, type AlarmWatcher } from './alarms.js';
