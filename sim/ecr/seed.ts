/** What a world seed may hold for ECR: repositories, their images, and a linked real registry. */

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
