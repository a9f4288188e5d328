/** The deploy capability: register-if-changed, update services, wait, roll back, keep-N, plan. */
export { deploy, type DeployOptions } from './deploy.js';
export { rollbackServices, type RollbackModeOptions } from './rollback-mode.js';
export { deploySummary, diffText } from './summary.js';
export type { DeployReport, ServiceReport } from './report.js';
export type { DeployLogger, EngineContext, Outcome, WaitMode } from './types.js';
export * from './provenance.js';
