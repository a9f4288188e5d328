/** What actions' inputs check image names and references with: pure, no SDK. */
export { repositoryNameProblem, tagProblem } from './image-names.js';
export { parseEcrImageReference, type EcrImageReference } from './reference.js';
