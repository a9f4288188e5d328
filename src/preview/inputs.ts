/** What preview's inputs are checked with: its modes and the image entries, no SDK. */
export type { PreviewImage } from './container-images.js';
export { PREVIEW_MODES, type PreviewMode } from './types.js';
