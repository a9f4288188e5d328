/**
 * The preview inputs, read once and validated before the engine, the AWS SDK or the GitHub client is
 * loaded: a bad number, duration, pattern or a missing image fails the step before any API call.
 * The images come from three inputs, the same as ecs-deploy's: `built-images` (the config's build.images
 * set, placed through its `containers`), `images` (`container=image` lines) and `image` (one container).
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { configInputSource } from '../../src/github/config-inputs.js';
import { readRegion, readWorkflowContext } from '../../src/github/environment.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import {
  readBoolean,
  readDuration,
  readEnum,
  readInteger,
  readKeyValues,
  readList,
  readOptional,
  readString,
} from '../../src/github/inputs.js';
import { readCluster, readContainerName, readNamed } from '../../src/github/name-inputs.js';
import { patternProblem } from '../../src/images/inputs.js';
import { PREVIEW_MODES, type PreviewImage, type PreviewMode } from '../../src/preview/inputs.js';
import { containerImages, imageReferenceProblem } from '../../src/taskdef/inputs.js';
import { LISTENER_ARN, SERVICE_NAME } from '../../src/validation/aws-names.js';

/** The validated inputs, keyed like action.yml. */
export interface Inputs {
  mode: PreviewMode;
  cluster: string;
  service: string;
  'listener-arn': string;
  /** 0 in sweep mode. */
  'pull-request': number;
  /**
   * Every image of the pull request, in the order they apply (later wins per container): `built-images`
   * through the config, then `images`, then `image`. Empty outside deploy mode.
   */
  images: PreviewImage[];
  domain?: string;
  'base-url': string;
  'desired-count': number;
  'max-previews': number;
  'priority-base': number;
  'priority-range': number;
  /** Seconds. */
  'deregistration-delay': number;
  'wait-healthy': boolean;
  /** Milliseconds. */
  'health-timeout': number;
  repositories: string[];
  'image-tags': string;
  /** Milliseconds. */
  'drain-timeout': number;
  /** Milliseconds. */
  ttl?: number;
  'github-token': string;
  comment: boolean;
  'github-deployment': boolean;
  'aws-region': string;
  /** From the event and the runner's environment. */
  github: { apiUrl: string; owner: string; repo: string; commit?: string; runUrl?: string };
}

const DOMAIN = /^(?!-)[a-z0-9-]{1,63}(\.(?!-)[a-z0-9-]{1,63})+$/;

/** The pull_request event's payload (number and head commit), when the run was triggered by one. */
function eventPullRequest(): { number?: number; headSha?: string } {
  const path = process.env.GITHUB_EVENT_PATH;
  if (!path) return {};
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as {
      pull_request?: { number?: number; head?: { sha?: string } };
    };
    return { number: event.pull_request?.number, headSha: event.pull_request?.head?.sha };
  } catch {
    return {};
  }
}

function readPullRequest(source: InputSource, mode: Inputs['mode'], event: { number?: number }): number {
  // GitHub numbers pull requests with 32-bit integers; a larger value would reach AWS as `pr-1e+23`.
  const given = readInteger(source, 'pull-request', { min: 1, max: 2_147_483_647 });
  if (given !== undefined || mode === 'sweep') return given ?? 0;
  if (event.number !== undefined) return event.number;
  throw new InputError('pull-request', `is required for mode ${mode} outside a pull_request event`);
}

function readRouting(source: InputSource): { domain?: string; baseUrl: string } {
  const domain = readOptional(source, 'domain')?.toLowerCase();
  if (domain !== undefined && !DOMAIN.test(domain))
    throw new InputError('domain', `expected a DNS name such as preview.example.com, got '${domain}'`);
  const baseUrl = readString(source, 'base-url');
  if (baseUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(baseUrl))
    throw new InputError('base-url', `expected an http(s) URL, got '${baseUrl}'`);
  return { domain, baseUrl };
}

function readPriorities(source: InputSource): { base: number; range: number } {
  const base = readInteger(source, 'priority-base', { fallback: 40000, min: 1, max: 50000 })!;
  const range = readInteger(source, 'priority-range', { fallback: 5000, min: 1, max: 50000 })!;
  if (base + range - 1 > 50000)
    throw new InputError(
      'priority-range',
      `priority-base + priority-range - 1 must be at most 50000, got ${base + range - 1}`,
    );
  return { base, range };
}

