/** What wait-healthy's inputs are checked with: the traffic plan parser and the strategy enums, no SDK. */
export { parseTrafficPlan, totalBakeMs, type TrafficPlan } from './traffic-plan.js';
export { HEALTH_STRATEGIES, OLD_COLOUR_ACTIONS, type HealthStrategy, type OldColourAction } from './types.js';
export { readGateInputs, type GateInputs } from './gate-inputs.js';
