/** build-push's engine: build and push, or promote without rebuilding, and the job summary. */
export { buildAndPush } from './build-push.js';
export { dockerCli, dockerLogout } from './docker.js';
export { runPromotion } from './promote-run.js';
export { buildSummaryMarkdown, type BuildSummary } from './summary.js';
export { buildImageSet, type SetImage, type SetImageResult } from './image-set.js';
export { runPromotionSet, type PromotionSetImage, type PromotionSetResult } from './promote-set.js';
export { imageLines, imageSetSummaryMarkdown, type SetSummaryImage } from './set-summary.js';
