/** How the corpus tests render a real-world task definition: new images for every container, templates filled. */
import {
  renderTaskDefinition,
  substituteVariables,
  type TaskDefinitionInput,
} from '../../src/taskdef/index.js';

/** The placeholders found in the corpus's templates, with values (as a user would pass in `variables`). */
export const CORPUS_VARIABLES = new Map([
  ['family', 'corpus-template'],
  ['container-name', 'app'],
  ['CONTAINER_NAME', 'api'],
  ['TASK_CPU', '256'],
  ['TASK_MEMORY', '512'],
]);

/** Renders with the corpus variables and a fresh ECR image per container; returns the images it set. */
export function renderCorpus(definition: TaskDefinitionInput): {
  rendered: TaskDefinitionInput;
  images: Map<string, string>;
} {
  const names = (substituteVariables(definition, CORPUS_VARIABLES).containerDefinitions ?? []).map(
    (container) => container.name!,
  );
  const images = new Map(
    names.map((name, index) => [name, `123456789012.dkr.ecr.us-east-1.amazonaws.com/corpus:c${index}`]),
  );
  return { rendered: renderTaskDefinition(definition, { variables: CORPUS_VARIABLES, images }), images };
}
