/** Data plane: the listener proxy routes real requests by rule conditions, priority and forward weights. */
import http from 'node:http';
import { CreateRuleCommand, ModifyListenerCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import { afterEach, expect, test } from '@jest/globals';
import type { WorldSeed } from '../../sim/index.js';
import { blueGreenWorld, webTaskDefinition } from '../helpers/worlds.js';
import {
  countBy,
  get,
  getMany,
  startDataPlane,
  stopDataPlane,
  type DataPlaneHarness,
} from './dataplane-fixtures.js';

let harness: DataPlaneHarness | undefined;
afterEach(async () => {
  await stopDataPlane(harness);
  harness = undefined;
});

/** Blue and green both running 2 tasks, the listener forwarding blue 80 / green 20. */
function weightedWorld(): WorldSeed {
  const world = blueGreenWorld();
  world.services![1].desiredCount = 2;
  world.listeners![0].defaultActions = [
    {
      type: 'forward',
      targetGroups: [
        { name: 'blue-tg', weight: 80 },
        { name: 'green-tg', weight: 20 },
      ],
    },
  ];
  return world;
}

test('forward weights split real requests within tolerance, round robin inside a target group', async () => {
  harness = await startDataPlane(weightedWorld(), 20);
  const answers = await getMany(harness.url(), 500);
  expect(answers.every((answer) => answer.status === 200)).toBe(true);
  const byGroup = countBy(answers, (answer) => answer.targetGroup);
  expect(byGroup['green-tg'] / 500).toBeGreaterThan(0.14);
  expect(byGroup['green-tg'] / 500).toBeLessThan(0.26);
  expect(byGroup['blue-tg'] + byGroup['green-tg']).toBe(500);
  // Round robin: both tasks of a group answer, evenly.
  const blueTargets = Object.values(
    countBy(
      answers.filter((answer) => answer.targetGroup === 'blue-tg'),
      (answer) => answer.target,
    ),
  );
  expect(blueTargets).toHaveLength(2);
  expect(Math.abs(blueTargets[0] - blueTargets[1])).toBeLessThanOrEqual(1);
  // The app names its task: the body and the headers agree.
  const first = JSON.parse(answers[0].body) as { taskDefinition: string; taskId: string };
  expect(first.taskDefinition).toBe('shop-web:1');
  expect(first.taskId).toBe(answers[0].taskId);
});

test('a ModifyListener through the SDK moves every new request at once', async () => {
  harness = await startDataPlane(weightedWorld(), 20);
  const listenerArn = [...harness.sim.world.elb.store.listeners.keys()][0];
  const arn = (name: string) => harness!.sim.world.elb.findTargetGroup(name)!.arn;
  await harness.elb.send(
    new ModifyListenerCommand({
      ListenerArn: listenerArn,
      DefaultActions: [
        {
          Type: 'forward',
          ForwardConfig: {
            TargetGroups: [
              { TargetGroupArn: arn('blue-tg'), Weight: 0 },
              { TargetGroupArn: arn('green-tg'), Weight: 100 },
            ],
          },
        },
      ],
    }),
  );
  const answers = await getMany(harness.url(), 60);
  expect(countBy(answers, (answer) => answer.targetGroup)).toEqual({ 'green-tg': 60 });
});

/** Three services (families web, api, admin) behind one listener with host and path rules. */
function rulesWorld(): WorldSeed {
  const healthCheck = { path: '/health', intervalSeconds: 30, healthyThresholdCount: 2 };
  const group = (name: string) => ({ name, port: 8080, healthCheck, deregistrationDelaySeconds: 30 });
  const forward = (name: string) => ({ type: 'forward' as const, targetGroups: [{ name }] });
  const service = (family: string) => ({
    cluster: 'prod',
    serviceName: family,
    taskDefinition: family,
    desiredCount: 1,
    launchType: 'FARGATE' as const,
    loadBalancers: [{ targetGroup: `${family}-tg`, containerName: 'web', containerPort: 8080 }],
  });
  return {
    clusters: [{ name: 'prod' }],
    loadBalancers: [{ name: 'shop-alb' }],
    targetGroups: [group('web-tg'), group('api-tg'), group('admin-tg')],
    listeners: [{ loadBalancer: 'shop-alb', port: 80, defaultActions: [forward('web-tg')] }],
    rules: [
      {
        loadBalancer: 'shop-alb',
        listenerPort: 80,
        priority: 20,
        conditions: [{ field: 'host-header', values: ['api.example.com'] }],
        actions: [forward('api-tg')],
      },
      {
        loadBalancer: 'shop-alb',
        listenerPort: 80,
        priority: 5,
        conditions: [{ field: 'path-pattern', values: ['/admin/*'] }],
        actions: [forward('admin-tg')],
      },
      {
        loadBalancer: 'shop-alb',
        listenerPort: 80,
        priority: 1,
        conditions: [{ field: 'path-pattern', values: ['/admin/maintenance'] }],
        actions: [
          {
            type: 'fixed-response',
            statusCode: '503',
            contentType: 'text/plain',
            messageBody: 'down for tea',
          },
        ],
      },
    ],
    taskDefinitions: ['web', 'api', 'admin'].map((family) => ({ ...webTaskDefinition(), family })),
    services: [service('web'), service('api'), service('admin')],
  };
}

test('rules route by host header and path pattern in priority order, the default action last', async () => {
  harness = await startDataPlane(rulesWorld(), 20);
  const url = harness.url();
  const family = async (path: string, host?: string) => (await get(url, { path, host })).taskDefinition;
  expect(await family('/', 'www.example.com')).toBe('web:1');
  expect(await family('/orders', 'api.example.com')).toBe('api:1');
  // Host headers compare case-insensitively and without the port.
  expect(await family('/orders', 'API.Example.COM:8443')).toBe('api:1');
  // Priority 5 (path) wins over priority 20 (host) when both match.
  expect(await family('/admin/users', 'api.example.com')).toBe('admin:1');
  // Path patterns are case-sensitive: /Admin falls through to the host rule or the default.
  expect(await family('/Admin/users', 'www.example.com')).toBe('web:1');
  expect(await family('/Admin/users', 'api.example.com')).toBe('api:1');
  // Priority 1: a fixed response from the load balancer itself, no task involved.
  const fixed = await get(url, { path: '/admin/maintenance' });
  expect(fixed).toMatchObject({ status: 503, body: 'down for tea', server: 'awselb/2.0' });
  expect(fixed.taskId).toBeUndefined();
});

test('a redirect rule created through the SDK answers from the load balancer with Location', async () => {
  harness = await startDataPlane(rulesWorld(), 20);
  await harness.elb.send(
    new CreateRuleCommand({
      ListenerArn: [...harness.sim.world.elb.store.listeners.keys()][0],
      Priority: 2,
      Conditions: [{ Field: 'path-pattern', Values: ['/old/*'] }],
      Actions: [
        {
          Type: 'redirect',
          RedirectConfig: { StatusCode: 'HTTP_301', Host: 'new.example.com', Path: '/#{path}', Port: '8080' },
        },
      ],
    }),
  );
  const moved = await new Promise<{ status: number; location?: string }>((resolve, reject) => {
    const request = http.get(new URL('/old/page?x=1', harness!.url()), { agent: false }, (response) => {
      response.resume();
      resolve({ status: response.statusCode ?? 0, location: response.headers.location });
    });
    request.on('error', reject);
  });
  expect(moved).toEqual({ status: 301, location: 'http://new.example.com:8080/old/page?x=1' });
  expect((await get(harness.url(), { path: '/new/page' })).taskDefinition).toBe('web:1');
});

test('the control API and the state snapshot expose the proxy URLs; no data plane when it is off', async () => {
  harness = await startDataPlane(rulesWorld(), 20);
  const response = await fetch(`${harness.sim.endpoint}/_sim/dataplane`);
  const snapshot = (await response.json()) as { listeners: { port: number; url: string }[] };
  expect(snapshot.listeners).toEqual([expect.objectContaining({ port: 80, url: harness.url() })]);
  const state = (await (await fetch(`${harness.sim.endpoint}/_sim/state`)).json()) as Record<string, unknown>;
  expect(state.dataPlane).toBeDefined();
  await stopDataPlane(harness);
  harness = undefined;

  const { startSimulator } = await import('../../sim/index.js');
  const plain = await startSimulator({ world: rulesWorld() });
  try {
    expect(plain.world.dataPlane).toBeUndefined();
    expect((await fetch(`${plain.endpoint}/_sim/dataplane`)).status).toBe(404);
  } finally {
    await plain.stop();
  }
});
