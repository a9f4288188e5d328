/**
 * The cleanup-ecr inputs, read once and validated before the engine or the AWS SDK is loaded: a bad
 * pattern, count or duration fails the step before any AWS call.
 */
import { InputError } from '../../src/errors.js';
import { useConfigInputs } from '../../src/github/config-inputs.js';
import { readRegion } from '../../src/github/environment.js';
import { readBoolean, readDuration, readInteger, readKeyValues, readList } from '../../src/github/inputs.js';
import type { RetentionRules } from '../../src/images/retention-types.js';
import { compilePattern, patternProblem, type NamePattern } from '../../src/images/tag-pattern.js';

/** The validated inputs, keyed like action.yml. */
export interface Inputs {
  'aws-region': string;
  repositories: string[];
  clusters: string[];
  rules: RetentionRules;
  'rollback-revisions': number;
  'dry-run': boolean;
  'max-concurrency': number;
}

const CLUSTER = /^([A-Za-z0-9_-]{1,255}|arn:aws[a-z-]*:ecs:[a-z0-9-]+:\d{12}:cluster\/[A-Za-z0-9_-]{1,255})$/;

function readPatterns(name: string, kind: 'tag' | 'repository' = 'tag'): NamePattern[] {
  return readList(name).map((source) => {
    const problem = patternProblem(source, kind);
    if (problem) throw new InputError(name, problem);
    return compilePattern(source, kind);
  });
}

function readMs(name: string): number | undefined {
  const seconds = readDuration(name);
  return seconds === undefined ? undefined : seconds * 1000;
}

function readPatternCounts(name: string): RetentionRules['keepNewestMatching'] {
  return [...readKeyValues(name)].map(([source, count]) => {
    const problem = patternProblem(source);
    if (problem) throw new InputError(name, problem);
    if (!/^\d+$/.test(count))
      throw new InputError(
        name,
        `expected pattern=N with N a whole number of at least 0, got '${source}=${count}'`,
      );
    return { pattern: compilePattern(source), count: Number(count) };
  });
}

/** Reads and validates every input; throws InputError naming the first bad one. */
export async function readInputs(): Promise<Inputs> {
  // The config file's `cleanup` settings become the fallback of every input below.
  await useConfigInputs('cleanup-ecr');
  const repositories = readList('repositories');
  if (repositories.length === 0)
    throw new InputError('repositories', 'is required: names, globs such as shop/*, or *');
  readPatterns('repositories', 'repository');
  const clusters = readList('clusters');
  const badCluster = clusters.find((cluster) => !CLUSTER.test(cluster));
  if (badCluster !== undefined)
    throw new InputError('clusters', `'${badCluster}' is not a cluster name or ARN`);
  const rules: RetentionRules = {
    keepNewest: readInteger('keep-newest', { fallback: 10, min: 0 })!,
    keepNewestUntagged: readInteger('keep-newest-untagged', { min: 0 }),
    keepWithinMs: readMs('keep-within'),
    keepTags: readPatterns('keep-tags'),
    keepNewestMatching: readPatternCounts('keep-newest-matching'),
    deleteUntaggedAfterMs: readMs('delete-untagged-after'),
    deleteTags: readPatterns('delete-tags'),
    deleteUnkept: readBoolean('delete-unkept', true),
  };
  return {
    'aws-region': readRegion(),
    repositories,
    clusters,
    rules,
    'rollback-revisions': readInteger('rollback-revisions', { fallback: 3, min: 0, max: 100 })!,
    'dry-run': readBoolean('dry-run', false),
    'max-concurrency': readInteger('max-concurrency', { fallback: 4, min: 1, max: 16 })!,
  };
}
