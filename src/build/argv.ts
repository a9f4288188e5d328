/**
 * The pure assembly of the `docker buildx build` command line. Nothing here runs a process: the build
 * step passes the result to docker, and unit tests assert on it exactly.
 */

/** A build secret: its value reaches buildx through an environment variable or a file, never the argv. */
export type BuildSecret = { id: string; env: string } | { id: string; src: string };

/** Where buildx caches layers between runs. */
export type BuildCache =
  | { type: 'none' }
  /** GitHub Actions cache service; scope separates images built in one repository. */
  | { type: 'gha'; scope: string }
  /** A cache image in a registry (ECR needs image-manifest=true to store it). */
  | { type: 'registry'; ref: string };

/** Everything `docker buildx build` is told. Paths are relative to the working directory docker runs in. */
export interface BuildSpec {
  context: string;
  file: string;
  target?: string;
  platforms: readonly string[];
  buildArgs: ReadonlyMap<string, string>;
  secrets: readonly BuildSecret[];
  labels: ReadonlyMap<string, string>;
  /** Full image references (`<repositoryUri>:<tag>`). */
  tags: readonly string[];
  cache: BuildCache;
  /** Where buildx writes its build result (containerimage.digest). */
  metadataFile: string;
  push: boolean;
  /** Ignore any cache (`--no-cache`). */
  noCache?: boolean;
  /**
   * The current builder's driver (`docker buildx inspect`), when known. Provenance and an SBOM are asked
   * for only from a driver that can attach them (see `supportsAttestations`).
   */
  driver?: string;
}

/**
 * Drivers that can attach attestations to the pushed image. The buildx docs: the default `docker` driver
 * (classic image store) cannot; BuildKit drivers can. An unknown driver (podman, whose `buildx inspect`
 * names none) gets no attestation flags, which it might reject.
 */
const ATTESTING_DRIVERS = new Set(['docker-container', 'kubernetes', 'remote']);

/** Whether the builder with `driver` can attach SLSA provenance and an SBOM to the image it pushes. */
export function supportsAttestations(driver: string | undefined): boolean {
  return driver !== undefined && ATTESTING_DRIVERS.has(driver);
}

/**
 * Full provenance (`mode=max`: build steps, materials and build-arg values, never `--secret` values) and an
 * SPDX SBOM, pushed with the image in its index so that `docker buildx imagetools inspect` shows them.
 */
const ATTESTATION_ARGS = ['--provenance=mode=max', '--sbom=true'];

function cacheArgs(cache: BuildCache): string[] {
  switch (cache.type) {
    case 'none':
      return [];
    case 'gha':
      // ignore-error: a cache service hiccup must not fail a deployment's build.
      return [
        '--cache-from',
        `type=gha,scope=${cache.scope}`,
        '--cache-to',
        `type=gha,mode=max,scope=${cache.scope},ignore-error=true`,
      ];
    case 'registry':
      return [
        '--cache-from',
        `type=registry,ref=${cache.ref}`,
        '--cache-to',
        `type=registry,ref=${cache.ref},mode=max,image-manifest=true,oci-mediatypes=true,ignore-error=true`,
      ];
  }
}

function secretArg(secret: BuildSecret): string {
  return 'env' in secret ? `id=${secret.id},env=${secret.env}` : `id=${secret.id},src=${secret.src}`;
}

/** The argv (without the `docker` executable) of the build, in a fixed order. */
export function buildxArgs(spec: BuildSpec): string[] {
  const args = ['buildx', 'build', '--file', spec.file];
  if (spec.target) args.push('--target', spec.target);
  if (spec.platforms.length > 0) args.push('--platform', spec.platforms.join(','));
  for (const [name, value] of spec.buildArgs) args.push('--build-arg', `${name}=${value}`);
  for (const secret of spec.secrets) args.push('--secret', secretArg(secret));
  for (const [name, value] of spec.labels) args.push('--label', `${name}=${value}`);
  for (const tag of spec.tags) args.push('--tag', tag);
  if (spec.noCache) args.push('--no-cache');
  else args.push(...cacheArgs(spec.cache));
  if (supportsAttestations(spec.driver)) args.push(...ATTESTATION_ARGS);
  args.push('--metadata-file', spec.metadataFile);
  if (spec.push) args.push('--push');
  args.push(spec.context);
  return args;
}
