/**
 * Container image references, checked with the grammar Docker and ECR use
 * (`[registry[:port]/]path[:tag][@digest]`), so a typo or an unreplaced placeholder such as `<IMAGE>` or
 * `${IMAGE}` fails before registration instead of as CannotPullContainerError minutes into a rollout.
 */

const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[0-9a-fA-F:]+\\])(?::[0-9]+)?`;
const PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^(?:(${DOMAIN})/)?(${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const MAX_NAME_LENGTH = 255;

/** A parsed image reference. */
export interface ImageReference {
  /** Registry host (and port), when the reference names one. */
  registry?: string;
  /** Repository path, e.g. `shop/web`. */
  repository: string;
  tag?: string;
  digest?: string;
}

/** Parses an image reference; undefined when it does not follow the reference grammar. */
export function parseImageReference(reference: string): ImageReference | undefined {
  const match = REFERENCE.exec(reference);
  if (!match) return undefined;
  const [, , , tag, digest] = match;
  let registry: string | undefined = match[1];
  let repository = match[2];
  // `nginx/unit` is Docker Hub's nginx org, not a registry named nginx: only a component with a dot,
  // a port or `localhost` is a registry. The regex may have taken a plain path component as domain.
  if (registry && !/[.:[]/.test(registry) && registry !== 'localhost') {
    if (!new RegExp(`^${PATH_COMPONENT}$`).test(registry)) return undefined;
    repository = `${registry}/${repository}`;
    registry = undefined;
  }
  const nameLength = (registry ? registry.length + 1 : 0) + repository.length;
  if (nameLength > MAX_NAME_LENGTH) return undefined;
  return { registry, repository, tag, digest };
}

const whole = (pattern: string) => new RegExp(`^(?:${pattern})$`);

/**
 * Which part of an invalid reference is wrong: the reference is split the way the grammar reads it
 * (`@digest` last, `:tag` after the last `/`, a first component with a dot, a port or `localhost` is the
 * registry host) and each part is checked on its own.
 */
function wrongPart(reference: string): string | undefined {
  const at = reference.indexOf('@');
  const digest = at >= 0 ? reference.slice(at + 1) : undefined;
  const name = at >= 0 ? reference.slice(0, at) : reference;
  const colon = name.lastIndexOf(':');
  const tag = colon > name.lastIndexOf('/') ? name.slice(colon + 1) : undefined;
  const path = tag === undefined ? name : name.slice(0, colon);
  const slash = path.indexOf('/');
  const first = slash >= 0 ? path.slice(0, slash) : undefined;
  const registry = first !== undefined && (/[.:[]/.test(first) || first === 'localhost') ? first : undefined;
  const repository = registry === undefined ? path : path.slice(slash + 1);
  if (registry !== undefined && !whole(DOMAIN).test(registry))
    return `has an invalid registry host '${registry}' (expected a host name with an optional :port)`;
  if (!whole(`${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`).test(repository))
    return `has an invalid repository '${repository}' (expected lower-case parts of a-z and 0-9, separated by . _ __ or -, joined by /)`;
  if (tag !== undefined && !whole(TAG).test(tag))
    return `has an invalid tag '${tag}' (expected up to 128 letters, digits, _ . or -, not starting with . or -)`;
  if (digest !== undefined && !whole(DIGEST).test(digest))
    return `has an invalid digest '${digest}' (expected algorithm:hex, such as sha256: and 64 hex digits)`;
  if (path.length > MAX_NAME_LENGTH) return `has a name longer than ${MAX_NAME_LENGTH} characters`;
  return undefined;
}

/** Why `reference` is not a usable image reference (naming the part that is wrong), or undefined when it is. */
export function imageReferenceProblem(reference: string): string | undefined {
  if (reference.trim() === '') return 'is empty';
  if (/[<>{}$%]/.test(reference) || /__[A-Z0-9_]+__/.test(reference))
    return `'${reference}' looks like an unreplaced placeholder`;
  if (!parseImageReference(reference)) {
    const part = wrongPart(reference);
    return part
      ? `'${reference}' ${part}`
      : `'${reference}' is not an image reference such as 123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v1 or nginx:1.27`;
  }
  return undefined;
}

/**
 * True when the reference pins nothing immutable and names the conventional moving tag: no digest, and
 * the tag is `latest` or absent. Such an image may have been re-pushed under the same name, so an
 * otherwise unchanged task definition still warrants a new deployment.
 */
export function isMovingTag(reference: string): boolean {
  const parsed = parseImageReference(reference);
  if (!parsed || parsed.digest) return false;
  return parsed.tag === undefined || parsed.tag === 'latest';
}
