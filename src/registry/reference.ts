/** Image references as users write them: `repo:tag`, `repo@sha256:…`, or a full ECR URI. */
import { repositoryNameProblem, tagProblem } from './image-names.js';

/** A parsed reference to one image in an ECR repository. */
export interface EcrImageReference {
  /** The account that owns the registry, when the reference names an ECR host. */
  registryId?: string;
  /** The region of the ECR host, when named. */
  region?: string;
  repository: string;
  tag?: string;
  digest?: string;
}

const ECR_HOST = /^(\d{12})\.dkr\.ecr(?:-fips)?\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?$/;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Parses a reference; throws with what was expected when it is not one. */
export function parseEcrImageReference(text: string): EcrImageReference {
  let rest = text.trim();
  const reference: Partial<EcrImageReference> = {};
  const slash = rest.indexOf('/');
  const firstComponent = slash > 0 ? rest.slice(0, slash) : '';
  if (firstComponent.includes('.') || firstComponent.includes(':')) {
    const host = ECR_HOST.exec(firstComponent);
    if (!host)
      throw new Error(
        `'${firstComponent}' is not an ECR registry host (<account>.dkr.ecr.<region>.amazonaws.com)`,
      );
    reference.registryId = host[1];
    reference.region = host[2];
    rest = rest.slice(slash + 1);
  }
  const at = rest.indexOf('@');
  if (at >= 0) {
    reference.digest = rest.slice(at + 1);
    if (!DIGEST.test(reference.digest)) throw new Error(`'${reference.digest}' is not a sha256 digest`);
    rest = rest.slice(0, at);
  }
  const colon = rest.lastIndexOf(':');
  if (colon >= 0) {
    reference.tag = rest.slice(colon + 1);
    const problem = tagProblem(reference.tag);
    if (problem) throw new Error(`tag '${reference.tag}' ${problem}`);
    rest = rest.slice(0, colon);
  }
  const problem = repositoryNameProblem(rest);
  if (problem) throw new Error(`repository '${rest}' ${problem}`);
  if (!reference.tag && !reference.digest) throw new Error(`'${text}' names no tag or digest`);
  return { ...reference, repository: rest };
}

/** The reference as text (`repo@digest` when the digest is known, else `repo:tag`). */
export function formatEcrImageReference(reference: EcrImageReference): string {
  return reference.digest
    ? `${reference.repository}@${reference.digest}`
    : `${reference.repository}:${reference.tag}`;
}
