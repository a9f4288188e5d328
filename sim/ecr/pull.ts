/**
 * What a container runtime's pull of an image from this registry finds: nothing wrong, or the reason ECS
 * stops the task with (CannotPullContainerError, in the wording Fargate's stopped tasks carry). Images of
 * other registries (Docker Hub, public ECR, another account or region) are assumed pullable.
 */
import type { EcrStore } from './store.js';

/** Why pulling `image` from the simulated registry fails, or undefined when it would succeed. */
export function pullFailure(store: EcrStore, image: string): string | undefined {
  const host = `${store.sim.accountId}.dkr.ecr.${store.sim.region}.amazonaws.com/`;
  if (!image.startsWith(host)) return undefined;
  const path = image.slice(host.length);
  const at = path.indexOf('@');
  const named = at >= 0 ? path.slice(0, at) : path;
  const colon = named.lastIndexOf(':');
  const repositoryName = colon >= 0 ? named.slice(0, colon) : named;
  const tag = colon >= 0 ? named.slice(colon + 1) : 'latest';
  const repository = store.repositories.get(repositoryName);
  const found =
    repository && (at >= 0 ? repository.byDigest(path.slice(at + 1)) : repository.byTag(tag)) !== undefined;
  if (found) return undefined;
  const reference = at >= 0 || colon >= 0 ? image : `${image}:latest`;
  return `CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref ${reference}: ${reference}: not found`;
}
