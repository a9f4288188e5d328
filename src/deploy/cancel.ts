/** Stopping before a mutating step once the run is cancelled, saying what state the services were left in. */
import { errorMessage } from '../errors.js';

/** Throws when `signal` fired: `cancelled by SIGTERM before <step>: <state>`. */
export function throwIfCancelled(signal: AbortSignal | undefined, step: string, state: string): void {
  if (signal?.aborted) throw new Error(`${errorMessage(signal.reason)} before ${step}: ${state}`);
}
