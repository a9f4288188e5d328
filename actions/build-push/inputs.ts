/**
 * The build-push inputs, read once and validated before the engine or the AWS SDK is loaded: a bad
 * repository name, tag, platform or path fails the step before any login, build or push.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { BUILD_ARG, STAGE, workspaceRelative } from './checks.js';
import type { SetImageInput } from './image-set.js';
import { CACHE_MODES, platformProblem, type CacheMode } from '../../src/build/inputs.js';
import { errorMessage, InputError } from '../../src/errors.js';
import { maskValue } from '../../src/github/commands.js';
import { configInputSource } from '../../src/github/config-inputs.js';
import { readRegion, readWorkflowContext, type WorkflowContext } from '../../src/github/environment.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import {
  readBoolean,
  readEnum,
  readKeyValues,
  readList,
  readOptional,
  readString,
} from '../../src/github/inputs.js';
import { readNamed } from '../../src/github/name-inputs.js';
import { parseEcrImageReference, tagProblem, type EcrImageReference } from '../../src/registry/inputs.js';
import { ECR_REPOSITORY } from '../../src/validation/aws-names.js';
import {
  ENCRYPTION_TYPES,
  IMAGE_TAG_MUTABILITIES,
  type EncryptionType,
  type ImageTagMutability,
} from '../../src/validation/ecr-settings.js';

/** The validated inputs, keyed like action.yml. Paths are relative to the workspace. */
export interface Inputs {
  'aws-region': string;
  /** The single image's repository; empty when the step builds or promotes the config's image set. */
  repository: string;
  /**
   * The config's `build.images` (narrowed by `image-names`) when the step builds or promotes them as a set;
   * each image then carries its own repository, context, Dockerfile, platforms and build args.
   */
  images?: SetImageInput[];
  /** Set in promotion mode: the existing image to tag. */
  'source-image'?: EcrImageReference;
  context: string;
  file: string;
  target?: string;
  platforms: string[];
  'build-args': Map<string, string>;
  /** Applied where the config's build-args are merged (src/github/config-inputs.ts); validated here. */
  'replace-build-args': boolean;
  secrets: Map<string, string>;
  'secret-files': Map<string, string>;
  labels: Map<string, string>;
  /** Explicit tags; empty means the defaults (commit SHA and branch or pr-<n>). */
  tags: string[];
  cache: CacheMode;
  'cache-ref'?: string;
  'no-cache': boolean;
  'skip-if-built': boolean;
  'create-repository': boolean;
  'scan-on-push': boolean;
  'image-tag-mutability': ImageTagMutability;
  'encryption-type': EncryptionType;
  'kms-key'?: string;
  logout: boolean;
  /** The run's git metadata and workspace. */
  workflow: WorkflowContext & { serverUrl: string; onGitHubActions: boolean };
}

const SECRET_ID = /^[A-Za-z0-9_.-]+$/;

/** A path input resolved inside the workspace (symlinks followed); throws naming the input otherwise. */
function workspacePath(input: string, value: string, workspace: string, kind: 'directory' | 'file'): string {
  try {
    return workspaceRelative(value, workspace, kind);
  } catch (error) {
    throw new InputError(input, errorMessage(error));
  }
}

/** A secret file may live outside the workspace (e.g. in RUNNER_TEMP), but it must exist. */
function secretFilePath(id: string, path: string, workspace: string): string {
  const absolute = resolve(workspace, path);
  if (!existsSync(absolute) || !statSync(absolute).isFile()) {
    throw new InputError('secret-files', `file '${path}' of secret '${id}' does not exist`);
  }
  return absolute;
}

function checkTags(input: string, tags: string[]): void {
  for (const tag of tags) {
    const problem = tagProblem(tag);
    if (problem) throw new InputError(input, `tag '${tag}' ${problem}`);
  }
}

function readSecrets(source: InputSource): { secrets: Map<string, string>; files: Map<string, string> } {
  const secrets = readKeyValues(source, 'secrets');
  const files = readKeyValues(source, 'secret-files');
  for (const [input, map] of [
    ['secrets', secrets],
    ['secret-files', files],
  ] as const) {
    for (const [id, value] of map) {
      if (!SECRET_ID.test(id))
        throw new InputError(input, `secret id '${id}' may only hold letters, digits, _ . -`);
      if (value === '') throw new InputError(input, `secret '${id}' is empty`);
    }
  }
  for (const id of files.keys()) {
    if (secrets.has(id)) throw new InputError('secret-files', `secret '${id}' is also given in 'secrets'`);
  }
  // Masked before anything else can print them.
  for (const value of secrets.values()) maskValue(value);
  return { secrets, files };
}

function readBuildInputs(source: InputSource, workspace: string) {
  const context = workspacePath(
    'context',
    readString(source, 'context', { fallback: '.' }),
    workspace,
    'directory',
  );
  const file = workspacePath(
    'file',
    readString(source, 'file', { fallback: join(context, 'Dockerfile') }),
    workspace,
    'file',
  );
  const platforms = readList(source, 'platforms');
  for (const platform of platforms) {
    const problem = platformProblem(platform);
    if (problem) throw new InputError('platforms', `'${platform}': ${problem}`);
  }
  const buildArgs = readKeyValues(source, 'build-args');
  for (const name of buildArgs.keys()) {
    if (!BUILD_ARG.test(name))
      throw new InputError('build-args', `'${name}' is not a valid build argument name`);
  }
  const { secrets, files } = readSecrets(source);
  for (const [id, path] of files) files.set(id, secretFilePath(id, path, workspace));
  return { context, file, platforms, buildArgs, secrets, files };
}

