/**
 * Finding 4 of docs/RELIABILITY.md, fixed: wait-healthy `rolling` without `deployment-id` gates the PRIMARY
 * deployment. When it starts after the ECS circuit breaker rolled a never-healthy rollout back, PRIMARY is
 * the rollback (old revision); the gate must not call that healthy.
 */
import { expect, test } from '@jest/globals';
import { runAction } from '../helpers/action.js';
import { useSimulator } from '../helpers/simulator.js';
import { rollingWorld } from '../helpers/worlds.js';
import { startRollout } from './matrix-scenarios.js';
import { serviceOf } from './matrix-world.js';

const TIME_SCALE = 100;
const V2 = '123456789012.dkr.ecr.us-east-1.amazonaws.com/shop:v2';

const simulator = useSimulator({ timeScale: TIME_SCALE, world: rollingWorld(), seed: 1 });

test('a gate started after a circuit-breaker rollback does not report the new image healthy', async () => {
  const { sim } = simulator();
  sim.world.behaviours.set({ 'shop:v2': { kind: 'never-healthy' } });
  const { arn } = await startRollout(sim, V2, 'web');
  // Let the circuit breaker roll the service back to shop-web:1 before the gate starts.
  for (let i = 0; i < 120 && serviceOf(sim, 'web').taskDefinition === arn; i++)
    sim.world.clock.advance(30_000);
  expect(serviceOf(sim, 'web').taskDefinition).not.toBe(arn);
  const result = await runAction('wait-healthy', {
    endpoint: sim.endpoint,
    env: { ECS_KIT_TIME_SCALE: String(TIME_SCALE) },
    inputs: { cluster: 'prod', service: 'web', timeout: '15m' },
  });
  expect(result.outputs.verdict).toBe('unhealthy');
  expect(result.code).toBe(1);
  expect(result.stdout).toContain('ECS rolled back the newest deployment');
}, 60_000);
