/**
 * build-push's image-set form: with `config` whose `build.images` is set and no explicit `repository`, the
 * step builds (or, with `source-images`, promotes) every image of the set. Everything is read and checked
 * here, before any AWS call or docker command: names, references, each image's context, Dockerfile,
 * platforms and build args. Errors about the step's inputs name the input; about the file, its path.
 */
import { join } from 'node:path';
import { platformProblem } from '../../src/build/inputs.js';
import { loadConfigFile } from '../../src/config/load.js';
import { imagesPath } from '../../src/config/deployables.js';
import { resolveEnvironment } from '../../src/config/resolve.js';
import type { ImageSettings } from '../../src/config/types.js';
import { ConfigError, keyPath } from '../../src/config/validate.js';
import { errorMessage, InputError } from '../../src/errors.js';
import { readKeyValues, readList, readOptional } from '../../src/github/inputs.js';
import type { InputSource } from '../../src/github/input-source.js';
import { parseEcrImageReference, type EcrImageReference } from '../../src/registry/inputs.js';
import { BUILD_ARG, STAGE, workspaceRelative } from './checks.js';

/** One image of the set, checked: what to build (paths relative to the workspace) or what to promote. */
export interface SetImageInput {
  name: string;
  repository: string;
  context: string;
  file: string;
  target?: string;
  platforms: string[];
  buildArgs: Map<string, string>;
  /** Promotion: the existing image to tag (from `source-images`). */
  source?: EcrImageReference;
}

/** What the reader needs besides the inputs. */
export interface ImageSetContext {
  /** The step's own inputs (to tell an explicit input from the config's value). */
  runner: InputSource;
  /** The inputs with the config file as fallback. */
  source: InputSource;
  region: string;
  workspace: string;
  tags: readonly string[];
}

/** Inputs that describe one image: set, they contradict a set built from the config. */
const SINGLE_IMAGE_INPUTS: Record<string, (value: string) => boolean> = {
  context: (value) => value !== '' && value !== '.',
  file: (value) => value !== '',
  'source-image': (value) => value !== '',
  'cache-ref': (value) => value !== '',
};

function rejectSingleImageInputs(runner: InputSource, where: string): void {
  for (const [input, isSet] of Object.entries(SINGLE_IMAGE_INPUTS)) {
    if (isSet(runner.given(input).trim()))
      throw new InputError(
        input,
        `describes one image, but the config's ${where} builds a set (set each image there, or give repository for one image)`,
      );
  }
}

/** The names to build: `image-names` (checked against the set), else every image in the config's order. */
function selectedNames(source: InputSource, all: readonly string[], where: string): string[] {
  const asked = readList(source, 'image-names');
  if (asked.length === 0) return [...all];
  const seen = new Set<string>();
  for (const name of asked) {
    if (!all.includes(name))
      throw new InputError('image-names', `'${name}' is not an image of ${where} (${all.join(', ')})`);
    if (seen.has(name)) throw new InputError('image-names', `'${name}' is given twice`);
    seen.add(name);
  }
  return all.filter((name) => seen.has(name));
}

/** `source-images`: one checked reference per selected image, or undefined when the step builds. */
function sourceImages(
  context: ImageSetContext,
  names: readonly string[],
  all: readonly string[],
  where: string,
): Map<string, EcrImageReference> | undefined {
  const given = readKeyValues(context.source, 'source-images');
  if (given.size === 0) return undefined;
  const sources = new Map<string, EcrImageReference>();
  for (const [name, text] of given) {
    if (!all.includes(name))
      throw new InputError('source-images', `'${name}' is not an image of ${where} (${all.join(', ')})`);
    if (!names.includes(name)) throw new InputError('source-images', `'${name}' is not among image-names`);
    let reference: EcrImageReference;
    try {
      reference = parseEcrImageReference(text);
    } catch (error) {
      throw new InputError(
        'source-images',
        `${name}: expected repo:tag, repo@sha256:<digest> or an ECR URI: ${errorMessage(error)}`,
      );
    }
    if (reference.region && reference.region !== context.region)
      throw new InputError(
        'source-images',
        `${name}: is in ${reference.region}, but promotion copies within ${context.region}`,
      );
    sources.set(name, reference);
  }
  const missing = names.filter((name) => !sources.has(name));
  if (missing.length > 0)
    throw new InputError(
      'source-images',
      `no reference for ${missing.map((name) => `'${name}'`).join(', ')} (give every image of the set, or narrow it with image-names)`,
    );
  if (context.tags.length === 0)
    throw new InputError('tags', 'promotion (source-images) needs the tags to add');
  return sources;
}

