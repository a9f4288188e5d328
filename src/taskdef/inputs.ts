/**
 * What actions check task-definition settings with before any AWS call: image references, container
 * settings, the render itself and its error types. Pure: no SDK and no YAML parser (index.ts has the loader).
 */
export { checkContainerImage, containerImages } from './container-images.js';
export { imageReferenceProblem } from './image.js';
export type { LoadedTaskDefinition } from './load.js';
export { formatJsonPath, TaskDefinitionFileError } from './path.js';
export { renderTaskDefinition, type ContainerSetting, type RenderOverrides } from './render.js';
export { TaskDefinitionError } from './strip.js';
export type { TaskDefinitionInput } from './types.js';
