/** The fault matrix: every scenario × fault × behaviour × seed, run with bounded concurrency. */
import {
  cellName,
  runCase,
  SCENARIOS,
  type MatrixCase,
  type MatrixOutcome,
  type ScenarioName,
} from './matrix-scenarios.js';
import { BEHAVIOURS, FAULTS } from './matrix-world.js';

/** Every cell for `seeds` seeds (1..seeds), optionally only some scenarios. */
export function matrixCases(seeds: number, scenarios: readonly ScenarioName[] = SCENARIOS): MatrixCase[] {
  const cases: MatrixCase[] = [];
  for (let seed = 1; seed <= seeds; seed++)
    for (const scenario of scenarios)
      for (const fault of FAULTS)
        for (const behaviour of BEHAVIOURS) cases.push({ scenario, fault, behaviour, seed });
  return cases;
}

/**
 * A small deterministic slice for CI: per scenario, the healthy image under one fault and a failing
 * behaviour under another, both rotating with the scenario's index and `seed`.
 */
export function matrixSlice(seed: number): MatrixCase[] {
  return SCENARIOS.flatMap((scenario, index) => [
    { scenario, fault: FAULTS[(seed + index) % FAULTS.length], behaviour: BEHAVIOURS[0], seed },
    {
      scenario,
      fault: FAULTS[(seed + index + 1) % FAULTS.length],
      behaviour: BEHAVIOURS[1 + ((seed + index) % (BEHAVIOURS.length - 1))],
      seed,
    },
  ]);
}

/** Runs cases `concurrency` at a time; `onResult` sees each outcome as it finishes. */
export async function runMatrix(
  cases: MatrixCase[],
  concurrency: number,
  onResult?: (outcome: MatrixOutcome) => void,
): Promise<MatrixOutcome[]> {
  const outcomes: MatrixOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const c = cases[next++];
      let outcome: MatrixOutcome;
      try {
        outcome = await runCase(c);
      } catch (error) {
        outcome = {
          cell: cellName(c),
          code: null,
          reported: '',
          violations: [`harness error: ${String(error)}`],
          durationMs: 0,
          calls: 0,
          faults: 0,
        };
      }
      outcomes.push(outcome);
      onResult?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  return outcomes;
}
