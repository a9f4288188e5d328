/**
 * Links the simulated ECR to a real OCI registry (seed `registryEndpoint`). The registry holds the real
 * images (docker/podman push to it); before every ECR read the simulator syncs each repository's tags
 * from it, and ECR writes (PutImage, BatchDeleteImage) go through to it. Simplifications: sim/ecr/README.md.
 */
import { SimError } from '../errors.js';
import type { Handler } from '../protocol/handler.js';
import { readManifest } from './manifest.js';
import type { EcrStore } from './store.js';
import { RegistryClient, RegistryError } from './registry.js';
import { checkRepositoryName } from './repository.js';

const READS = ['DescribeImages', 'ListImages', 'BatchGetImage', 'DescribeRepositories'];
const linked = new WeakMap<EcrStore, { client: RegistryClient }>();

/** Runs one sync or write at a time: concurrent requests must not interleave their registry reads. */
function serializer() {
  let chain: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const next = chain.then(task, task);
    chain = next.catch(() => undefined);
    return next;
  };
}

function asSimError(error: unknown): SimError {
  if (error instanceof SimError) return error;
  if (error instanceof RegistryError && /BLOB_UNKNOWN/.test(error.code)) {
    // ECR's answer when a manifest references layers the repository does not hold.
    return new SimError('LayersNotFoundException', `the linked registry lacks layers: ${error.message}`);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SimError('ServerException', `linked registry: ${message}`, { status: 500 });
}

/** Copies one manifest (and an index's children) from the registry into the model, untagged. */
async function importImage(
  model: EcrStore,
  client: RegistryClient,
  name: string,
  digest: string,
): Promise<void> {
  const repository = model.repository(name);
  if (repository.byDigest(digest)) return;
  const manifest = await client.manifest(name, digest);
  if (!manifest) throw new Error(`registry lists ${name}@${digest} but does not serve it`);
  const facts = readManifest(manifest.body);
  for (const child of facts.children) await importImage(model, client, name, child);
  model.putImage(name, {
    digest: manifest.digest,
    manifest: manifest.body,
    mediaType: manifest.mediaType,
    artifactMediaType: facts.artifactMediaType,
    pushedAt: model.sim.clock.now(),
    sizeBytes: facts.sizeBytes,
    children: facts.children,
  });
}

/** Makes the model's repositories and tags match the registry (the registry wins). */
async function syncFromRegistry(model: EcrStore, client: RegistryClient): Promise<void> {
  const catalog = await client.catalog();
  for (const name of catalog) {
    if (model.repositories.has(name)) continue;
    try {
      checkRepositoryName(name);
    } catch {
      continue;
    }
    // ECR would refuse a push to a missing repository; the registry accepted it, so show the repository.
    model.createRepository({
      name,
      createdAt: model.sim.clock.now(),
      imageTagMutability: 'MUTABLE',
      exclusionFilters: [],
      scanOnPush: false,
      encryption: { encryptionType: 'AES256' },
      tags: [],
    });
  }
  for (const [name, repository] of model.repositories) {
    if (!catalog.includes(name)) continue;
    const tags = await client.tags(name);
    for (const tag of tags) {
      const digest = await client.head(name, tag);
      if (!digest || repository.byTag(tag)?.digest === digest) continue;
      await importImage(model, client, name, digest);
      // The registry already moved the tag (a push is not subject to ECR's immutability check here).
      repository.removeTag(tag);
      model.putImage(name, { ...repository.byDigest(digest)!, tag });
    }
    for (const image of repository.listImages()) {
      for (const tag of image.tags.filter((held) => !tags.includes(held))) repository.removeTag(tag);
    }
  }
}

/** Rewrites an image's tags in the registry after BatchDeleteImage changed them in the model. */
async function pushDeletions(
  model: EcrStore,
  client: RegistryClient,
  change: { name: string; before: Map<string, string[]> },
): Promise<void> {
  const repository = model.repository(change.name);
  for (const [digest, tagsBefore] of change.before) {
    const image = repository.byDigest(digest);
    if (image && image.tags.length === tagsBefore.length) continue;
    // The registry API cannot untag: delete the manifest, then put it back under the tags that remain.
    const response = await fetch(`${client.base}/v2/${change.name}/manifests/${digest}`, {
      method: 'DELETE',
    });
    if (!response.ok && response.status !== 404) {
      throw new Error(`registry DELETE ${change.name}@${digest}: ${response.status}`);
    }
    for (const tag of image?.tags ?? []) {
      await client.putManifest({
        repository: change.name,
        reference: tag,
        body: image!.manifest,
        mediaType: image!.mediaType,
      });
    }
  }
}

/**
 * Wraps the model's handlers so ECR reads reflect the registry and ECR writes reach it. Called when a seed
 * names `registryEndpoint`.
 */
export function linkRegistry(model: EcrStore, handlers: Record<string, Handler>, endpoint: string): void {
  const existing = linked.get(model);
  if (existing) {
    // Seeded again: follow the new endpoint, keep the wrapped handlers.
    existing.client = new RegistryClient(endpoint);
    return;
  }
  const link = { client: new RegistryClient(endpoint) };
  linked.set(model, link);
  const serialize = serializer();
  const original: Record<string, Handler> = { ...handlers };
  const sync = () =>
    syncFromRegistry(model, link.client).catch((error: unknown) => Promise.reject(asSimError(error)));

  for (const operation of READS) {
    handlers[operation] = (params, context) =>
      serialize(async () => {
        await sync();
        return original[operation](params, context);
      });
  }

  handlers.PutImage = (params, context) =>
    serialize(async () => {
      await sync();
      const repository = model.repository(params.repositoryName);
      const tag = params.imageTag as string | undefined;
      const previousHolder = tag === undefined ? undefined : repository.byTag(tag)?.digest;
      const result = (await original.PutImage(params, context)) as {
        image: { imageId: { imageDigest: string } };
      };
      const digest = result.image.imageId.imageDigest;
      const image = repository.byDigest(digest)!;
      try {
        await link.client.putManifest({
          repository: repository.settings.name,
          reference: tag ?? digest,
          body: image.manifest,
          mediaType: image.mediaType,
        });
      } catch (error) {
        // The registry is the truth: undo what the model accepted.
        if (tag !== undefined) repository.removeTag(tag);
        if (image.tags.length === 0 && previousHolder !== digest) repository.deleteImage(digest);
        await sync();
        throw asSimError(error);
      }
      return result;
    });

  handlers.BatchDeleteImage = (params, context) =>
    serialize(async () => {
      await sync();
      const repository = model.repository(params.repositoryName);
      const before = new Map(repository.listImages().map((image) => [image.digest, [...image.tags]]));
      const result = await original.BatchDeleteImage(params, context);
      await pushDeletions(model, link.client, { name: repository.settings.name, before }).catch(
        (error: unknown) => Promise.reject(asSimError(error)),
      );
      return result;
    });
}