function readTarget(source: InputSource): string | undefined {
  const target = readOptional(source, 'target');
  if (target && !STAGE.test(target)) throw new InputError('target', `'${target}' is not a build stage name`);
  return target;
}

/** Promotion mode's source image, when `source-image` is set. */
function readSourceImage(source: InputSource, region: string, tags: string[]): EcrImageReference | undefined {
  const text = readOptional(source, 'source-image');
  if (!text) return undefined;
  let image: EcrImageReference;
  try {
    image = parseEcrImageReference(text);
  } catch (error) {
    throw new InputError(
      'source-image',
      `expected repo:tag, repo@sha256:<digest> or an ECR URI: ${errorMessage(error)}`,
    );
  }
  if (image.region && image.region !== region) {
    throw new InputError('source-image', `is in ${image.region}, but promotion copies within ${region}`);
  }
  if (tags.length === 0) throw new InputError('tags', 'promotion (source-image) needs the tags to add');
  return image;
}

/**
 * The config's image set (see image-set.ts), loaded only when `config` is set; `image-names` and
 * `source-images` without a config are an error naming them.
 */
async function readImages(
  runner: InputSource,
  source: InputSource,
  context: { region: string; workspace: string; tags: string[] },
): Promise<SetImageInput[] | undefined> {
  if (runner.given('config').trim() === '') {
    for (const input of ['image-names', 'source-images'])
      if (runner.given(input).trim() !== '')
        throw new InputError(input, "needs config with the images to build (the config's build.images)");
    return undefined;
  }
  const { readImageSet } = await import('./image-set.js');
  return readImageSet({ runner, source, ...context });
}

/** The settings every image of a set shares: secrets (each image's own settings come from the config). */
function readSetInputs(source: InputSource, workspace: string) {
  const { secrets, files } = readSecrets(source);
  for (const [id, path] of files) files.set(id, secretFilePath(id, path, workspace));
  return {
    context: '.',
    file: 'Dockerfile',
    platforms: [],
    buildArgs: new Map<string, string>(),
    secrets,
    files,
  };
}

/** Reads and validates every input. */
export async function readInputs(runner: InputSource = runnerInputs): Promise<Inputs> {
  // The config file's `build` settings fill every input the step leaves to it.
  const source = await configInputSource('build-push', { base: runner });
  const region = readRegion(source);
  const workflow = {
    ...readWorkflowContext(),
    serverUrl: process.env.GITHUB_SERVER_URL || 'https://github.com',
    onGitHubActions: process.env.GITHUB_ACTIONS === 'true',
  };
  const tags = readList(source, 'tags');
  checkTags('tags', tags);

  const images = await readImages(runner, source, { region, workspace: workflow.workspace, tags });
  const repository = images ? '' : readNamed(source, 'repository', ECR_REPOSITORY, { required: true });
  const sourceImage = images ? undefined : readSourceImage(source, region, tags);

  const build = sourceImage
    ? undefined
    : images
      ? readSetInputs(source, workflow.workspace)
      : readBuildInputs(source, workflow.workspace);
  const cache = readEnum<CacheMode>(source, 'cache', CACHE_MODES, 'auto');
  const cacheRef = readOptional(source, 'cache-ref');
  if (cacheRef && cache !== 'registry')
    throw new InputError('cache-ref', `only applies with cache: registry`);
  const encryption = readEnum(source, 'encryption-type', ENCRYPTION_TYPES, 'AES256');
  const kmsKey = readOptional(source, 'kms-key');
  if (kmsKey && encryption !== 'KMS')
    throw new InputError('kms-key', `only applies with encryption-type: KMS`);

  return {
    'aws-region': region,
    repository,
    images,
    'source-image': sourceImage,
    context: build?.context ?? '.',
    file: build?.file ?? 'Dockerfile',
    target: readTarget(source),
    platforms: build?.platforms ?? [],
    'build-args': build?.buildArgs ?? new Map(),
    'replace-build-args': readBoolean(source, 'replace-build-args', false),
    secrets: build?.secrets ?? new Map(),
    'secret-files': build?.files ?? new Map(),
    labels: readKeyValues(source, 'labels'),
    tags,
    cache,
    'cache-ref': cacheRef,
    'no-cache': readBoolean(source, 'no-cache', false),
    'skip-if-built': readBoolean(source, 'skip-if-built', true),
    'create-repository': readBoolean(source, 'create-repository', false),
    'scan-on-push': readBoolean(source, 'scan-on-push', true),
    'image-tag-mutability': readEnum(source, 'image-tag-mutability', IMAGE_TAG_MUTABILITIES, 'MUTABLE'),
    'encryption-type': encryption,
    'kms-key': kmsKey,
    logout: readBoolean(source, 'logout', true),
    workflow,
  };
}
