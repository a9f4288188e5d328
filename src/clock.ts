/** Time for waiting logic, injectable so tests and the simulator can run it faster than real time. */

/** A source of time and a way to wait. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
  /** Resolves after `ms` (clock) milliseconds, or rejects with the signal's reason when aborted. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock, optionally running `scale` times faster (only the simulator sets a scale, through
 * ECS_KIT_TIME_SCALE, so that the kit's waits and AWS's simulated delays pass at the same speed).
 */
export function systemClock(scale = 1): Clock {
  const originReal = Date.now();
  return {
    now: () => originReal + (Date.now() - originReal) * scale,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(signal.reason);
        const timer = setTimeout(
          () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
          Math.max(0, ms / scale),
        );
        const onAbort = () => {
          clearTimeout(timer);
          reject(signal?.reason);
        };
        signal?.addEventListener('abort', onAbort, { once: true });
      }),
  };
}
