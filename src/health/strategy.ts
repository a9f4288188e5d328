/**
 * The health gate's one entry for the wait-healthy action: every strategy takes the shared options
 * (HealthGateOptions plus its own fields) and reports a WaitReport.
 */
import { runBlueGreen, type BlueGreenOptions } from './blue-green.js';
import { runNative, type NativeOptions } from './native.js';
import { runRolling, type RollingOptions } from './rolling.js';
import type { WaitReport } from './types.js';

/** The strategies: rolling (ECS replaces tasks), kit-managed blue/green, ECS native blue/green. */
export type StrategyKind = WaitReport['strategy'];

/** Each strategy's options. */
export interface StrategyOptions {
  rolling: RollingOptions;
  'blue-green': BlueGreenOptions;
  native: NativeOptions;
}

const RUNNERS: { [K in StrategyKind]: (options: StrategyOptions[K]) => Promise<WaitReport> } = {
  rolling: runRolling,
  'blue-green': runBlueGreen,
  native: runNative,
};

/**
 * Runs the `kind` strategy to its verdict. Never throws for an unhealthy deployment (the report says so,
 * and what was rolled back); throws for bad input before any change.
 */
export function runStrategy<K extends StrategyKind>(
  kind: K,
  options: StrategyOptions[K],
): Promise<WaitReport> {
  return RUNNERS[kind](options);
}
