/** Task definitions: load (JSON/YAML), strip read-only fields, render overrides, normalise and diff. */
export * from './types.js';
export * from './source.js';
export * from './strip.js';
export * from './load.js';
export * from './image.js';
export * from './render.js';
export * from './normalise.js';
export * from './diff.js';
export * from './variables.js';
export * from './path.js';
