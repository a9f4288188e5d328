/**
 * Load around an action: requests run `before` for a while, `during` the action, and `after` it for a
 * while, then the load stops. The generator's own bounds (request count, real time) still apply.
 */
import { startLoad, type LoadOptions } from './generator.js';
import type { LoadReport } from './report.js';

/** Options for measurePhases. */
export interface PhasedLoadOptions<T> extends Omit<LoadOptions, 'phase'> {
  /** Real milliseconds of load before the action starts. */
  beforeMs: number;
  /** Real milliseconds of load after the action ends. */
  afterMs: number;
  /** The action measured (a deployment); the `during` phase lasts as long as it runs. */
  during: () => Promise<T>;
}

/** What measurePhases returns: the load figures and the action's result. */
export interface PhasedLoadResult<T> {
  report: LoadReport;
  result: T;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs load before, during and after `during()`; the load stops even when the action throws. */
export async function measurePhases<T>(options: PhasedLoadOptions<T>): Promise<PhasedLoadResult<T>> {
  const { beforeMs, afterMs, during, ...load } = options;
  let phase = 'before';
  const run = startLoad({ ...load, phase: () => phase });
  try {
    await sleep(beforeMs);
    phase = 'during';
    const result = await during();
    phase = 'after';
    await sleep(afterMs);
    return { report: await run.stop(), result };
  } catch (error) {
    await run.stop();
    throw error;
  }
}
