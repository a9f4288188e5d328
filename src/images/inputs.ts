/** What cleanup-ecr's and preview's inputs are checked with: retention rules and name patterns, no SDK. */
export type { RetentionRules } from './retention-types.js';
export { compilePattern, patternProblem, type NamePattern } from './tag-pattern.js';
