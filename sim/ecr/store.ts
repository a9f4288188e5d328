/**
 * The ECR model's state: repositories and their images, with ECR's tag rules and named errors. Every
 * change is recorded on the timeline. The operation handlers work on this, never on the model.
 */
import { SimError } from '../errors.js';
import type { ModelContext } from '../model-context.js';
import { EcrRepository, type ImagePut, type RepositorySettings, type StoredImage } from './repository.js';

/** Repositories by name, and the registry they live in. */
export class EcrStore {
  readonly repositories = new Map<string, EcrRepository>();
  /** A real OCI registry linked by the seed (sim/ecr/registry-link.ts), if any. */
  registryEndpoint: string | undefined;
  private repositoryCounter = 0;

  constructor(readonly sim: ModelContext) {}

  /** The registry host images are pulled from: `<account>.dkr.ecr.<region>.amazonaws.com`. */
  get registryHost(): string {
    // A linked registry serves the images: repository URIs must name it for docker push to reach it.
    if (this.registryEndpoint) return new URL(this.registryEndpoint).host;
    return `${this.sim.accountId}.dkr.ecr.${this.sim.region}.amazonaws.com`;
  }

  /** The repository called `name`, or RepositoryNotFoundException. */
  repository(name: unknown): EcrRepository {
    const repository = typeof name === 'string' ? this.repositories.get(name) : undefined;
    if (!repository) {
      throw new SimError(
        'RepositoryNotFoundException',
        `The repository with name '${String(name)}' does not exist in the registry with id '${this.sim.accountId}'`,
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
        `The repository with name '${settings.name}' already exists in the registry with id '${this.sim.accountId}'`,
      );
    }
    const repository = new EcrRepository({
      ...settings,
      order: ++this.repositoryCounter,
      arn: this.sim.arn('ecr', `repository/${settings.name}`),
      registryId: this.sim.accountId,
      uri: `${this.registryHost}/${settings.name}`,
    });
    this.repositories.set(settings.name, repository);
    this.sim.record('ecr.repository-created', { repository: settings.name });
    return repository;
  }

  /** Stores an image (or a tag for it) with ECR's tag rules, and records the push on the timeline. */
  putImage(repositoryName: string, put: ImagePut): StoredImage {
    const repository = this.repository(repositoryName);
    const { image, created, movedFrom } = repository.putImage(put);
    this.sim.record('ecr.image-pushed', {
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
      this.sim.record('ecr.image-deleted', { repository: repositoryName, digest, tags: image.tags });
    }
    return image;
  }

  /** Removes one tag; when it was the image's last tag the image is deleted too (as ECR does). */
  untagImage(repositoryName: string, tag: string): { image?: StoredImage; deleted: boolean } {
    const repository = this.repository(repositoryName);
    const image = repository.removeTag(tag);
    if (!image) return { deleted: false };
    this.sim.record('ecr.image-untagged', { repository: repositoryName, digest: image.digest, tag });
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
    this.sim.record('ecr.repository-deleted', { repository: name, images: repository.size });
    return repository;
  }
}
