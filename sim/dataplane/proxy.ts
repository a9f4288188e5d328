/**
 * A listener as a real HTTP reverse proxy on 127.0.0.1: each request is routed (router.ts) and forwarded
 * to the chosen target's app, with the X-Forwarded-* headers ALB adds. Answers that the load balancer
 * itself gives carry `server: awselb/2.0`: 503 without a routable target, 502 when the target refuses
 * the connection or goes away mid-request, 504 after the idle timeout. Requests in flight to a target
 * are cut (502) when the target is removed: at the end of its deregistration delay, as ALB closes the
 * connections of a drained target. Every answer is reported to the backend (`served`) for the load
 * balancer's CloudWatch metrics, with the real time the target took to answer.
 */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { targetKey } from './inflight.js';
import type { RouteDecision } from './router.js';
import type { RoutedRequest } from './rules.js';

/** What a proxy needs from the data plane. */
export interface ProxyBackend {
  route(listenerArn: string, request: RoutedRequest): RouteDecision;
  /** The real port serving a target, once its app listens; undefined when nothing serves it. */
  realPort(id: string, port: number): Promise<number | undefined>;
  /** The keep-alive agent for connections to a target's app. */
  agentFor(id: string, port: number): http.Agent;
  /** Registers an in-flight request to a target; returns the function that unregisters it. */
  track(targetKey: string, abort: () => void): () => void;
  /** One answer the listener gave, for the load balancer's metrics. */
  served(listenerArn: string, answer: ProxyAnswer): void;
}

/** What a listener answered one request with. */
export interface ProxyAnswer {
  status: number;
  answeredBy: 'target' | 'load-balancer';
  targetGroupArn?: string;
  /** Real ms from forwarding to the target's response headers. */
  targetResponseMs?: number;
}

/** Options for ListenerProxy. */
export interface ListenerProxyOptions {
  listenerArn: string;
  /** The listener's own port, for X-Forwarded-Port. */
  listenerPort: () => number;
  backend: ProxyBackend;
  /** Real milliseconds a target may stay silent before the proxy answers 504 (ALB idle timeout). */
  idleTimeoutMs: number;
}

/** Counts of what the proxy answered. */
export interface ProxyStats {
  requests: number;
  forwarded: number;
  /** Answers the load balancer generated (502, 503, 504). */
  errors: number;
}

function elbError(response: http.ServerResponse, status: number, text: string): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  response.writeHead(status, { 'content-type': 'text/html', server: 'awselb/2.0' });
  response.end(`<html><body><h1>${status} ${text}</h1></body></html>\n`);
}

const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te'];

/** Headers without the hop-by-hop ones, which belong to one connection and are not forwarded. */
function endToEnd<T extends Record<string, unknown>>(headers: T): T {
  const copy = { ...headers };
  for (const name of HOP_BY_HOP) delete copy[name];
  return copy;
}

function routedRequest(request: http.IncomingMessage): RoutedRequest {
  const url = new URL(request.url ?? '/', 'http://listener');
  const host = String(request.headers.host ?? '').replace(/:\d+$/, '');
  return {
    method: request.method ?? 'GET',
    host,
    path: url.pathname,
    headers: request.headers,
    query: url.searchParams,
    sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
  };
}

/** One listener's proxy server. */
export class ListenerProxy {
  readonly stats: ProxyStats = { requests: 0, forwarded: 0, errors: 0 };
  private server: http.Server;
  private sockets = new Set<Socket>();
  private listening: Promise<number> | undefined;
  private boundPort: number | undefined;

