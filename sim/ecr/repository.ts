/**
 * One simulated ECR repository and its image store. Images are keyed by digest; a tag names at most one
 * image in the repository. The store is reached only through putImage / deleteImage / untag / listImages,
 * so another source of images (a real OCI registry) can feed the same rules.
 */
import { SimError, invalidParameter } from '../errors.js';

/** An image as the repository stores it. */
export interface StoredImage {
  digest: string;
  /** Tags in the order they were attached. */
  tags: string[];
  manifest: string;
  mediaType: string;
  artifactMediaType?: string;
  /** Epoch ms. */
  pushedAt: number;
  sizeBytes: number;
  /** Child manifest digests when this image is an index. */
  children: string[];
  /** Insertion order: paging follows it, so pages stay stable while images are added or removed. */
  seq: number;
}

/** A new image (or a new tag for an existing one). */
export interface ImagePut {
  digest: string;
  manifest: string;
  mediaType: string;
  artifactMediaType?: string;
  pushedAt: number;
  sizeBytes: number;
  children: string[];
  tag?: string;
}

/** A wildcard tag filter of a *_WITH_EXCLUSION mutability setting. */
export interface TagMutabilityExclusion {
  filterType: 'WILDCARD';
  filter: string;
}

/** How a repository is configured. */
export interface RepositorySettings {
  name: string;
  /** Creation order, for paging DescribeRepositories. */
  order: number;
  arn: string;
  registryId: string;
  uri: string;
  createdAt: number;
  imageTagMutability: 'MUTABLE' | 'IMMUTABLE' | 'MUTABLE_WITH_EXCLUSION' | 'IMMUTABLE_WITH_EXCLUSION';
  exclusionFilters: TagMutabilityExclusion[];
  scanOnPush: boolean;
  encryption: { encryptionType: string; kmsKey?: string };
  tags: { Key: string; Value: string }[];
}

const REPOSITORY_NAME = /^[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*$/;

/** Throws InvalidParameterException unless `name` follows ECR's repository naming rules. */
export function checkRepositoryName(name: unknown): string {
  if (typeof name !== 'string' || name.length < 2 || name.length > 256 || !REPOSITORY_NAME.test(name)) {
    throw invalidParameter(
      `Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression '(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*' and be 2-256 characters long'`,
    );
  }
  return name;
}

function wildcard(filter: string): RegExp {
  return new RegExp(`^${filter.replace(/[.+^${}()|[\]\\?]/g, '\\$&').replace(/\*/g, '.*')}$`);
}

/** A repository: settings plus the image store. */
export class EcrRepository {
  private readonly images = new Map<string, StoredImage>();
  private readonly tagged = new Map<string, string>();
  /** child digest -> digests of the indexes that reference it */
  private readonly parents = new Map<string, Set<string>>();
  private seq = 0;

  constructor(readonly settings: RepositorySettings) {}

  /** True when pushing `tag` onto another image must be refused. */
  isTagImmutable(tag: string): boolean {
    const { imageTagMutability, exclusionFilters } = this.settings;
    const excluded = exclusionFilters.some((exclusion) => wildcard(exclusion.filter).test(tag));
    if (imageTagMutability === 'IMMUTABLE') return true;
    if (imageTagMutability === 'IMMUTABLE_WITH_EXCLUSION') return !excluded;
    if (imageTagMutability === 'MUTABLE_WITH_EXCLUSION') return excluded;
    return false;
  }

  /** The image a digest names. */
  byDigest(digest: string): StoredImage | undefined {
    return this.images.get(digest);
  }

  /** The image a tag names. */
  byTag(tag: string): StoredImage | undefined {
    const digest = this.tagged.get(tag);
    return digest === undefined ? undefined : this.images.get(digest);
  }

  /** Every image in push order. */
  listImages(): StoredImage[] {
    return [...this.images.values()];
  }

  /** Number of images. */
  get size(): number {
    return this.images.size;
  }

  /** Indexes in this repository that reference `digest`. */
  parentsOf(digest: string): string[] {
    return [...(this.parents.get(digest) ?? [])];
  }

  /**
   * Stores an image or adds a tag to it, with ECR's rules: the same manifest under a tag it already has is
   * ImageAlreadyExistsException; a tag held by another image moves (mutable) or is refused (immutable).
   * Returns the stored image and the digest the tag moved away from, if any.
   */
  putImage(put: ImagePut): { image: StoredImage; created: boolean; movedFrom?: string } {
    const existing = this.images.get(put.digest);
    if (existing && (put.tag === undefined || existing.tags.includes(put.tag))) {
      throw new SimError(
        'ImageAlreadyExistsException',
        `Image with digest '${put.digest}'${put.tag ? ` and tag '${put.tag}'` : ''} already exists in the repository with name '${this.settings.name}' in registry with id '${this.settings.registryId}'`,
      );
    }
    const holder = put.tag === undefined ? undefined : this.tagged.get(put.tag);
    if (
      put.tag !== undefined &&
      holder !== undefined &&
      holder !== put.digest &&
      this.isTagImmutable(put.tag)
    ) {
      throw new SimError(
        'ImageTagAlreadyExistsException',
        `The image tag '${put.tag}' already exists in the '${this.settings.name}' repository and cannot be overwritten because the tag is immutable.`,
      );
    }
    let movedFrom: string | undefined;
    if (put.tag !== undefined && holder !== undefined && holder !== put.digest) {
      this.removeTag(put.tag);
      movedFrom = holder;
    }
    const image = existing ?? {
      digest: put.digest,
      tags: [],
      manifest: put.manifest,
      mediaType: put.mediaType,
      artifactMediaType: put.artifactMediaType,
      pushedAt: put.pushedAt,
      sizeBytes: put.sizeBytes,
      children: put.children,
      seq: ++this.seq,
    };
    if (!existing) {
      this.images.set(image.digest, image);
      for (const child of image.children) {
        const set = this.parents.get(child) ?? new Set<string>();
        set.add(image.digest);
        this.parents.set(child, set);
      }
    }
    if (put.tag !== undefined) {
      image.tags.push(put.tag);
      this.tagged.set(put.tag, image.digest);
    }
    return { image, created: !existing, movedFrom };
  }

  /** Removes an image and all its tags. */
  deleteImage(digest: string): StoredImage | undefined {
    const image = this.images.get(digest);
    if (!image) return undefined;
    for (const tag of image.tags) this.tagged.delete(tag);
    this.images.delete(digest);
    for (const child of image.children) {
      const set = this.parents.get(child);
      set?.delete(digest);
      if (set?.size === 0) this.parents.delete(child);
    }
    return image;
  }

  /** Removes one tag; the image stays (ECR deletes it only when its last tag goes, see BatchDeleteImage). */
  removeTag(tag: string): StoredImage | undefined {
    const image = this.byTag(tag);
    if (!image) return undefined;
    image.tags = image.tags.filter((held) => held !== tag);
    this.tagged.delete(tag);
    return image;
  }
}
