/**
 * preview's `built-images`: the image set a pull request's build pushed (build-push's `images` output,
 * `name=<repository>@sha256:…` a line), placed on the template's containers through the config file the
 * same way ecs-deploy places it on a service's: the template's `containers`, merged base → environment →
 * service (resolveDeployables), give each container the name of a `build.images` entry, and that entry's
 * built reference is the container's image (imageFor). Loaded only when `built-images` is set, so the
 * config loader and its YAML parser stay out of every other start.
 */
import { imageFor, imagesPath, resolveDeployables } from '../../src/config/deployables.js';
import { loadConfigFile } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';
import { InputError } from '../../src/errors.js';
import type { InputSource } from '../../src/github/input-source.js';
import type { PreviewImage } from '../../src/preview/inputs.js';
import { imageReferenceProblem } from '../../src/taskdef/inputs.js';

/** The template's containers as the config gives them, and which of them the service names itself. */
function templateContainers(
  config: ReturnType<typeof loadConfigFile>,
  resolved: ReturnType<typeof resolveEnvironment>,
  template: string,
): { containers: Record<string, string>; own: string[] } {
  const deployable = resolveDeployables(config, resolved).find((entry) => entry.service === template);
  if (deployable) return { containers: deployable.containers, own: deployable.ownContainers };
  // A template the environment does not list as a service gets the environment's containers.
  return { containers: resolved.settings.containers ?? {}, own: [] };
}

/**
 * The template's images from `built-images` (empty when the input is empty). Throws InputError naming
 * `built-images` for a name that is not in build.images, a bad reference, a build.images name a
 * container uses that has no reference, or a set no container of the template uses.
 */
export function readBuiltImages(
  source: InputSource,
  built: ReadonlyMap<string, string>,
  options: { template: string; workspace: string },
): PreviewImage[] {
  if (built.size === 0) return [];
  const path = source.given('config');
  if (path === '')
    throw new InputError(
      'built-images',
      'needs config: the file whose build.images and containers say which container gets each image',
    );
  const environment = source.given('environment');
  const config = loadConfigFile({ path, workspace: options.workspace });
  const resolved = resolveEnvironment(config, environment, path);
  const where = imagesPath(config, resolved.name);
  const names = Object.keys(resolved.settings.build?.images ?? {});
  for (const [name, reference] of built) {
    if (!names.includes(name))
      throw new InputError(
        'built-images',
        `'${name}' is not an image of ${where} in ${path} (${names.length > 0 ? `images: ${names.join(', ')}` : 'it lists none'})`,
      );
    const problem = imageReferenceProblem(reference);
    if (problem) throw new InputError('built-images', `image '${name}' ${problem}`);
  }
  const { containers, own } = templateContainers(config, resolved, options.template);
  const images: PreviewImage[] = [];
  for (const [container, value] of Object.entries(containers)) {
    if (!names.includes(value)) continue;
    if (!built.has(value))
      throw new InputError(
        'built-images',
        `no reference for image '${value}' (container ${container} of ${options.template} uses it); pass build-push's images output, ${value}=<repository>@sha256:…`,
      );
    images.push({
      container,
      image: imageFor(value, built),
      input: 'built-images',
      required: own.includes(container),
    });
  }
  if (images.length === 0)
    throw new InputError(
      'built-images',
      `no container of ${options.template} uses an image of ${where} (its containers in ${path}: ${Object.keys(containers).join(', ') || 'none'})`,
    );
  return images;
}
