/**
 * How a container image behaves when the simulator runs it: set per image reference through
 * `/_sim/behaviours`. Lookup order: the exact image string, then `repository:tag`, then `@digest`,
 * then `:tag` alone, then the `*` default (healthy).
 */

/** The behaviours a task's image can have. */
export type BehaviourKind =
  'healthy' | 'never-healthy' | 'crash-loop' | 'flaky' | 'slow-start' | 'user-errors' | 'slow';

/** One image's behaviour; durations are simulated milliseconds. */
export interface ImageBehaviour {
  kind: BehaviourKind;
  /** PENDING → RUNNING takes this long (default 2000). */
  startDelayMs?: number;
  /** crash-loop: the container exits this long after RUNNING (default 5000) with `exitCode` (default 1). */
  crashAfterMs?: number;
  /** crash-loop with the data plane on: the container also exits after answering this many HTTP requests. */
  crashAfterRequests?: number;
  exitCode?: number;
  /** flaky: each health check fails with this probability, 0-100 (default 30). */
  failPercent?: number;
  /** slow-start: health checks fail until the task has been RUNNING this long (default 120000). */
  healthyAfterMs?: number;
  /**
   * user-errors and slow: the health-check path, always answered 200 at once (default `/health`); only
   * other paths fail or lag, so the target stays healthy while users see errors.
   */
  healthPath?: string;
  /** user-errors: share of other requests answered with `errorStatus`, 0-100 (default 20). */
  errorPercent?: number;
  /** user-errors: the status of a failed answer (default 500). */
  errorStatus?: number;
  /** slow: real milliseconds added to every answer on other paths (default 200). */
  latencyMs?: number;
}

/** The path a user-errors or slow image answers healthily. */
export function healthPathOf(behaviour: ImageBehaviour): string {
  return behaviour.healthPath ?? '/health';
}

/** Default behaviour: starts in 2 s and passes every health check. */
export const HEALTHY: ImageBehaviour = { kind: 'healthy' };

/** Image reference → behaviour registry. */
export class BehaviourRegistry {
  private byImage = new Map<string, ImageBehaviour>();

  /** Sets (or replaces) behaviours; keys are image references, `:tag`, `@digest` or `*`. */
  set(entries: Record<string, ImageBehaviour>): void {
    for (const [image, behaviour] of Object.entries(entries)) this.byImage.set(image, behaviour);
  }

  /** All behaviours set so far. */
  all(): Record<string, ImageBehaviour> {
    return Object.fromEntries(this.byImage);
  }

  /** The behaviour of a container image reference. */
  lookup(image: string): ImageBehaviour {
    const exact = this.byImage.get(image);
    if (exact) return exact;
    const at = image.indexOf('@');
    const digest = at >= 0 ? image.slice(at) : undefined;
    const withoutDigest = at >= 0 ? image.slice(0, at) : image;
    const slash = withoutDigest.lastIndexOf('/');
    const colon = withoutDigest.lastIndexOf(':');
    const tag = colon > slash ? withoutDigest.slice(colon) : undefined;
    const repository = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
    const repositoryName = repository.slice(repository.indexOf('/') + 1);
    const candidates = [
      tag && `${repository}${tag}`,
      tag && `${repositoryName}${tag}`,
      digest,
      tag,
      repository,
      repositoryName,
      '*',
    ];
    for (const key of candidates) {
      if (key && this.byImage.has(key)) return this.byImage.get(key)!;
    }
    return HEALTHY;
  }
}

/** Simulated milliseconds from PENDING to RUNNING (the image pull and container start). */
export function startDelayMs(behaviour: ImageBehaviour): number {
  return behaviour.startDelayMs ?? 2000;
}

/** Simulated milliseconds a crash-loop container runs before it exits, or undefined when it never exits. */
export function crashAfterMs(behaviour: ImageBehaviour): number | undefined {
  return behaviour.kind === 'crash-loop' ? (behaviour.crashAfterMs ?? 5000) : undefined;
}

/** The exit code a crash-loop container exits with. */
export function crashExitCode(behaviour: ImageBehaviour): number {
  return behaviour.exitCode ?? 1;
}

/**
 * Whether one load balancer health check of a RUNNING container passes. `chance(percent)` draws from the
 * world's seeded PRNG, so flaky behaviour repeats per seed.
 */
export function passesHealthCheck(
  behaviour: ImageBehaviour,
  context: { runningForMs: number; chance: (percent: number) => boolean },
): boolean {
  switch (behaviour.kind) {
    case 'never-healthy':
      return false;
    case 'flaky':
      return !context.chance(behaviour.failPercent ?? 30);
    case 'slow-start':
      return context.runningForMs >= (behaviour.healthyAfterMs ?? 120_000);
    default:
      return true;
  }
}
