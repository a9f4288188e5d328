/**
 * `npm run sim -- [--port N] [--time-scale X] [--seed N] [--world file.json] [--data-plane]`: runs the
 * simulator in the foreground and prints the AWS_ENDPOINT_URL to use (and, with --data-plane, the listener URLs).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSimulator } from './server.js';
import type { WorldSeed } from './world.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    'time-scale': { type: 'string', default: '1' },
    seed: { type: 'string', default: '42' },
    world: { type: 'string' },
    'data-plane': { type: 'boolean', default: false },
  },
});

const world = values.world ? (JSON.parse(readFileSync(values.world, 'utf8')) as WorldSeed) : undefined;
const simulator = await startSimulator({
  port: Number(values.port),
  timeScale: Number(values['time-scale']),
  seed: Number(values.seed),
  world,
  dataPlane: values['data-plane'],
});
console.log(`ecs-kit simulator listening: AWS_ENDPOINT_URL=${simulator.endpoint}`);
for (const listener of simulator.world.dataPlane?.listeners() ?? []) {
  console.log(`listener ${listener.loadBalancer}:${listener.port} -> ${listener.url}`);
}
const stop = () => void simulator.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
