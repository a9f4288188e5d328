/**
 * A tiny fake of the GitHub REST API on 127.0.0.1 for the preview action's tests: issue comments,
 * deployments and deployment statuses, and pull request states. It records every request so tests can
 * assert on what the action sent (point GITHUB_API_URL at `url`).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the fake received. */
export interface FakeGitHubRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization?: string;
}

/** A stored comment. */
export interface FakeComment {
  id: number;
  issue: number;
  body: string;
}

/** A stored deployment with its statuses, oldest first. */
export interface FakeDeployment {
  id: number;
  ref: string;
  environment: string;
  payload: Record<string, unknown>;
  statuses: Record<string, unknown>[];
}

/** The fake server and its state. */
export interface FakeGitHub {
  url: string;
  requests: FakeGitHubRequest[];
  comments: FakeComment[];
  deployments: FakeDeployment[];
  /** Pull request number → state; unknown numbers answer 404. */
  pulls: Map<number, 'open' | 'closed'>;
  stop(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<Record<string, unknown> | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as Record<string, unknown>) : undefined;
}

type Reply = [number, unknown];

function route(fake: FakeGitHub, request: FakeGitHubRequest, next: () => number): Reply {
  const { method, path, body } = request;
  const [pathname, query = ''] = path.split('?');
  const params = new URLSearchParams(query);
  let match = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(pathname);
  if (match && method === 'GET')
    return [200, fake.comments.filter((comment) => comment.issue === Number(match![1]))];
  if (match && method === 'POST') {
    const comment = { id: next(), issue: Number(match[1]), body: String(body?.body ?? '') };
    fake.comments.push(comment);
    return [201, comment];
  }
  match = /^\/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(pathname);
  if (match && method === 'PATCH') {
    const comment = fake.comments.find((entry) => entry.id === Number(match![1]));
    if (!comment) return [404, { message: 'Not Found' }];
    comment.body = String(body?.body ?? '');
    return [200, comment];
  }
  if (/^\/repos\/[^/]+\/[^/]+\/deployments$/.test(pathname) && method === 'POST') {
    const deployment = {
      id: next(),
      ref: String(body?.ref),
      environment: String(body?.environment),
      payload: body ?? {},
      statuses: [],
    };
    fake.deployments.push(deployment);
    return [201, { id: deployment.id, ref: deployment.ref, environment: deployment.environment }];
  }
  if (/^\/repos\/[^/]+\/[^/]+\/deployments$/.test(pathname) && method === 'GET') {
    const environment = params.get('environment');
    return [200, fake.deployments.filter((entry) => !environment || entry.environment === environment)];
  }
  match = /^\/repos\/[^/]+\/[^/]+\/deployments\/(\d+)\/statuses$/.exec(pathname);
  if (match && method === 'POST') {
    const deployment = fake.deployments.find((entry) => entry.id === Number(match![1]));
    if (!deployment) return [404, { message: 'Not Found' }];
    deployment.statuses.push(body ?? {});
    return [201, { id: next(), ...body }];
  }
  match = /^\/repos\/[^/]+\/[^/]+\/pulls\/(\d+)$/.exec(pathname);
  if (match && method === 'GET') {
    const state = fake.pulls.get(Number(match[1]));
    return state ? [200, { number: Number(match[1]), state }] : [404, { message: 'Not Found' }];
  }
  return [404, { message: `fake github: no route for ${method} ${pathname}` }];
}

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export async function startFakeGitHub(): Promise<FakeGitHub> {
  let counter = 1000;
  const fake: FakeGitHub = {
    url: '',
    requests: [],
    comments: [],
    deployments: [],
    pulls: new Map(),
    stop: async () => undefined,
  };
  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const record: FakeGitHubRequest = {
        method: request.method ?? 'GET',
        path: request.url ?? '/',
        body,
        authorization: request.headers.authorization,
      };
      fake.requests.push(record);
      const [status, payload] = route(fake, record, () => ++counter);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.stop = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return fake;
}
