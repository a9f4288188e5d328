/** What build-push's inputs are checked with: pure parsers and enum values, no SDK and no builder calls. */
export { CACHE_MODES, type CacheMode } from './cache.js';
export { platformProblem } from './platforms.js';