/** One image's build settings, checked; problems are config issues at the image's path. */
function buildSettings(
  name: string,
  image: ImageSettings,
  context: ImageSetContext & { path: string; file: string },
): Omit<SetImageInput, 'name' | 'repository' | 'source'> {
  const at = keyPath(context.path, name);
  const fail = (key: string, message: string): never => {
    throw new ConfigError(context.file, [{ path: `${at}.${key}`, message }]);
  };
  const inWorkspace = (key: string, value: string, kind: 'directory' | 'file') => {
    try {
      return workspaceRelative(value, context.workspace, kind);
    } catch (error) {
      return fail(key, errorMessage(error));
    }
  };
  const buildContext = inWorkspace('context', image.context ?? '.', 'directory');
  const file = inWorkspace('dockerfile', image.dockerfile ?? join(buildContext, 'Dockerfile'), 'file');
  const platforms = image.platforms ?? readList(context.source, 'platforms');
  for (const platform of platforms) {
    const problem = platformProblem(platform);
    if (problem) fail('platforms', `'${platform}': ${problem}`);
  }
  // The config's build.build-args and the step's apply to every image; the image's own win for it.
  const buildArgs = new Map([
    ...readKeyValues(context.source, 'build-args'),
    ...Object.entries(image['build-args'] ?? {}),
  ]);
  for (const key of buildArgs.keys())
    if (!BUILD_ARG.test(key)) fail('build-args', `'${key}' is not a valid build argument name`);
  const target = image.target ?? readOptional(context.source, 'target');
  if (target && !STAGE.test(target)) fail('target', `'${target}' is not a build stage name`);
  return { context: buildContext, file, target, platforms, buildArgs };
}

/** Two images in one repository would take each other's tags (the commit SHA, the branch). */
function checkRepositories(images: readonly SetImageInput[], path: string, file: string): void {
  const owner = new Map<string, string>();
  for (const image of images) {
    const first = owner.get(image.repository);
    if (first !== undefined)
      throw new ConfigError(file, [
        {
          path: `${keyPath(path, image.name)}.repository`,
          message: `repository '${image.repository}' is also ${keyPath(path, first)}'s: their tags would overwrite each other`,
        },
      ]);
    owner.set(image.repository, image.name);
  }
}

/**
 * The image set the step builds or promotes, or undefined for the single-image form (no `build.images` in
 * the config, or an explicit `repository`). Throws for bad input before any AWS call.
 */
export function readImageSet(context: ImageSetContext): SetImageInput[] | undefined {
  const { runner } = context;
  const file = runner.given('config');
  const setOnly = ['image-names', 'source-images'].filter((input) => runner.given(input).trim() !== '');
  const config = loadConfigFile({ path: file, workspace: context.workspace });
  const resolved = resolveEnvironment(config, runner.given('environment'), file);
  const images = resolved.settings.build?.images ?? {};
  const all = Object.keys(images);
  if (all.length === 0 || runner.given('repository').trim() !== '') {
    if (setOnly.length > 0)
      throw new InputError(
        setOnly[0],
        all.length === 0
          ? `needs the config's build.images (${file} has none)`
          : "applies to the config's build.images, not to an explicit repository",
      );
    return undefined;
  }
  const path = imagesPath(config, resolved.name);
  rejectSingleImageInputs(runner, path);
  const names = selectedNames(context.source, all, path);
  const sources = sourceImages(context, names, all, path);
  const set = names.map((name): SetImageInput => {
    const image = images[name];
    const source = sources?.get(name);
    const build = source
      ? { context: '.', file: 'Dockerfile', platforms: [], buildArgs: new Map<string, string>() }
      : buildSettings(name, image, { ...context, path, file });
    return { name, repository: image.repository, ...build, source };
  });
  checkRepositories(set, path, file);
  return set;
}
