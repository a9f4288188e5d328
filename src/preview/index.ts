/** preview's engine: deploy, tear down and sweep preview environments, their summaries and GitHub report. */
export { commentStatus } from './comment.js';
export { deployPreview } from './deploy.js';
export { openPullRequestLookup, PreviewGitHubReport } from './github-report.js';
export { deploySummary, sweepSummary, teardownSummary } from './summary.js';
export { sweepPreviews } from './sweep.js';
export { teardownPreview } from './teardown.js';
