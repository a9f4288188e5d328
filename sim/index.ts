/** The local AWS simulator (ECS, ECR, ELBv2) for tests, benchmarks and the demo. */
export { startSimulator, type Simulator, type SimulatorOptions } from './server.js';
export { SimControl } from './client.js';
export { World, type WorldSeed, type TimelineEvent } from './world.js';
export type { CallRecord } from './calllog.js';
export type { ImageBehaviour, BehaviourKind } from './behaviour.js';
export type { FaultConfig, FaultRule, RateLimit } from './faults.js';
export { DEFAULT_PRINCIPAL, IAM_PREFIX, type DenyConfig } from './access.js';
export type { ConsistencySettings } from './consistency.js';
