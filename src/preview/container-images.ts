/**
 * Which container of the template gets which of the pull request's images. The action passes every image
 * it was given with the input it came from (`image`, `images`, `built-images`); only here, once the
 * template's task definition is read, is it known which containers exist, so this is where an image for
 * a container the template lacks fails, naming that input, before anything is created.
 */
import { InputError } from '../errors.js';
import type { TaskDefinitionInput } from '../taskdef/types.js';

/** One container's image for the preview. */
export interface PreviewImage {
  /** The container; '' for the one the template's load balancer routes to (a lone `image`). */
  container: string;
  image: string;
  /** The input that set it (`image`, `images`, `built-images`), named when the container is missing. */
  input: string;
  /**
   * False for an image the config's environment-wide `containers` gives: it applies where the template
   * has that container and is skipped where it does not, as ecs-deploy applies it per service.
   */
  required: boolean;
}

/** The images the template's containers get, and those skipped because the template lacks the container. */
export interface PreviewImagePlan {
  /** Container name → image, for the render. */
  images: Map<string, string>;
  skipped: PreviewImage[];
}

/** The container a lone `image` goes to: the one the template's load balancer targets, else the first. */
export function defaultContainer(template: TaskDefinitionInput, loadBalancerContainer?: string): string {
  const names = (template.containerDefinitions ?? []).map((container) => container.name ?? '');
  if (loadBalancerContainer && names.includes(loadBalancerContainer)) return loadBalancerContainer;
  return names[0] ?? '';
}

/**
 * Places each image on its container (pure). Later entries win for the same container, so the action
 * lists the config's built images first and the step's explicit `images` and `image` after them.
 * Throws InputError naming the entry's input when a required container is not in the template.
 */
export function planPreviewImages(
  entries: readonly PreviewImage[],
  template: TaskDefinitionInput,
  loadBalancerContainer?: string,
): PreviewImagePlan {
  const names = (template.containerDefinitions ?? []).map((container) => container.name ?? '');
  const images = new Map<string, string>();
  const skipped: PreviewImage[] = [];
  for (const entry of entries) {
    const container = entry.container || defaultContainer(template, loadBalancerContainer);
    if (names.includes(container)) {
      images.set(container, entry.image);
    } else if (entry.required) {
      throw new InputError(
        entry.input,
        `container '${container}' is not in the template's task definition ${template.family ?? ''} (containers: ${names.join(', ')})`,
      );
    } else {
      skipped.push(entry);
    }
  }
  if (images.size === 0 && skipped.length > 0)
    throw new InputError(
      skipped[0].input,
      `no container of the template's task definition ${template.family ?? ''} takes these images (containers: ${names.join(', ')})`,
    );
  return { images, skipped };
}
