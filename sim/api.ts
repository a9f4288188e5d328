/**
 * One AWS API request, the same steps for every service: decode (with the wire protocol the request
 * speaks), log, inject faults (denied permissions first, as IAM answers before the service), dispatch to the service model's handler, encode. Nothing here knows a
 * service or a protocol by name.
 */
import type http from 'node:http';
import type { CallRecord } from './calllog.js';
import { SimError } from './errors.js';
import type { FaultDecision } from './faults.js';
import { awsJson10Protocol, awsJsonProtocol } from './protocol/json.js';
import { awsQueryProtocol } from './protocol/query.js';
import type { DecodedCall, WireProtocol } from './protocol/wire.js';
import type { World } from './world.js';

/** Every protocol the simulator speaks, tried in order. */
const PROTOCOLS: WireProtocol[] = [awsJson10Protocol, awsJsonProtocol, awsQueryProtocol];

/** The request and the way to answer it. */
export interface ApiExchange {
  request: http.IncomingMessage;
  body: string;
  requestId: string;
  response: http.ServerResponse;
}

/** Answers one API request against the world. */
export async function handleApi(world: World, exchange: ApiExchange): Promise<void> {
  const protocol = PROTOCOLS.find((candidate) => candidate.accepts(exchange.request.headers))!;
  const reply = replier(protocol, exchange);
  let call: DecodedCall;
  try {
    call = protocol.decode(exchange.request.headers, exchange.body);
  } catch (error) {
    reply.error(asSimError(error, 'SerializationException'));
    return;
  }

  world.clock.fireDue();
  const record = world.log.add({
    ...call,
    time: world.clock.now(),
    realTime: Date.now(),
    outcome: 'ok',
    ...userAgentOf(exchange.request),
  });
  const fail = (error: SimError) => {
    record.outcome = 'error';
    record.errorCode = error.code;
    reply.error(error);
  };

  const denied = world.access.check({ ...call, resource: resourceOf(world, call) }, protocol.accessDenied);
  if (denied) {
    record.fault = 'access-denied';
    return fail(denied);
  }
  const faulted = await injectFault(world.faults.decide(call.service, call.operation), record, protocol);
  if (faulted === 'reset') {
    exchange.request.socket.destroy();
    return;
  }
  if (faulted) return fail(faulted);

  const handler = world.handlersOf(call.service)[call.operation];
  if (!handler) {
    const message = `the simulator does not implement ${call.service}:${call.operation}`;
    return fail(new SimError(protocol.errorCodes.unknownOperation, message));
  }
  try {
    world.clock.fireDue();
    const result = await consistentAnswer(world, record, () =>
      handler(call.params, { requestId: exchange.requestId, now: world.clock.now() }),
    );
    reply.ok(protocol.encodeResult(call.operation, result, exchange.requestId));
  } catch (error) {
    fail(asSimError(error, 'ServerException'));
  }
}

/**
 * Applies a fault decision: waits out added latency and marks the record. Returns the error to answer
 * with, 'reset' when the connection must be dropped, or undefined to go on.
 */
async function injectFault(
  decision: FaultDecision,
  record: CallRecord,
  protocol: WireProtocol,
): Promise<SimError | 'reset' | undefined> {
  if (decision.latencyMs > 0) {
    record.fault = 'latency';
    await new Promise((resolve) => setTimeout(resolve, decision.latencyMs));
  }
  if (decision.action === 'reset') {
    record.fault = 'reset';
    record.outcome = 'error';
    record.errorCode = 'ConnectionReset';
    return 'reset';
  }
  if (decision.action === 'throttle' || decision.action === 'rate-limit') {
    record.fault = decision.action;
    return new SimError(protocol.errorCodes.throttling, 'Rate exceeded');
  }
  if (decision.action === 'error' && decision.error) {
    record.fault = 'error';
    const { code, message, status } = decision.error;
    return new SimError(code, message ?? `the simulator injected ${code}`, { status });
  }
  if (decision.action === 'server-error') {
    record.fault = 'server-error';
    return new SimError(protocol.errorCodes.serverError, 'the simulator injected a server error', {
      status: 500,
    });
  }
  return undefined;
}

/** The ARN IAM would name in a denial, when the request names a cluster (ECS); else none. */
function resourceOf(world: World, call: DecodedCall): string | undefined {
  const cluster = call.params.cluster;
  if (call.service !== 'ecs' || typeof cluster !== 'string') return undefined;
  return cluster.startsWith('arn:') ? cluster : world.arn('ecs', `cluster/${cluster}`);
}

/**
 * Runs the handler through the world's read consistency (sim/consistency.ts): inside the window after a
 * write, a read may get its previous answer; the record says so.
 */
async function consistentAnswer(world: World, record: CallRecord, run: () => unknown): Promise<unknown> {
  const answer = await world.consistency.answer(record, world.clock.now(), async () => run());
  if (answer.stale) record.stale = true;
  return answer.result;
}

/** Writes successful and error responses in the protocol's content type, with the request id. */
function replier(protocol: WireProtocol, exchange: ApiExchange) {
  const send = (status: number, payload: string, headers: Record<string, string> = {}) => {
    exchange.response.writeHead(status, {
      ...headers,
      'content-type': protocol.contentType,
      'x-amzn-requestid': exchange.requestId,
    });
    exchange.response.end(payload);
  };
  return {
    ok: (payload: string) => send(200, payload),
    error: (error: SimError) =>
      send(error.status, protocol.encodeError(error, exchange.requestId), protocol.errorHeaders?.(error)),
  };
}

/**
 * A SimError as is; anything else is a simulator bug (a 500 ServerException with the stack) or, while
 * decoding, a request the protocol could not read.
 */
function asSimError(error: unknown, code: 'SerializationException' | 'ServerException'): SimError {
  if (error instanceof SimError) return error;
  if (code === 'SerializationException') return new SimError(code, String(error));
  const detail = error instanceof Error ? error.stack : String(error);
  return new SimError(code, `simulator bug: ${detail}`, { status: 500 });
}

/** The `user-agent` header for the call log (lets a recorder tell the kit's requests from a test's set-up). */
function userAgentOf(request: http.IncomingMessage): { userAgent?: string } {
  const header = request.headers['user-agent'];
  return typeof header === 'string' ? { userAgent: header } : {};
}
