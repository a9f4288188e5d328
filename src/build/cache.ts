/**
 * Choosing the buildx cache. `auto` means the GitHub Actions cache on GitHub, but only on a builder that
 * can export it: the default `docker` driver cannot ("cache export feature is currently not supported for
 * docker driver") unless the containerd image store is on, so `auto` then builds without an external cache.
 */
import type { BuildCache } from './argv.js';
import type { DockerRunner } from './docker.js';

/** The cache modes (CacheChoice's `mode`): the `cache` input's values. */
export const CACHE_MODES = [
  'auto',
  'gha',
  'registry',
  'none',
] as const satisfies readonly CacheChoice['mode'][];
/** One of CACHE_MODES. */
export type CacheMode = (typeof CACHE_MODES)[number];

/** What the cache choice depends on. */
export interface CacheChoice {
  mode: 'auto' | 'gha' | 'registry' | 'none';
  onGitHubActions: boolean;
  /** The current builder's driver (`docker`, `docker-container`, ...), when known. */
  driver?: string;
  repositoryName: string;
  repositoryUri: string;
  cacheRef?: string;
}

/** The cache to use and, when `auto` fell back to none, why. */
export function chooseCache(choice: CacheChoice): { cache: BuildCache; note?: string } {
  let mode = choice.mode;
  let note: string | undefined;
  if (mode === 'auto') {
    if (!choice.onGitHubActions) mode = 'none';
    else if (choice.driver === undefined || choice.driver === 'docker') {
      mode = 'none';
      note = `builder driver ${choice.driver ?? 'unknown'} cannot export the GitHub Actions cache: building without one (add docker/setup-buildx-action for a cache)`;
    } else mode = 'gha';
  }
  if (mode === 'gha') return { cache: { type: 'gha', scope: choice.repositoryName }, note };
  if (mode === 'registry') {
    return {
      cache: { type: 'registry', ref: choice.cacheRef ?? `${choice.repositoryUri}:buildcache` },
      note,
    };
  }
  return { cache: { type: 'none' }, note };
}

/** The driver of the current buildx builder (`docker buildx inspect`), or undefined when it cannot be read. */
export async function builderDriver(docker: DockerRunner): Promise<string | undefined> {
  try {
    const result = await docker.run(['buildx', 'inspect'], { quiet: true });
    if (result.code !== 0) return undefined;
    return /^Driver:\s*(\S+)/m.exec(result.stdout)?.[1];
  } catch {
    return undefined;
  }
}
