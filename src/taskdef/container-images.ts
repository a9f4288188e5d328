/**
 * The `images` input of the deploying actions (ecs-deploy, preview): one `container=image` line per
 * container. Both read it through this one parser, so a line that one of them accepts the other accepts
 * too, and a bad line fails with the same message naming the input, before any AWS call.
 */
import { InputError } from '../errors.js';
import { CONTAINER_NAME, hasForm } from '../validation/aws-names.js';
import { imageReferenceProblem } from './image.js';

/** Throws InputError naming `input` when `image` is not a reference ECS can pull. */
export function checkContainerImage(input: string, container: string, image: string): void {
  const problem = imageReferenceProblem(image);
  if (problem) throw new InputError(input, `image for container '${container}' ${problem}`);
}

/**
 * The container → image map of `container=image` pairs (as readKeyValues read them), each container a
 * valid container name and each image a valid reference; throws InputError naming `input` otherwise.
 */
export function containerImages(input: string, pairs: ReadonlyMap<string, string>): Map<string, string> {
  const images = new Map<string, string>();
  for (const [container, image] of pairs) {
    if (!hasForm(CONTAINER_NAME, container))
      throw new InputError(
        input,
        `expected container=image lines, '${container}' is not ${CONTAINER_NAME.expected}`,
      );
    checkContainerImage(input, container, image);
    images.set(container, image);
  }
  return images;
}
