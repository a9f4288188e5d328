/** The simulated Ecr service (placeholder: filled in by the ecr model work). */
import type { Handler, World } from '../world.js';

/** An image in a seed. The digest defaults to the sha256 of a generated manifest. */
export interface ImageSeed {
  tags?: string[];
  digest?: string;
  /** ISO date or epoch ms; default: now. */
  pushedAt?: string | number;
  sizeBytes?: number;
  manifest?: string;
  mediaType?: string;
}

/** What a world seed may hold for ECR (sections documented in sim/README.md). */
export interface EcrSeed {
  repositories?: {
    name: string;
    imageTagMutability?: 'MUTABLE' | 'IMMUTABLE';
    scanOnPush?: boolean;
    images?: ImageSeed[];
  }[];
  /** A real OCI registry (e.g. http://127.0.0.1:5000) that GetAuthorizationToken names as proxyEndpoint. */
  registryEndpoint?: string;
}

/** Ecr state and operation handlers. */
export class EcrModel {
  readonly handlers: Record<string, Handler> = {};

  constructor(readonly world: World) {}

  /** Adds seeded resources. */
  seed(_seed: EcrSeed): void {}

  /** Plain-data state for /_sim/state. */
  snapshot(): Record<string, unknown> {
    return {};
  }

  /** Releases timers or sockets. */
  stop?(): void;
}
