/**
 * The cleanup-ecr inputs, read once and validated before the engine or the AWS SDK is loaded: a bad
 * pattern, count or duration fails the step before any AWS call.
 */
import { InputError } from '../../src/errors.js';
import { configInputSource } from '../../src/github/config-inputs.js';
import { readRegion } from '../../src/github/environment.js';
import { runnerInputs, type InputSource } from '../../src/github/input-source.js';
import { readBoolean, readDuration, readInteger, readKeyValues, readList } from '../../src/github/inputs.js';
import { readNamedList } from '../../src/github/name-inputs.js';
import { CLUSTER } from '../../src/validation/aws-names.js';
import {
  compilePattern,
  patternProblem,
  type NamePattern,
  type RetentionRules,
} from '../../src/images/inputs.js';

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

function readPatterns(source: InputSource, name: string, kind: 'tag' | 'repository' = 'tag'): NamePattern[] {
  return readList(source, name).map((text) => {
    const problem = patternProblem(text, kind);
    if (problem) throw new InputError(name, problem);
    return compilePattern(text, kind);
  });
}

function readPatternCounts(source: InputSource, name: string): RetentionRules['keepNewestMatching'] {
  return [...readKeyValues(source, name)].map(([pattern, count]) => {
    const problem = patternProblem(pattern);
    if (problem) throw new InputError(name, problem);
    if (!/^\d+$/.test(count))
      throw new InputError(
        name,
        `expected pattern=N with N a whole number of at least 0, got '${pattern}=${count}'`,
      );
    return { pattern: compilePattern(pattern), count: Number(count) };
  });
}

/** Reads and validates every input; throws InputError naming the first bad one. */
export async function readInputs(runner: InputSource = runnerInputs): Promise<Inputs> {
  // The config file's `cleanup` settings fill every input the step leaves to it.
  const source = await configInputSource('cleanup-ecr', { base: runner });
  const repositories = readList(source, 'repositories');
  if (repositories.length === 0)
    throw new InputError('repositories', 'is required: names, globs such as shop/*, or *');
  readPatterns(source, 'repositories', 'repository');
  const clusters = readNamedList(source, 'clusters', CLUSTER);
  const rules: RetentionRules = {
    keepNewest: readInteger(source, 'keep-newest', { fallback: 10, min: 0 })!,
    keepNewestUntagged: readInteger(source, 'keep-newest-untagged', { min: 0 }),
    keepWithinMs: readDuration(source, 'keep-within'),
    keepTags: readPatterns(source, 'keep-tags'),
    keepNewestMatching: readPatternCounts(source, 'keep-newest-matching'),
    deleteUntaggedAfterMs: readDuration(source, 'delete-untagged-after'),
    deleteTags: readPatterns(source, 'delete-tags'),
    deleteUnkept: readBoolean(source, 'delete-unkept', true),
  };
  return {
    'aws-region': readRegion(source),
    repositories,
    clusters,
    rules,
    'rollback-revisions': readInteger(source, 'rollback-revisions', { fallback: 3, min: 0, max: 100 })!,
    'dry-run': readBoolean(source, 'dry-run', false),
    'max-concurrency': readInteger(source, 'max-concurrency', { fallback: 4, min: 1, max: 16 })!,
  };
}
