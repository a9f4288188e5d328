/**
 * The simulated ECR service: repositories and their images, GetAuthorizationToken, and the image
 * operations the kit uses. State lives in EcrRepository; handlers live in repositories.ts and images.ts.
 */
import type { ModelContext } from '../model-context.js';
import type { Handlers } from '../protocol/handler.js';
import { imageHandlers } from './images.js';
import {
  DOCKER_MANIFEST,
  OCI_INDEX,
  generatedImageManifest,
  generatedIndexManifest,
  manifestDigest,
  readManifest,
} from './manifest.js';
import { checkRepositoryName, type StoredImage } from './repository.js';
import { repositoryHandlers } from './repositories.js';
import { linkRegistry } from './registry-link.js';
import type { EcrSeed, ImageSeed } from './seed.js';
import { EcrStore } from './store.js';

export type { EcrSeed, ImageSeed, RepositorySeed } from './seed.js';

function toEpochMs(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`invalid date in ECR seed: ${String(value)}`);
  return ms;
}

/** ECR operation handlers and seeding over the repository state (EcrStore, which tests read directly). */
export class EcrModel extends EcrStore {
  readonly handlers: Handlers;
  private seedCounter = 0;

  constructor(sim: ModelContext) {
    super(sim);
    this.handlers = { ...repositoryHandlers(this), ...imageHandlers(this) };
  }

  /** Adds seeded resources. */
  seed(seed: EcrSeed): void {
    if (seed.registryEndpoint !== undefined) {
      this.registryEndpoint = seed.registryEndpoint;
      // ECR reads then reflect the real registry, and ECR writes reach it (sim/ecr/registry-link.ts).
      linkRegistry(this, this.handlers, seed.registryEndpoint);
    }
    const now = this.sim.clock.now();
    for (const repositorySeed of seed.repositories ?? []) {
      const name = checkRepositoryName(repositorySeed.name);
      const repository =
        this.repositories.get(name) ??
        this.createRepository({
          name,
          createdAt: toEpochMs(repositorySeed.createdAt, now),
          imageTagMutability: repositorySeed.imageTagMutability ?? 'MUTABLE',
          exclusionFilters: repositorySeed.imageTagMutabilityExclusionFilters ?? [],
          scanOnPush: repositorySeed.scanOnPush ?? false,
          encryption: { encryptionType: 'AES256' },
          tags: repositorySeed.tags ?? [],
        });
      for (const image of repositorySeed.images ?? []) this.seedImage(repository.settings.name, image, now);
    }
  }

  private seedImage(repositoryName: string, seed: ImageSeed, now: number): StoredImage {
    const pushedAt = toEpochMs(seed.pushedAt, now);
    const salt = `${repositoryName}#${++this.seedCounter}`;
    let manifest: string;
    let mediaType: string;
    if (seed.children && seed.children.length > 0) {
      const children = seed.children.map((child) =>
        this.seedImage(repositoryName, { pushedAt, ...child }, now),
      );
      manifest =
        seed.manifest ??
        generatedIndexManifest(
          children.map((child, index) => ({
            digest: child.digest,
            mediaType: child.mediaType,
            size: Buffer.byteLength(child.manifest, 'utf8'),
            platform: seed.children?.[index].platform,
          })),
        );
      mediaType = seed.mediaType ?? OCI_INDEX;
    } else {
      manifest = seed.manifest ?? generatedImageManifest({ sizeBytes: seed.sizeBytes ?? 10_000_000, salt });
      mediaType = seed.mediaType ?? DOCKER_MANIFEST;
    }
    const facts = readManifest(manifest);
    const base = {
      digest: seed.digest ?? manifestDigest(manifest),
      manifest,
      mediaType: facts.mediaType ?? mediaType,
      artifactMediaType: facts.artifactMediaType,
      pushedAt,
      sizeBytes: seed.sizeBytes ?? facts.sizeBytes,
      children: facts.children,
    };
    const tags = seed.tags ?? [];
    if (tags.length === 0) return this.putImage(repositoryName, base);
    let image: StoredImage | undefined;
    for (const tag of tags) image = this.putImage(repositoryName, { ...base, tag });
    return image!;
  }

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {
      registryEndpoint: this.registryEndpoint,
      repositories: [...this.repositories.values()].map((repository) => ({
        name: repository.settings.name,
        uri: repository.settings.uri,
        imageTagMutability: repository.settings.imageTagMutability,
        images: repository.listImages().map((image) => ({
          digest: image.digest,
          tags: [...image.tags],
          pushedAt: new Date(image.pushedAt),
          sizeBytes: image.sizeBytes,
          mediaType: image.mediaType,
          ...(image.children.length > 0 ? { children: [...image.children] } : {}),
        })),
      })),
    };
  }

  /** Releases timers or sockets. */
  stop?(): void;
}
