/**
 * A small client for a real OCI registry's HTTP API v2 (the `docker-registry` package on 127.0.0.1):
 * catalog, tag lists, manifests by tag or digest, manifest puts. The registry link uses it to make the
 * simulated ECR show what was really pushed.
 */

/** Every manifest media type we accept, so the registry returns what was pushed without conversion. */
export const ACCEPTED_MANIFESTS = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** A manifest as the registry stores it. */
export interface RegistryManifest {
  /** Docker-Content-Digest. */
  digest: string;
  mediaType: string;
  body: string;
}

/** A registry answered with an error: status plus the first error code of its JSON body. */
export class RegistryError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

async function registryError(response: Response, what: string): Promise<RegistryError> {
  const text = await response.text();
  let code = `HTTP_${response.status}`;
  try {
    const parsed = JSON.parse(text) as { errors?: { code?: string; message?: string }[] };
    code = parsed.errors?.[0]?.code ?? code;
  } catch {
    // Not JSON: keep the status as the code.
  }
  return new RegistryError(
    response.status,
    code,
    `registry ${what}: ${response.status} ${code} ${text.trim()}`,
  );
}

/** Talks to one registry, e.g. `http://127.0.0.1:5000`. */
export class RegistryClient {
  readonly base: string;

  constructor(endpoint: string) {
    this.base = endpoint.replace(/\/+$/, '');
  }

  /** Repository names (`/v2/_catalog`, following `Link` pages). */
  async catalog(): Promise<string[]> {
    const names: string[] = [];
    let path: string | undefined = '/v2/_catalog?n=1000';
    while (path) {
      const response = await fetch(`${this.base}${path}`);
      if (!response.ok) throw await registryError(response, 'catalog');
      names.push(...(((await response.json()) as { repositories?: string[] }).repositories ?? []));
      path = /<([^>]+)>;\s*rel="next"/.exec(response.headers.get('link') ?? '')?.[1];
    }
    return names;
  }

  /** Tags of a repository; empty when the registry does not know the repository. */
  async tags(repository: string): Promise<string[]> {
    const response = await fetch(`${this.base}/v2/${repository}/tags/list`);
    if (response.status === 404) return [];
    if (!response.ok) throw await registryError(response, `tags of ${repository}`);
    return ((await response.json()) as { tags?: string[] | null }).tags ?? [];
  }

  /** The digest a tag or digest resolves to (HEAD), or undefined when unknown. */
  async head(repository: string, reference: string): Promise<string | undefined> {
    const response = await fetch(`${this.base}/v2/${repository}/manifests/${reference}`, {
      method: 'HEAD',
      headers: { accept: ACCEPTED_MANIFESTS },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await registryError(response, `HEAD ${repository}:${reference}`);
    return response.headers.get('docker-content-digest') ?? undefined;
  }

  /** A manifest by tag or digest, or undefined when unknown. */
  async manifest(repository: string, reference: string): Promise<RegistryManifest | undefined> {
    const response = await fetch(`${this.base}/v2/${repository}/manifests/${reference}`, {
      headers: { accept: ACCEPTED_MANIFESTS },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await registryError(response, `GET ${repository}:${reference}`);
    const body = await response.text();
    const digest = response.headers.get('docker-content-digest');
    const mediaType = response.headers.get('content-type');
    if (!digest || !mediaType) {
      throw new RegistryError(502, 'NO_DIGEST', `registry GET ${repository}:${reference}: no digest or type`);
    }
    return { digest, mediaType, body };
  }

  /** Stores a manifest under a tag (or by digest); returns the registry's digest. */
  async putManifest(options: {
    repository: string;
    reference: string;
    body: string;
    mediaType: string;
  }): Promise<string> {
    const { repository, reference } = options;
    const response = await fetch(`${this.base}/v2/${repository}/manifests/${reference}`, {
      method: 'PUT',
      headers: { 'content-type': options.mediaType },
      body: options.body,
    });
    if (!response.ok) throw await registryError(response, `PUT ${repository}:${reference}`);
    return response.headers.get('docker-content-digest') ?? '';
  }
}
