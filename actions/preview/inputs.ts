/**
 * The preview inputs, read once and validated before the engine, the AWS SDK or the GitHub client is
 * loaded: a bad number, duration, pattern or a missing image fails the step before any API call.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../../src/errors.js';
import { useConfigInputs } from '../../src/github/config-inputs.js';
import { readRegion, readWorkflowContext } from '../../src/github/environment.js';
import {
  readBoolean,
  readDuration,
  readEnum,
  readInteger,
  readList,
  readOptional,
  readString,
} from '../../src/github/inputs.js';
import { patternProblem } from '../../src/images/tag-pattern.js';

/** The modes of the action. */
export const MODES = ['deploy', 'teardown', 'sweep'] as const;

/** The validated inputs, keyed like action.yml. */
export interface Inputs {
  mode: (typeof MODES)[number];
  cluster: string;
  service: string;
  'listener-arn': string;
  /** 0 in sweep mode. */
  'pull-request': number;
  image?: string;
  'container-name': string;
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

const NAME = /^[A-Za-z0-9_-]{1,255}$/;
const CLUSTER = /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/;
const LISTENER =
  /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/[^/]+\/[0-9a-f]+\/[0-9a-f]+$/;
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

function readPullRequest(mode: Inputs['mode'], event: { number?: number }): number {
  // GitHub numbers pull requests with 32-bit integers; a larger value would reach AWS as `pr-1e+23`.
  const given = readInteger('pull-request', { min: 1, max: 2_147_483_647 });
  if (given !== undefined || mode === 'sweep') return given ?? 0;
  if (event.number !== undefined) return event.number;
  throw new InputError('pull-request', `is required for mode ${mode} outside a pull_request event`);
}

function readMs(name: string, fallbackSeconds?: number): number | undefined {
  const seconds = readDuration(name, fallbackSeconds);
  return seconds === undefined ? undefined : seconds * 1000;
}

function readNamed(name: string, pattern: RegExp, expected: string): string {
  const value = readString(name, { required: true });
  if (!pattern.test(value)) throw new InputError(name, `expected ${expected}, got '${value}'`);
  return value;
}

function readRouting(): { domain?: string; baseUrl: string } {
  const domain = readOptional('domain')?.toLowerCase();
  if (domain !== undefined && !DOMAIN.test(domain))
    throw new InputError('domain', `expected a DNS name such as preview.example.com, got '${domain}'`);
  const baseUrl = readString('base-url');
  if (baseUrl && !/^https?:\/\/[^\s/]+(\/\S*)?$/.test(baseUrl))
    throw new InputError('base-url', `expected an http(s) URL, got '${baseUrl}'`);
  return { domain, baseUrl };
}

function readPriorities(): { base: number; range: number } {
  const base = readInteger('priority-base', { fallback: 40000, min: 1, max: 50000 })!;
  const range = readInteger('priority-range', { fallback: 5000, min: 1, max: 50000 })!;
  if (base + range - 1 > 50000)
    throw new InputError(
      'priority-range',
      `priority-base + priority-range - 1 must be at most 50000, got ${base + range - 1}`,
    );
  return { base, range };
}

function readDeregistrationDelay(): number {
  const seconds = readDuration('deregistration-delay', 30)!;
  if (!Number.isInteger(seconds) || seconds > 3600)
    throw new InputError(
      'deregistration-delay',
      `expected whole seconds from 0 to 3600 (e.g. 30s, 5m), got ${seconds}s`,
    );
  return seconds;
}

function readImageTags(): string {
  const pattern = readString('image-tags', { fallback: 'pr-{number}-*' });
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

/**
 * Reads and validates every input; throws InputError naming the first bad one. With `config`, the config
 * file's values (see configInputs('preview')) fill the inputs the step leaves empty or at their default.
 */
export async function readInputs(): Promise<Inputs> {
  await useConfigInputs('preview');
  const mode = readEnum('mode', MODES, 'deploy');
  const event = eventPullRequest();
  const image = readOptional('image');
  if (mode === 'deploy' && image === undefined) throw new InputError('image', 'is required for mode deploy');
  const containerName = readString('container-name');
  if (containerName && !NAME.test(containerName))
    throw new InputError('container-name', `'${containerName}' is not a container name`);
  const priorities = readPriorities();
  const { domain, baseUrl } = readRouting();
  return {
    mode,
    cluster: readNamed('cluster', CLUSTER, 'a cluster name or ARN'),
    service: readNamed('service', NAME, 'a service name'),
    'listener-arn': readNamed('listener-arn', LISTENER, 'a listener ARN'),
    'pull-request': readPullRequest(mode, event),
    image,
    'container-name': containerName,
    domain,
    'base-url': baseUrl,
    'desired-count': readInteger('desired-count', { fallback: 1, min: 0, max: 10 })!,
    'max-previews': readInteger('max-previews', { fallback: 10, min: 1, max: 100 })!,
    'priority-base': priorities.base,
    'priority-range': priorities.range,
    'deregistration-delay': readDeregistrationDelay(),
    'wait-healthy': readBoolean('wait-healthy', true),
    'health-timeout': readMs('health-timeout', 600)!,
    repositories: readList('repositories'),
    'image-tags': readImageTags(),
    'drain-timeout': readMs('drain-timeout', 600)!,
    ttl: readMs('ttl'),
    'github-token': readString('github-token'),
    comment: readBoolean('comment', true),
    'github-deployment': readBoolean('github-deployment', true),
    'aws-region': readRegion(),
    github: readGitHub(event),
  };
}
