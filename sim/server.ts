/**
 * The simulator's HTTP front: routes `/_sim/*` to the control API and every other request to the AWS API
 * (sim/api.ts, which picks the wire protocol). Starts, resets and stops the world.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleApi } from './api.js';
import { handleControl } from './control.js';
import { World, type WorldOptions, type WorldSeed } from './world.js';

/** Options for startSimulator. */
export interface SimulatorOptions extends WorldOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Resources to create at start. */
  world?: WorldSeed;
}

/** A running simulator. */
export interface Simulator {
  /** Base URL for AWS_ENDPOINT_URL, e.g. http://127.0.0.1:43123 */
  readonly endpoint: string;
  readonly port: number;
  /** The current world (replaced by /_sim/reset). */
  readonly world: World;
  /** Replaces the world with a fresh one (same options unless given). */
  reset(options?: WorldOptions): World;
  stop(): Promise<void>;
}

/** Starts a simulator on 127.0.0.1. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  let worldOptions: WorldOptions = {
    timeScale: options.timeScale,
    seed: options.seed,
    region: options.region,
    accountId: options.accountId,
    dataPlane: options.dataPlane,
  };
  let world = new World(worldOptions);
  if (options.world) world.seed(options.world);
  await world.dataPlane?.ready();
  let requestCounter = 0;

  const holder = {
    get world() {
      return world;
    },
    reset(next?: WorldOptions): World {
      world.stop();
      worldOptions = { ...worldOptions, ...next };
      world = new World(worldOptions);
      return world;
    },
  };

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const requestId = `sim-${++requestCounter}`;
      const url = request.url ?? '/';
      const done = (promise: Promise<void>) =>
        promise.catch((error: unknown) => {
          if (!response.headersSent) {
            response.writeHead(500, { 'content-type': 'text/plain' });
            response.end(`simulator error: ${error instanceof Error ? error.stack : String(error)}`);
          }
        });
      if (url.startsWith('/_sim/')) {
        done(handleControl(holder, request.method ?? 'GET', url, body, response));
      } else {
        done(handleApi(holder.world, { request, body, requestId, response }));
      }
    });
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    get world() {
      return holder.world;
    },
    reset: holder.reset,
    async stop() {
      holder.world.stop();
      await holder.world.dataPlane?.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
