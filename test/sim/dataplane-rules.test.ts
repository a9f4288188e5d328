/** Data plane: the pure routing rules (conditions, weights, fail-open) and the health-check matcher. */
import { describe, expect, test } from '@jest/globals';
import fc from 'fast-check';
import { behaviourStatus } from '../../sim/dataplane/app.js';
import { matchesHttpCode } from '../../sim/dataplane/health-check.js';
import {
  inCidr,
  matchesCondition,
  matchesWildcard,
  pickWeighted,
  routableTargets,
  type RoutedRequest,
} from '../../sim/dataplane/rules.js';

function request(overrides: Partial<RoutedRequest> = {}): RoutedRequest {
  return {
    method: 'GET',
    host: 'www.example.com',
    path: '/',
    headers: {},
    query: new URLSearchParams(),
    sourceIp: '127.0.0.1',
    ...overrides,
  };
}

describe('conditions', () => {
  test('wildcards: * any run, ? one character, regex characters literal', () => {
    expect(matchesWildcard('/api/*', '/api/orders/1', false)).toBe(true);
    expect(matchesWildcard('/api/*', '/apiv2', false)).toBe(false);
    expect(matchesWildcard('/v?/x', '/v1/x', false)).toBe(true);
    expect(matchesWildcard('/v?/x', '/v10/x', false)).toBe(false);
    expect(matchesWildcard('/a.b', '/axb', false)).toBe(false);
    expect(matchesWildcard('*.example.com', 'API.EXAMPLE.COM', true)).toBe(true);
    expect(matchesWildcard('/Admin', '/admin', false)).toBe(false);
  });

  test('each field: host, path, method, header, query string, source ip', () => {
    const host = { field: 'host-header', values: ['*.example.com', 'example.org'] };
    expect(matchesCondition(host, request({ host: 'shop.example.com' }))).toBe(true);
    expect(matchesCondition(host, request({ host: 'example.net' }))).toBe(false);
    const method = { field: 'http-request-method', values: ['POST'] };
    expect(matchesCondition(method, request({ method: 'POST' }))).toBe(true);
    expect(matchesCondition(method, request({ method: 'post' }))).toBe(false);
    const header = { field: 'http-header', values: ['beta*'], httpHeaderName: 'X-Channel' };
    expect(matchesCondition(header, request({ headers: { 'x-channel': 'Beta-1' } }))).toBe(true);
    expect(matchesCondition(header, request({ headers: {} }))).toBe(false);
    const query = { field: 'query-string', values: [], queryStrings: [{ Key: 'canary', Value: 'true' }] };
    expect(matchesCondition(query, request({ query: new URLSearchParams('canary=TRUE') }))).toBe(true);
    expect(matchesCondition(query, request({ query: new URLSearchParams('canary=no') }))).toBe(false);
    const source = { field: 'source-ip', values: ['127.0.0.0/8'] };
    expect(matchesCondition(source, request({ sourceIp: '::ffff:127.0.0.1' }))).toBe(true);
    expect(inCidr('10.0.0.0/16', '10.1.0.1')).toBe(false);
    expect(inCidr('0.0.0.0/0', '192.168.1.1')).toBe(true);
  });
});

describe('weights and targets', () => {
  test('pickWeighted follows the weights and never picks a weight of 0', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 999 }), { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (weights, random) => {
          const members = weights.map((weight, index) => ({ targetGroupArn: `tg${index}`, weight }));
          const picked = pickWeighted(members, random);
          if (weights.every((weight) => weight === 0)) return picked === undefined;
          const member = members.find((candidate) => candidate.targetGroupArn === picked);
          return member !== undefined && member.weight > 0;
        },
      ),
    );
    const members = [
      { targetGroupArn: 'blue', weight: 90 },
      { targetGroupArn: 'green', weight: 10 },
    ];
    expect(pickWeighted(members, 0.89)).toBe('blue');
    expect(pickWeighted(members, 0.91)).toBe('green');
  });

  test('healthy targets only; when none is healthy every one but draining ones (fail open)', () => {
    const targets = (...states: string[]) => states.map((state, index) => ({ id: String(index), state }));
    expect(routableTargets(targets('healthy', 'unhealthy', 'draining', 'initial'))).toEqual([
      { id: '0', state: 'healthy' },
    ]);
    expect(routableTargets(targets('unhealthy', 'draining', 'initial')).map((target) => target.id)).toEqual([
      '0',
      '2',
    ]);
    expect(routableTargets(targets('draining', 'unused'))).toEqual([]);
  });
});

test('health-check matcher codes: single, list, range', () => {
  expect(matchesHttpCode('200', 200)).toBe(true);
  expect(matchesHttpCode('200', 204)).toBe(false);
  expect(matchesHttpCode('200,202', 202)).toBe(true);
  expect(matchesHttpCode('200-299', 299)).toBe(true);
  expect(matchesHttpCode('200-299', 301)).toBe(false);
});

test('the app answers by behaviour: healthy 200, never-healthy 500, slow-start 503 then 200, flaky by chance', () => {
  const at = (runningForMs: number, chance: (percent: number) => boolean = () => false) => ({
    runningForMs,
    chance,
  });
  expect(behaviourStatus({ kind: 'healthy' }, at(0))).toBe(200);
  expect(behaviourStatus({ kind: 'never-healthy' }, at(1e9))).toBe(500);
  expect(behaviourStatus({ kind: 'slow-start', healthyAfterMs: 60_000 }, at(59_999))).toBe(503);
  expect(behaviourStatus({ kind: 'slow-start', healthyAfterMs: 60_000 }, at(60_000))).toBe(200);
  expect(behaviourStatus({ kind: 'slow-start' }, at(119_999))).toBe(503);
  const asked: number[] = [];
  const chance = (percent: number) => {
    asked.push(percent);
    return true;
  };
  expect(behaviourStatus({ kind: 'flaky', failPercent: 40 }, at(0, chance))).toBe(500);
  expect(
    behaviourStatus(
      { kind: 'flaky' },
      at(0, () => false),
    ),
  ).toBe(200);
  expect(asked).toEqual([40]);
  expect(behaviourStatus({ kind: 'crash-loop', crashAfterRequests: 2 }, at(0))).toBe(200);
});