/** Seconds: the target group attribute takes whole seconds up to an hour. */
function readDeregistrationDelay(source: InputSource): number {
  const ms = readDuration(source, 'deregistration-delay', '30s');
  if (ms % 1000 !== 0 || ms > 3_600_000)
    throw new InputError(
      'deregistration-delay',
      `expected whole seconds from 0 to 3600 (e.g. 30s, 5m), got ${ms / 1000}s`,
    );
  return ms / 1000;
}

function readImageTags(source: InputSource): string {
  const pattern = readString(source, 'image-tags', { fallback: 'pr-{number}-*' });
  const problem = patternProblem(pattern.replace(/\{number\}/g, '1'));
  if (problem) throw new InputError('image-tags', problem);
  return pattern;
}

function readGitHub(event: { headSha?: string }): Inputs['github'] {
  const context = readWorkflowContext();
  const [owner = '', repo = ''] = (context.repository ?? '').split('/');
  return {
    apiUrl: process.env.GITHUB_API_URL || 'https://api.github.com',
    owner,
    repo,
    commit: event.headSha ?? context.sha,
    runUrl: context.runUrl,
  };
}

/** `image` for `container-name` (empty: the load-balanced container); conflicts with `images` fail. */
function readSingleImage(source: InputSource, images: ReadonlyMap<string, string>): PreviewImage[] {
  const image = readOptional(source, 'image');
  if (image === undefined) return [];
  const container = readContainerName(source) ?? '';
  const problem = imageReferenceProblem(image);
  if (problem)
    throw new InputError('image', `image${container ? ` for container '${container}'` : ''} ${problem}`);
  if (container && images.has(container) && images.get(container) !== image)
    throw new InputError('images', `sets container '${container}' differently from the image input`);
  return [{ container, image, input: 'image', required: true }];
}

/** The deploy's images from `built-images`, `images` and `image`; at least one is required. */
async function readImages(source: InputSource): Promise<PreviewImage[]> {
  const explicit = containerImages('images', readKeyValues(source, 'images'));
  const built = readKeyValues(source, 'built-images');
  const fromBuild =
    built.size === 0
      ? []
      : (await import('./built-images.js')).readBuiltImages(source, built, {
          template: readNamed(source, 'service', SERVICE_NAME, { required: true }),
          workspace: readWorkflowContext().workspace,
        });
  const images: PreviewImage[] = [
    ...fromBuild,
    ...[...explicit].map(([container, image]) => ({ container, image, input: 'images', required: true })),
    ...readSingleImage(source, explicit),
  ];
  if (images.length === 0)
    throw new InputError('image', 'is required for mode deploy (or images, or built-images with config)');
  return images;
}

/**
 * Reads and validates every input; throws InputError naming the first bad one. With `config`, the config
 * file's values (see configInputs('preview')) fill the inputs the step leaves empty or at their default.
 */
export async function readInputs(runner: InputSource = runnerInputs): Promise<Inputs> {
  const source = await configInputSource('preview', { base: runner });
  const mode = readEnum(source, 'mode', PREVIEW_MODES, 'deploy');
  const event = eventPullRequest();
  const images = mode === 'deploy' ? await readImages(source) : [];
  const priorities = readPriorities(source);
  const { domain, baseUrl } = readRouting(source);
  return {
    mode,
    cluster: readCluster(source),
    service: readNamed(source, 'service', SERVICE_NAME, { required: true }),
    'listener-arn': readNamed(source, 'listener-arn', LISTENER_ARN, { required: true }),
    'pull-request': readPullRequest(source, mode, event),
    images,
    domain,
    'base-url': baseUrl,
    'desired-count': readInteger(source, 'desired-count', { fallback: 1, min: 0, max: 10 })!,
    'max-previews': readInteger(source, 'max-previews', { fallback: 10, min: 1, max: 100 })!,
    'priority-base': priorities.base,
    'priority-range': priorities.range,
    'deregistration-delay': readDeregistrationDelay(source),
    'wait-healthy': readBoolean(source, 'wait-healthy', true),
    'health-timeout': readDuration(source, 'health-timeout', '10m'),
    repositories: readList(source, 'repositories'),
    'image-tags': readImageTags(source),
    'drain-timeout': readDuration(source, 'drain-timeout', '10m'),
    ttl: readDuration(source, 'ttl'),
    'github-token': readString(source, 'github-token'),
    comment: readBoolean(source, 'comment', true),
    'github-deployment': readBoolean(source, 'github-deployment', true),
    'aws-region': readRegion(source),
    github: readGitHub(event),
  };
}
