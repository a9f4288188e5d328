/**
 * The kit's one set of name/ARN forms and its one duration grammar, through the readers the actions use,
 * the actions' readInputs with an injected InputSource, and the JSON Schema that must carry the same patterns.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInputs as readDeployInputs } from '../../actions/ecs-deploy/inputs.js';
import { readInputs as readCleanupInputs } from '../../actions/cleanup-ecr/inputs.js';
import { readInputs as readPreviewInputs } from '../../actions/preview/inputs.js';
import { readInputs as readWaitInputs } from '../../actions/wait-healthy/inputs.js';
import { FILE_SPEC, type FieldSpec } from '../../src/config/fields.js';
import { fixedInputs } from '../../src/github/input-source.js';
import { readDuration } from '../../src/github/inputs.js';
import { readCluster, readListenerArn, readNamedList } from '../../src/github/name-inputs.js';
import {
  CLUSTER,
  CONTAINER_NAME,
  ECR_REPOSITORY,
  LISTENER_ARN,
  LISTENER_RULE_ARN,
  REGION,
  SERVICE,
  TARGET_GROUP_ARN,
  TASK_DEFINITION,
  hasForm,
  type NameForm,
} from '../../src/validation/aws-names.js';
import { DURATION, parseDuration } from '../../src/validation/duration.js';
import { ROOT } from '../helpers/action.js';

const ELB = 'arn:aws:elasticloadbalancing:eu-west-1:123456789012';
const LISTENER = `${ELB}:listener/app/shop/0123456789abcdef/fedcba9876543210`;
const RULE = `${ELB}:listener-rule/app/shop/0123456789abcdef/fedcba9876543210/0011223344556677`;

describe('durations', () => {
  test.each([
    ['90', 90_000],
    ['1.5', 1500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1d12h', 129_600_000],
    ['500ms', 500],
    ['1s500ms', 1500],
    ['0s', 0],
    [' 10m ', 600_000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'soon', '10 m', '30m1h', '1h1h', 'm', '-5s', '1.s', '10M', '1h30'])(
    '%j is rejected',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    },
  );

  test('readDuration gives milliseconds, with the fallback in the same form; errors name the input', () => {
    const source = fixedInputs({ timeout: '1h30m', short: '45', bad: 'ages' });
    expect(readDuration(source, 'timeout', '10m')).toBe(5_400_000);
    expect(readDuration(source, 'short', '10m')).toBe(45_000);
    expect(readDuration(source, 'unset', '10m')).toBe(600_000);
    expect(readDuration(source, 'unset')).toBeUndefined();
    expect(() => readDuration(source, 'bad', '10m')).toThrow(
      "input 'bad': expected a duration such as 90s, 10m or 1h, got 'ages'",
    );
  });
});

describe('names and ARNs', () => {
  const cases: [string, NameForm, string[], string[]][] = [
    [
      'cluster',
      CLUSTER,
      [
        'shop',
        'a'.repeat(255),
        'shop_prod-2',
        'arn:aws:ecs:eu-west-1:123456789012:cluster/shop',
        'arn:aws-us-gov:ecs:us-gov-west-1:123456789012:cluster/shop',
        'arn:aws-cn:ecs:cn-north-1:123456789012:cluster/shop',
      ],
      [
        'a'.repeat(256),
        'shop.prod',
        'shop/prod',
        'arn:aws:ecs:eu-west-1:123456789012:service/shop',
        'arn:aws:ecs:eu-west-1:1234:cluster/shop',
        'arn:aws:ecs:Europe:123456789012:cluster/shop',
        'arn:aws:ecs:eu-west-1:123456789012:cluster/',
      ],
    ],
    [
      'service',
      SERVICE,
      [
        'web',
        'arn:aws:ecs:eu-west-1:123456789012:service/shop/web',
        'arn:aws:ecs:eu-west-1:123456789012:service/web',
      ],
      ['web/api', 'arn:aws:ecs:eu-west-1:123456789012:cluster/shop'],
    ],
    ['container name', CONTAINER_NAME, ['web', 'side_car-1'], ['web app', 'web:1', '']],
    [
      'task definition',
      TASK_DEFINITION,
      ['web', 'web:12', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web:12'],
      ['web:latest', 'arn:aws:ecs:eu-west-1:123456789012:task-definition/web'],
    ],
    [
      'listener',
      LISTENER_ARN,
      [LISTENER, LISTENER.replace('/app/', '/net/')],
      [
        LISTENER.replace('/app/', '/gwy/'),
        `${ELB}:listener/app/shop/0123456789abcdef`,
        `${ELB}:listener/app/shop/0123456789abcdef/not-hex`,
        RULE,
        'arn:l',
      ],
    ],
    ['listener rule', LISTENER_RULE_ARN, [RULE], [LISTENER, `${RULE}/extra`]],
    [
      'target group',
      TARGET_GROUP_ARN,
      [`${ELB}:targetgroup/shop-web/0123456789abcdef`],
      [`${ELB}:targetgroup/${'a'.repeat(33)}/0123456789abcdef`, LISTENER],
    ],
    ['repository', ECR_REPOSITORY, ['shop', 'team/shop-web', 'a.b_c'], ['Shop', 's', 'shop/', '-shop']],
    ['region', REGION, ['eu-west-1', 'us-gov-west-1'], ['Europe', 'eu-west', 'eu-west-1a']],
  ];
  test.each(cases)('%s', (_name, form, good, bad) => {
    expect(good.filter((value) => !hasForm(form, value))).toEqual([]);
    expect(bad.filter((value) => hasForm(form, value))).toEqual([]);
  });

  test('readers name the input and the expected form', () => {
    const source = fixedInputs({ cluster: 'shop.prod', 'listener-arn': 'arn:l', clusters: 'a\nb/c' });
    expect(() => readCluster(source)).toThrow(
      "input 'cluster': expected a cluster name (letters, digits, - and _, at most 255) or cluster ARN, got 'shop.prod'",
    );
    expect(() => readCluster(fixedInputs({}))).toThrow("input 'cluster': is required (a cluster name");
    expect(() => readListenerArn(source)).toThrow("input 'listener-arn': expected a listener ARN (arn:aws:");
    expect(readListenerArn(fixedInputs({}))).toBeUndefined();
    expect(() => readNamedList(source, 'clusters', CLUSTER)).toThrow("got 'b/c'");
  });
});

describe('every action reads the same forms from the source it is given', () => {
  const region = { 'aws-region': 'eu-west-1' };

  test('a bad cluster fails every action with the same message', async () => {
    const bad = { ...region, cluster: 'shop.prod', clusters: 'shop.prod', repositories: 'shop' };
    const expected =
      "expected a cluster name (letters, digits, - and _, at most 255) or cluster ARN, got 'shop.prod'";
    await expect(readDeployInputs(fixedInputs({ ...bad, service: 'web' }))).rejects.toThrow(expected);
    await expect(readWaitInputs(fixedInputs({ ...bad, service: 'web' }))).rejects.toThrow(expected);
    await expect(
      readPreviewInputs(fixedInputs({ ...bad, service: 'web', 'listener-arn': LISTENER, mode: 'sweep' })),
    ).rejects.toThrow(expected);
    await expect(readCleanupInputs(fixedInputs(bad))).rejects.toThrow(expected);
  });

  test('wait-healthy refuses a timeout the blue/green shift cannot finish in, alarm bake included', async () => {
    const blueGreen = {
      ...region,
      cluster: 'shop',
      strategy: 'blue-green',
      'blue-service': 'web-blue',
      'green-service': 'web-green',
      'listener-arn': LISTENER,
      traffic: '10%:5m,50%:5m,100%',
      alarms: 'shop-5xx',
      'alarm-bake': '5m',
    };
    // 5m + 5m, then the 100% step holds for the alarm bake: 15 minutes, no room under a 15m timeout.
    await expect(readWaitInputs(fixedInputs({ ...blueGreen, timeout: '15m' }))).rejects.toThrow(
      "input 'timeout': expected more than the traffic plan's total bake time with the alarm bake (900s), got 900s",
    );
    await expect(readWaitInputs(fixedInputs({ ...blueGreen, timeout: '16m' }))).resolves.toMatchObject({
      timeout: 960_000,
    });
  });

  test('plain numbers are seconds and every duration comes out in milliseconds', async () => {
    const wait = await readWaitInputs(
      fixedInputs({
        ...region,
        cluster: 'shop',
        service: 'web',
        timeout: '900',
        'unhealthy-timeout': '1m30s',
      }),
    );
    expect(wait).toMatchObject({ timeout: 900_000, 'unhealthy-timeout': 90_000, 'final-bake': 0 });
    const deploy = await readDeployInputs(
      fixedInputs({ ...region, cluster: 'shop', service: 'web', timeout: '1h30m' }),
    );
    expect(deploy.timeout).toBe(5_400_000);
    expect(
      (await readDeployInputs(fixedInputs({ ...region, cluster: 'shop', service: 'web' }))).timeout,
    ).toBe(600_000);
    const preview = await readPreviewInputs(
      fixedInputs({
        ...region,
        cluster: 'shop',
        service: 'web',
        'listener-arn': LISTENER,
        mode: 'sweep',
        ttl: '36h',
      }),
    );
    expect(preview).toMatchObject({
      ttl: 129_600_000,
      'health-timeout': 600_000,
      'deregistration-delay': 30,
    });
    const cleanup = await readCleanupInputs(
      fixedInputs({ ...region, repositories: 'shop', 'keep-within': '7d' }),
    );
    expect(cleanup.rules.keepWithinMs).toBe(604_800_000);
  });

  test('wait-healthy takes the strict listener form ecs-deploy and preview take', async () => {
    const inputs = {
      ...region,
      cluster: 'shop',
      strategy: 'blue-green',
      'blue-service': 'b',
      'green-service': 'g',
    };
    await expect(readWaitInputs(fixedInputs({ ...inputs, 'listener-arn': LISTENER }))).resolves.toMatchObject(
      {
        'listener-arn': LISTENER,
      },
    );
    await expect(
      readWaitInputs(fixedInputs({ ...inputs, 'listener-arn': LISTENER.replace('/app/', '/gwy/') })),
    ).rejects.toThrow("input 'listener-arn': expected a listener ARN");
  });
});

/** The JSON Schema node at a spec's place, following `$ref`s. */
function resolveRef(schema: Record<string, unknown>, node: Record<string, unknown>): Record<string, unknown> {
  let current = node;
  while (typeof current.$ref === 'string') {
    const parts = current.$ref.replace(/^#\//, '').split('/');
    current = parts.reduce<Record<string, unknown>>(
      (at, part) => at[part] as Record<string, unknown>,
      schema,
    );
  }
  return current;
}

/** Every pattern the validator checks, by path, next to the schema's pattern at that path. */
function patterns(
  schema: Record<string, unknown>,
  spec: FieldSpec,
  node: Record<string, unknown>,
  path: string,
  found: [string, string, unknown][],
): void {
  const at = resolveRef(schema, node);
  if (spec.kind === 'string' && spec.pattern) found.push([path, spec.pattern.source, at.pattern]);
  if (spec.kind === 'duration') {
    const oneOf = at.oneOf as Record<string, unknown>[];
    found.push([path, DURATION.source, oneOf.find((item) => item.type === 'string')?.pattern]);
  }
  if (spec.kind === 'list') {
    patterns(schema, spec.items, at.items as Record<string, unknown>, `${path}[]`, found);
  }
  if (spec.kind === 'map' && spec.keyPattern) {
    found.push([`${path}{key}`, spec.keyPattern.source, (at.propertyNames as { pattern?: string })?.pattern]);
  }
  if (spec.kind === 'object') {
    const properties = at.properties as Record<string, Record<string, unknown>>;
    for (const [key, field] of Object.entries(spec.fields)) {
      patterns(schema, field, properties[key], `${path}.${key}`, found);
    }
  }
}

test('the JSON Schema carries the validator patterns', () => {
  const schema = JSON.parse(readFileSync(join(ROOT, 'schema', 'ecs-kit.schema.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  const found: [string, string, unknown][] = [];
  patterns(schema, FILE_SPEC, schema, '', found);
  expect(found.length).toBeGreaterThan(10);
  expect(found.filter(([, code, json]) => code !== json)).toEqual([]);
});