  constructor(private readonly options: ListenerProxyOptions) {
    this.server = http.createServer((request, response) => {
      this.handle(request, response).catch(() => elbError(response, 502, 'Bad Gateway'));
    });
    // ALB's default connection idle timeout is 60 s.
    this.server.keepAliveTimeout = 60_000;
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  /** Starts listening on an ephemeral 127.0.0.1 port; resolves to the port. */
  listen(): Promise<number> {
    this.listening ??= new Promise<number>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () => {
        this.boundPort = (this.server.address() as AddressInfo).port;
        resolve(this.boundPort);
      });
    });
    return this.listening;
  }

  /** The real port, once listening. */
  get port(): number | undefined {
    return this.boundPort;
  }

  /** Stops the proxy and cuts its connections. */
  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    this.stats.requests++;
    const { backend, listenerArn } = this.options;
    const decision = backend.route(listenerArn, routedRequest(request));
    if (decision.kind !== 'forward') {
      request.resume();
      const status = decision.kind === 'unavailable' ? 503 : decision.status;
      backend.served(listenerArn, { status, answeredBy: 'load-balancer' });
      if (decision.kind === 'unavailable') {
        this.stats.errors++;
        return elbError(response, 503, 'Service Temporarily Unavailable');
      }
      if (decision.kind === 'redirect') {
        response.writeHead(decision.status, { location: decision.location, server: 'awselb/2.0' });
        return void response.end();
      }
      response.writeHead(decision.status, { 'content-type': decision.contentType, server: 'awselb/2.0' });
      return void response.end(decision.body);
    }
    const realPort = await backend.realPort(decision.id, decision.port);
    if (realPort === undefined) {
      request.resume();
      this.stats.errors++;
      backend.served(listenerArn, {
        status: 502,
        answeredBy: 'load-balancer',
        targetGroupArn: decision.targetGroupArn,
      });
      return elbError(response, 502, 'Bad Gateway');
    }
    this.forward(request, response, decision, realPort);
  }

  private forward(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    decision: Extract<RouteDecision, { kind: 'forward' }>,
    realPort: number,
  ): void {
    const { backend, listenerArn } = this.options;
    const { targetGroupArn } = decision;
    const forwardedAt = performance.now();
    let targetResponseMs: number | undefined;
    const clientIp = (request.socket.remoteAddress ?? '127.0.0.1').replace(/^::ffff:/, '');
    const forwardedFor = request.headers['x-forwarded-for'];
    const headers: http.OutgoingHttpHeaders = {
      ...endToEnd(request.headers),
      'x-forwarded-for': forwardedFor ? `${String(forwardedFor)}, ${clientIp}` : clientIp,
      'x-forwarded-proto': 'http',
      'x-forwarded-port': String(this.options.listenerPort()),
      connection: 'keep-alive',
    };
    let finished = false;
    const fail = (status: number, text: string) => {
      if (finished) return;
      finished = true;
      untrack();
      upstream.destroy();
      this.stats.errors++;
      backend.served(listenerArn, { status, answeredBy: 'load-balancer', targetGroupArn });
      elbError(response, status, text);
    };
    const upstream = http.request({
      host: '127.0.0.1',
      port: realPort,
      method: request.method,
      path: request.url,
      headers,
      agent: backend.agentFor(decision.id, decision.port),
    });
    const untrack = backend.track(targetKey(decision.targetGroupArn, decision.id, decision.port), () =>
      fail(502, 'Bad Gateway'),
    );
    upstream.setTimeout(this.options.idleTimeoutMs, () => fail(504, 'Gateway Time-out'));
    upstream.on('error', () => fail(502, 'Bad Gateway'));
    upstream.on('response', (answer) => {
      targetResponseMs = performance.now() - forwardedAt;
      response.writeHead(answer.statusCode ?? 502, {
        ...endToEnd(answer.headers),
        'x-sim-target': `${decision.id}:${decision.port}`,
        'x-sim-target-group': decision.targetGroupName,
      });
      answer.on('error', () => fail(502, 'Bad Gateway'));
      answer.on('aborted', () => fail(502, 'Bad Gateway'));
      answer.pipe(response);
      answer.on('end', () => {
        if (finished) return;
        finished = true;
        untrack();
        this.stats.forwarded++;
        const status = answer.statusCode ?? 502;
        backend.served(listenerArn, { status, answeredBy: 'target', targetGroupArn, targetResponseMs });
      });
    });
    request.on('aborted', () => fail(502, 'Bad Gateway'));
    request.pipe(upstream);
  }
}
