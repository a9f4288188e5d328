/**
 * The simulator's HTTP front: routes `/_sim/*` to the control API, `x-amz-target` requests to ECS or ECR
 * (AWS JSON 1.1), and form posts with `Action=` to ELBv2 (AWS Query). Every API request is logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleControl } from './control.js';
import { SimError } from './errors.js';
import { encodeDates, jsonError, parseJsonBody, parseTarget, toJsonBody } from './protocol/json.js';
import { parseQueryBody, queryError, queryResponse } from './protocol/query.js';
import { World, type WorldOptions, type WorldSeed } from './world.js';

const JSON_TARGETS: Record<string, 'ecs' | 'ecr'> = {
  AmazonEC2ContainerServiceV20141113: 'ecs',
  AmazonEC2ContainerRegistry_V20150921: 'ecr',
};

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
        done(handleApi(holder.world, request, body, requestId, response));
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

async function handleApi(
  world: World,
  request: http.IncomingMessage,
  body: string,
  requestId: string,
  response: http.ServerResponse,
): Promise<void> {
  const targetHeader = request.headers['x-amz-target'];
  let service: 'ecs' | 'ecr' | 'elbv2';
  let operation: string;
  let params: Record<string, unknown>;
  try {
    if (typeof targetHeader === 'string') {
      const target = parseTarget(targetHeader);
      const mapped = target && JSON_TARGETS[target.prefix];
      if (!target || !mapped)
        throw new SimError('UnknownOperationException', `unknown target ${targetHeader}`);
      service = mapped;
      operation = target.operation;
      params = parseJsonBody(body);
    } else {
      const query = parseQueryBody(body);
      if (!query.action) throw new SimError('InvalidAction', 'missing Action parameter');
      service = 'elbv2';
      operation = query.action;
      params = query.params;
    }
  } catch (error) {
    const simError =
      error instanceof SimError ? error : new SimError('SerializationException', String(error));
    response.writeHead(simError.status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(jsonError(simError));
    return;
  }

  world.clock.fireDue();
  const record = world.log.add({
    service,
    operation,
    params,
    time: world.clock.now(),
    realTime: Date.now(),
    outcome: 'ok',
    ...userAgentOf(request),
  });
  const send = (status: number, payload: string) => {
    response.writeHead(status, {
      'content-type': service === 'elbv2' ? 'text/xml' : 'application/x-amz-json-1.1',
      'x-amzn-requestid': requestId,
    });
    response.end(payload);
  };
  const fail = (error: SimError) => {
    record.outcome = 'error';
    record.errorCode = error.code;
    send(error.status, service === 'elbv2' ? queryError(error, requestId) : jsonError(error));
  };

  const decision = world.faults.decide(service, operation);
  if (decision.latencyMs > 0) {
    record.fault = 'latency';
    await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  }
  if (decision.action === 'reset') {
    record.fault = 'reset';
    record.outcome = 'error';
    record.errorCode = 'ConnectionReset';
    request.socket.destroy();
    return;
  }
  if (decision.action === 'throttle' || decision.action === 'rate-limit') {
    record.fault = decision.action;
    const code = service === 'elbv2' ? 'Throttling' : 'ThrottlingException';
    fail(new SimError(code, 'Rate exceeded'));
    return;
  }
  if (decision.action === 'server-error') {
    record.fault = 'server-error';
    const code = service === 'elbv2' ? 'InternalFailure' : 'ServerException';
    fail(new SimError(code, 'the simulator injected a server error', { status: 500 }));
    return;
  }

  const model = service === 'ecs' ? world.ecs : service === 'ecr' ? world.ecr : world.elb;
  const handler = model.handlers[operation];
  if (!handler) {
    const code = service === 'elbv2' ? 'InvalidAction' : 'UnknownOperationException';
    fail(new SimError(code, `the simulator does not implement ${service}:${operation}`));
    return;
  }
  try {
    world.clock.fireDue();
    const result = await handler(params, { requestId, now: world.clock.now() });
    if (service === 'elbv2') send(200, queryResponse(operation, result, requestId));
    else send(200, toJsonBody(encodeDates(result)));
  } catch (error) {
    if (error instanceof SimError) fail(error);
    else
      fail(
        new SimError(
          'ServerException',
          `simulator bug: ${error instanceof Error ? error.stack : String(error)}`,
          { status: 500 },
        ),
      );
  }
}

/** The `user-agent` header for the call log (lets a recorder tell the kit's requests from a test's set-up). */
function userAgentOf(request: http.IncomingMessage): { userAgent?: string } {
  const header = request.headers['user-agent'];
  return typeof header === 'string' ? { userAgent: header } : {};
}
