/**
 * `npm run sim -- [--port N] [--time-scale X] [--seed N] [--region R] [--world file.json] [--data-plane]`:
 * runs the simulator in the foreground and prints the AWS_ENDPOINT_URL to use (and, with --data-plane, the
 * listener URLs). `--help` prints the usage; a bad option prints a one-line error and the usage, exit 2.
 */
import { readFileSync } from 'node:fs';
import { USAGE, parseCliArgs } from './cli-args.js';
import { startSimulator } from './server.js';
import type { WorldSeed } from './world.js';

const command = parseCliArgs(process.argv.slice(2));
if (command.kind === 'help') {
  console.log(USAGE);
  process.exit(0);
}
if (command.kind === 'error') {
  console.error(`sim: ${command.message}\n\n${USAGE}`);
  process.exit(2);
}
const { settings } = command;

let world: WorldSeed | undefined;
try {
  world = settings.world ? (JSON.parse(readFileSync(settings.world, 'utf8')) as WorldSeed) : undefined;
} catch (error) {
  console.error(
    `sim: cannot read world seed ${settings.world}: ${error instanceof Error ? error.message : String(error)}`,
  );
  process.exit(1);
}

const simulator = await startSimulator({
  port: settings.port,
  timeScale: settings.timeScale,
  seed: settings.seed,
  region: settings.region,
  world,
  dataPlane: settings.dataPlane,
});
console.log(
  `ecs-kit simulator listening: AWS_ENDPOINT_URL=${simulator.endpoint} (region ${settings.region})`,
);
for (const listener of simulator.world.dataPlane?.listeners() ?? []) {
  console.log(`listener ${listener.loadBalancer}:${listener.port} -> ${listener.url}`);
}
const stop = () => void simulator.stop().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
