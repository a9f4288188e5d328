/** What preview's inputs are checked with: its modes, no SDK. */
export { PREVIEW_MODES, type PreviewMode } from './types.js';
