/** The rolling gate: the new ECS deployment's tasks healthy in every target group of the service. */
import type { WaitForHealthyOptions } from './index.js';
import type { HealthVerdict } from './types.js';

/** Gates a rolling deployment (body lands next; the signature is what ecs-deploy builds on). */
export function gateRollingDeployment(options: WaitForHealthyOptions): Promise<HealthVerdict> {
  return Promise.reject(new Error(`health gate for ${options.service}: not implemented yet`));
}
