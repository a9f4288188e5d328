/** cleanup-ecr's engine: inventory, in-use scan, retention plan, batched delete, and the job summary. */
export { cleanupEcr, type CleanupResult } from './cleanup.js';
export { cleanupSummaryMarkdown, cleanupTotals } from './cleanup-summary.js';
