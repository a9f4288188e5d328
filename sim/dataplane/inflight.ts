/**
 * Requests in flight through the listener proxies, by target (target group, address, port), so that the
 * end of a target's deregistration delay can cut the ones still running, as ALB closes its connections.
 */

/** Targets are tracked by target group, address and port. */
export function targetKey(targetGroupArn: string, id: string, port: number): string {
  return `${targetGroupArn}|${id}|${port}`;
}

/** In-flight requests, each with the function that cuts it. */
export class InflightRequests {
  private readonly byTarget = new Map<string, Set<() => void>>();

  /** Registers a request to a target; returns the function that unregisters it once it finished. */
  track(key: string, cut: () => void): () => void {
    let set = this.byTarget.get(key);
    if (!set) {
      set = new Set();
      this.byTarget.set(key, set);
    }
    const requests = set;
    requests.add(cut);
    return () => {
      requests.delete(cut);
      if (requests.size === 0 && this.byTarget.get(key) === requests) this.byTarget.delete(key);
    };
  }

  /** Requests in flight to a target right now. */
  count(key: string): number {
    return this.byTarget.get(key)?.size ?? 0;
  }

  /** Cuts every request in flight to a target; returns how many there were. */
  cutAll(key: string): number {
    const requests = this.byTarget.get(key);
    if (!requests) return 0;
    this.byTarget.delete(key);
    const cuts = [...requests];
    // Each cut unregisters itself from `requests` as it runs.
    for (const cut of cuts) cut();
    return cuts.length;
  }
}
