/**
 * How a native deployment moves production traffic, per the LinearConfiguration and CanaryConfiguration
 * API references: BLUE_GREEN shifts 100 % at once; LINEAR shifts `stepPercent` (default 10) every
 * `stepBakeTimeInMinutes` (default 6, not after reaching 100 %); CANARY shifts `canaryPercent` (default 5),
 * waits `canaryBakeTimeInMinutes` (default 10), then shifts the rest.
 */
import type { DeploymentConfigurationRecord } from './records.js';

/** The production weights of the new revision, in order, and the wait between them. */
export interface ProductionTrafficPlan {
  /** Whole percentages (listener weights are integers), ending with 100. */
  percents: number[];
  waitMs: number;
}

interface LinearSettings {
  stepPercent?: number;
  stepBakeTimeInMinutes?: number;
}

interface CanarySettings {
  canaryPercent?: number;
  canaryBakeTimeInMinutes?: number;
}

/** The production traffic plan of a deployment configuration. */
export function productionTrafficPlan(configuration: DeploymentConfigurationRecord): ProductionTrafficPlan {
  if (configuration.strategy === 'LINEAR') {
    const linear = (configuration.linearConfiguration ?? {}) as LinearSettings;
    const step = linear.stepPercent ?? 10;
    const percents: number[] = [];
    for (let share = step; share < 100; share += step) percents.push(Math.max(1, Math.round(share)));
    return { percents: [...percents, 100], waitMs: (linear.stepBakeTimeInMinutes ?? 6) * 60_000 };
  }
  if (configuration.strategy === 'CANARY') {
    const canary = (configuration.canaryConfiguration ?? {}) as CanarySettings;
    const share = Math.min(100, Math.max(1, Math.round(canary.canaryPercent ?? 5)));
    return {
      percents: share >= 100 ? [100] : [share, 100],
      waitMs: (canary.canaryBakeTimeInMinutes ?? 10) * 60_000,
    };
  }
  return { percents: [100], waitMs: 0 };
}
