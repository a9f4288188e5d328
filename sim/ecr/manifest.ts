/**
 * Image manifests for the simulated registry: the digest rule (sha256 of the exact manifest bytes),
 * generated manifests for seeded images, and the child references of image indexes.
 */
import { createHash } from 'node:crypto';

/** Docker image manifest (schema 2). */
export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
/** Docker manifest list (multi-arch). */
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
/** OCI image manifest. */
export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
/** OCI image index (multi-arch). */
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';

const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
const DOCKER_LAYER = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

/** `sha256:<hex>` of a manifest's bytes, the way a registry names it. */
export function manifestDigest(manifest: string): string {
  return `sha256:${createHash('sha256').update(manifest, 'utf8').digest('hex')}`;
}

/** True for `sha256:` followed by 64 lower-case hex digits. */
export function isDigest(value: string): boolean {
  return /^sha256:[a-f0-9]{64}$/.test(value);
}

/** True when the media type names a multi-arch index (OCI image index or Docker manifest list). */
export function isIndexMediaType(mediaType: string | undefined): boolean {
  return mediaType === OCI_INDEX || mediaType === DOCKER_MANIFEST_LIST;
}

function hexOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * A Docker v2 manifest for a seeded image: one config and one layer whose sizes add up to `sizeBytes`.
 * `salt` makes two seeded images with the same size distinct.
 */
export function generatedImageManifest(options: { sizeBytes: number; salt: string }): string {
  const configSize = Math.min(1469, Math.max(0, options.sizeBytes));
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: {
      mediaType: DOCKER_CONFIG,
      size: configSize,
      digest: `sha256:${hexOf(`config:${options.salt}`)}`,
    },
    layers: [
      {
        mediaType: DOCKER_LAYER,
        size: Math.max(0, options.sizeBytes - configSize),
        digest: `sha256:${hexOf(`layer:${options.salt}`)}`,
      },
    ],
  });
}

/** An OCI image index over already-stored child manifests. */
export function generatedIndexManifest(
  children: { digest: string; mediaType: string; size: number; platform?: string }[],
): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_INDEX,
    manifests: children.map((child) => {
      const [os = 'linux', architecture = 'amd64', variant] = (child.platform ?? 'linux/amd64').split('/');
      return {
        mediaType: child.mediaType,
        digest: child.digest,
        size: child.size,
        platform: variant ? { os, architecture, variant } : { os, architecture },
      };
    }),
  });
}

/** What the registry reads from a pushed manifest. */
export interface ManifestFacts {
  /** The manifest's own `mediaType` member, if any. */
  mediaType?: string;
  /** `artifactType`, else the config's media type (what ECR reports as artifactMediaType). */
  artifactMediaType?: string;
  /** Digests of child manifests (indexes only). */
  children: string[];
  /** Config plus layer sizes (image manifests); the manifest length for indexes. */
  sizeBytes: number;
}

interface Descriptor {
  mediaType?: unknown;
  digest?: unknown;
  size?: unknown;
}

/** Parses a manifest; throws when it is not a JSON object. */
export function readManifest(manifest: string): ManifestFacts {
  const parsed: unknown = JSON.parse(manifest);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new Error('manifest is not a JSON object');
  }
  const body = parsed as {
    mediaType?: unknown;
    artifactType?: unknown;
    config?: Descriptor;
    layers?: Descriptor[];
    manifests?: Descriptor[];
  };
  const mediaType = typeof body.mediaType === 'string' ? body.mediaType : undefined;
  const children = Array.isArray(body.manifests)
    ? body.manifests
        .map((entry) => entry.digest)
        .filter((digest): digest is string => typeof digest === 'string')
    : [];
  const sizeOf = (descriptor: Descriptor | undefined) =>
    typeof descriptor?.size === 'number' && descriptor.size > 0 ? descriptor.size : 0;
  const layerBytes = Array.isArray(body.layers)
    ? body.layers.reduce((sum, layer) => sum + sizeOf(layer), 0)
    : 0;
  const configType = typeof body.config?.mediaType === 'string' ? body.config.mediaType : undefined;
  const artifactMediaType = typeof body.artifactType === 'string' ? body.artifactType : configType;
  return {
    mediaType,
    artifactMediaType,
    children,
    sizeBytes: Array.isArray(body.manifests)
      ? Buffer.byteLength(manifest, 'utf8')
      : sizeOf(body.config) + layerBytes,
  };
}
