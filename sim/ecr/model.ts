/**
 * The simulated ECR service: repositories and their images, GetAuthorizationToken, and the image
 * operations the kit uses. State lives in EcrRepository; handlers live in repositories.ts and images.ts.
 */
import { SimError } from '../errors.js';
import type { Handler, World } from '../world.js';
import { imageHandlers } from './images.js';
import {
  DOCKER_MANIFEST,
  OCI_INDEX,
  generatedImageManifest,
  generatedIndexManifest,
  manifestDigest,
  readManifest,
} from './manifest.js';
import {
  EcrRepository,
  checkRepositoryName,
  type ImagePut,
  type RepositorySettings,
  type StoredImage,
} from './repository.js';
import { repositoryHandlers } from './repositories.js';
import { linkRegistry } from './registry-link.js';

/** An image in a seed. The digest defaults to the sha256 of a generated manifest. */
export interface ImageSeed {
  tags?: string[];
  digest?: string;
  /** ISO date or epoch ms; default: now. */
  pushedAt?: string | number;
  sizeBytes?: number;
  manifest?: string;
  mediaType?: string;
  /**
   * Makes this image a multi-arch index (OCI image index) over these child images, which are stored as
   * separate images in the same repository (untagged unless they list tags). Children default to the
   * index's pushedAt.
   */
  children?: ImageSeed[];
  /** `os/architecture[/variant]` of a child in its index; default linux/amd64. */
  platform?: string;
}

/** A repository in a seed. */
export interface RepositorySeed {
  name: string;
  imageTagMutability?: 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';
  /** Wildcard tag filters for the *_WITH_EXCLUSION settings. */
  imageTagMutabilityExclusionFilters?: { filterType: 'WILDCARD'; filter: string }[];
  scanOnPush?: boolean;
  images?: ImageSeed[];
  tags?: { Key: string; Value: string }[];
  /** ISO date or epoch ms; default: now. */
  createdAt?: string | number;
}

/** What a world seed may hold for ECR (sections documented in sim/ecr/README.md). */
export interface EcrSeed {
  repositories?: RepositorySeed[];
  /** A real OCI registry (e.g. http://127.0.0.1:5000) that GetAuthorizationToken names as proxyEndpoint. */
  registryEndpoint?: string;
}

function toEpochMs(value: string | number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`invalid date in ECR seed: ${String(value)}`);
  return ms;
}

/** Ecr state and operation handlers. */
export class EcrModel {
  readonly handlers: Record<string, Handler>;
  readonly repositories = new Map<string, EcrRepository>();
  registryEndpoint: string | undefined;
  private seedCounter = 0;
  private repositoryCounter = 0;

  constructor(readonly world: World) {
    this.handlers = { ...repositoryHandlers(this), ...imageHandlers(this) };
  }

  /** The registry host images are pulled from: `<account>.dkr.ecr.<region>.amazonaws.com`. */
  get registryHost(): string {
    // A linked registry serves the images: repository URIs must name it for docker push to reach it.
    if (this.registryEndpoint) return new URL(this.registryEndpoint).host;
    return `${this.world.accountId}.dkr.ecr.${this.world.region}.amazonaws.com`;
  }

  /** The repository called `name`, or RepositoryNotFoundException. */
  repository(name: unknown): EcrRepository {
    const repository = typeof name === 'string' ? this.repositories.get(name) : undefined;
    if (!repository) {
      throw new SimError(
        'RepositoryNotFoundException',
        `The repository with name '${String(name)}' does not exist in the registry with id '${this.world.accountId}'`,
      );
    }
    return repository;
  }

  /** Creates a repository (name already checked); RepositoryAlreadyExistsException when taken. */
  createRepository(
    settings: Omit<RepositorySettings, 'arn' | 'registryId' | 'uri' | 'order'>,
  ): EcrRepository {
    if (this.repositories.has(settings.name)) {
      throw new SimError(
        'RepositoryAlreadyExistsException',
        `The repository with name '${settings.name}' already exists in the registry with id '${this.world.accountId}'`,
      );
    }
    const repository = new EcrRepository({
      ...settings,
      order: ++this.repositoryCounter,
      arn: this.world.arn('ecr', `repository/${settings.name}`),
      registryId: this.world.accountId,
      uri: `${this.registryHost}/${settings.name}`,
    });
    this.repositories.set(settings.name, repository);
    this.world.record('ecr.repository-created', { repository: settings.name });
    return repository;
  }

  /** Stores an image (or a tag for it) with ECR's tag rules, and records the push on the timeline. */
  putImage(repositoryName: string, put: ImagePut): StoredImage {
    const repository = this.repository(repositoryName);
    const { image, created, movedFrom } = repository.putImage(put);
    this.world.record('ecr.image-pushed', {
      repository: repositoryName,
      digest: image.digest,
      tag: put.tag,
      created,
      ...(movedFrom ? { tagMovedFrom: movedFrom } : {}),
    });
    return image;
  }

  /** Deletes an image and all its tags, and records it. */
  deleteImage(repositoryName: string, digest: string): StoredImage | undefined {
    const image = this.repository(repositoryName).deleteImage(digest);
    if (image) {
      this.world.record('ecr.image-deleted', { repository: repositoryName, digest, tags: image.tags });
    }
    return image;
  }

  /** Removes one tag; when it was the image's last tag the image is deleted too (as ECR does). */
  untagImage(repositoryName: string, tag: string): { image?: StoredImage; deleted: boolean } {
    const repository = this.repository(repositoryName);
    const image = repository.removeTag(tag);
    if (!image) return { deleted: false };
    this.world.record('ecr.image-untagged', { repository: repositoryName, digest: image.digest, tag });
    if (image.tags.length > 0) return { image, deleted: false };
    this.deleteImage(repositoryName, image.digest);
    return { image, deleted: true };
  }

  /** Every image of a repository in push order. */
  listImages(repositoryName: string): StoredImage[] {
    return this.repository(repositoryName).listImages();
  }

  /** Deletes a repository; its images go with it. */
  deleteRepository(name: string): EcrRepository {
    const repository = this.repository(name);
    this.repositories.delete(name);
    this.world.record('ecr.repository-deleted', { repository: name, images: repository.size });
    return repository;
  }

  /** Adds seeded resources. */
  seed(seed: EcrSeed): void {
    if (seed.registryEndpoint !== undefined) {
      this.registryEndpoint = seed.registryEndpoint;
      // ECR reads then reflect the real registry, and ECR writes reach it (sim/ecr/registry-link.ts).
      linkRegistry(this, seed.registryEndpoint);
    }
    const now = this.world.clock.now();
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
