/**
 * The mapping from config settings to action inputs stays honest: every input it fills exists in that
 * action's action.yml, every setting feeds some input, and config values parse with the actions' parsers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parse } from 'yaml';
import { configInputs, type KitAction } from '../../src/config/action-inputs.js';
import { validateConfig } from '../../src/config/validate.js';
import type { KitSettings } from '../../src/config/types.js';
import { splitList } from '../../src/github/inputs.js';
import { parseDuration } from '../../src/validation/duration.js';
import { ROOT } from '../helpers/action.js';

const ACTIONS: KitAction[] = ['ecs-deploy', 'wait-healthy', 'build-push', 'cleanup-ecr', 'preview'];

/** Every setting set, with values distinct enough to find them in the inputs. */
const everything: KitSettings = {
  region: 'eu-west-1',
  cluster: 'c-top',
  services: [{ name: 'svc-a', 'desired-count': 3 }],
  'task-definition': 'td.json',
  containers: { web: '1.dkr.ecr.eu-west-1.amazonaws.com/repo-bare', side: 'img-pinned:1.0' },
  environment: { ENV_KEY: 'env-value' },
  secrets: { SECRET_KEY: 'arn:secret' },
  cpu: '1 vCPU',
  memory: '3 GB',
  strategy: {
    type: 'blue-green',
    'listener-arn':
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop/0123456789abcdef/1111111111111111',
    'listener-rule-arn':
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener-rule/app/shop/0123456789abcdef/1111111111111111/2222222222222222',
    'blue-service': 'svc-blue',
    'green-service': 'svc-green',
    traffic: '10%:5m,100%',
    'final-bake': '7m',
    'old-colour': 'keep-warm',
    consecutive: 4,
    'unhealthy-timeout': '91s',
  },
  gate: {
    alarms: ['alarm-one', 'alarm-two'],
    'allow-alarms-in-alarm': true,
    'alarm-bake': '8m',
    'metric-max-5xx': '1.5%',
    'metric-max-5xx-over-old': '0.25%',
    'metric-max-p99': '850ms',
    'metric-max-p99-over-old': '55%',
    'metric-min-requests': 61,
  },
  deploy: {
    wait: 'healthy',
    rollback: false,
    'force-new-deployment': true,
    'allow-family-change': true,
    'keep-revisions': 17,
    'worker-settle': '47s',
  },
  timeouts: { deploy: '11m', healthy: '13m' },
  build: {
    repository: 'repo-build',
    context: 'ctx',
    dockerfile: 'ctx/Dockerfile.x',
    target: 'stage-x',
    platforms: ['linux/arm64'],
    'build-args': { ARG_X: 'arg-value' },
    'create-repository': true,
  },
  cleanup: {
    repositories: ['repo-clean'],
    clusters: ['c-scan'],
    'keep-newest': 23,
    'keep-newest-untagged': 41,
    'keep-within': '29d',
    'keep-tags': ['keep-*'],
    'keep-newest-matching': { 'main-*': 31 },
    'delete-untagged-after': '37h',
    'delete-tags': ['pr-*'],
    'delete-unkept': false,
    'rollback-revisions': 5,
  },
  preview: {
    service: 'svc-template',
    'container-name': 'ctr-preview',
    'listener-arn':
      'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/previews/0123456789abcdef/3333333333333333',
    domain: 'pv.example.com',
    'base-url': 'https://pv-base.example.com',
    'desired-count': 2,
    'max-previews': 43,
    'priority-base': 30011,
    'priority-range': 777,
    'deregistration-delay': '19s',
    'wait-healthy': false,
    'health-timeout': '9m',
    repositories: ['repo-preview'],
    'image-tags': 'pv-{number}-*',
    'drain-timeout': '3m',
    ttl: '6d',
  },
};

function declaredInputs(action: KitAction): string[] {
  const metadata = parse(readFileSync(join(ROOT, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>;
  };
  return Object.keys(metadata.inputs ?? {});
}

test('the example of every setting is a valid config', () => {
  expect(validateConfig(everything)).toEqual([]);
});

test.each(ACTIONS)('%s: the config only fills inputs its action.yml declares', (action) => {
  const filled = Object.keys(configInputs(action, everything));
  expect(filled.length).toBeGreaterThan(0);
  expect(filled.filter((name) => !declaredInputs(action).includes(name))).toEqual([]);
});

test('every setting feeds at least one input', () => {
  const allValues = ACTIONS.flatMap((action) => Object.values(configInputs(action, everything))).join('\n');
  const leaves: [string, unknown][] = [];
  const walk = (value: unknown, path: string) => {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, item] of Object.entries(value)) walk(item, path ? `${path}.${key}` : key);
    } else if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${path}[${index}]`));
    else leaves.push([path, value]);
  };
  walk(everything, '');
  const dead = leaves.filter(([path, value]) => {
    // Booleans show as true/false; the container that gets the built image shows by its name.
    if (path === 'containers.web') return !allValues.includes('web');
    return !allValues.includes(String(value));
  });
  expect(dead).toEqual([]);
});

test('config durations parse with the parser the actions use', () => {
  const duration = fc.oneof(
    fc.nat({ max: 10_000 }),
    fc
      .tuple(fc.nat({ max: 999 }), fc.constantFrom('', 'ms', 's', 'm', 'h', 'd'))
      .map(([n, unit]) => `${n}${unit}`),
  );
  fc.assert(
    fc.property(duration, duration, (deploy, healthy) => {
      const settings: KitSettings = { timeouts: { deploy, healthy }, strategy: { 'final-bake': healthy } };
      expect(validateConfig(settings)).toEqual([]);
      const inputs = { ...configInputs('ecs-deploy', settings), ...configInputs('wait-healthy', settings) };
      for (const name of ['timeout', 'final-bake']) expect(parseDuration(inputs[name])).toBeDefined();
    }),
  );
});

test('deploy.worker-settle reaches ecs-deploy as worker-settle, in milliseconds once read', async () => {
  const inputs = configInputs('ecs-deploy', everything);
  expect(inputs['worker-settle']).toBe('47s');
  expect(parseDuration(inputs['worker-settle'])).toBe(47_000);
  expect(validateConfig({ deploy: { 'worker-settle': 'soon' } })).toEqual([
    { path: 'deploy.worker-settle', message: expect.stringMatching(/duration/) },
  ]);
});

test('config lists come back whole through the actions list parser', () => {
  fc.assert(
    fc.property(
      fc.array(fc.stringMatching(/^[a-z0-9*/_.-]{1,12}$/), { minLength: 1, maxLength: 5 }),
      (tags) => {
        const inputs = configInputs('cleanup-ecr', { cleanup: { 'keep-tags': tags, repositories: tags } });
        expect(splitList(inputs['keep-tags'])).toEqual(tags);
      },
    ),
  );
});

test('the gate section: alarms for both actions (ecs-deploy only with wait healthy), bounds for wait-healthy', async () => {
  const { parseMetricBounds } = await import('../../src/health/metric-bounds.js');
  const waitHealthy = configInputs('wait-healthy', everything);
  expect(parseMetricBounds(waitHealthy)).toEqual({
    bounds: {
      maxErrorPercent: 1.5,
      maxErrorPercentOverOld: 0.25,
      maxP99Ms: 850,
      maxP99PercentOverOld: 55,
      minRequests: 61,
    },
  });
  expect(configInputs('ecs-deploy', everything)).toMatchObject({
    alarms: 'alarm-one,alarm-two',
    'alarm-bake': '8m',
    'allow-alarms-in-alarm': 'true',
  });
  const deploying = configInputs('ecs-deploy', { ...everything, deploy: { wait: 'deployment' } });
  expect(deploying.alarms).toBeUndefined();
  expect(validateConfig({ gate: { 'metric-max-5xx': '1' } })).toEqual([
    { path: 'gate.metric-max-5xx', message: 'expected a percentage such as 1% or 0.5%, got "1"' },
  ]);
});

test("docs/configuration.md's gate example is valid and turns on the metric gate for wait-healthy", async () => {
  const { parseMetricBounds } = await import('../../src/health/metric-bounds.js');
  const docs = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const section = docs.split('## Gating on what users see')[1];
  const example = parse(/```yaml\n([\s\S]*?)```/.exec(section)![1]) as {
    environments: Record<string, KitSettings>;
  };
  expect(validateConfig(example)).toEqual([]);
  const inputs = configInputs('wait-healthy', example.environments.production);
  expect(splitList(inputs.alarms)).toEqual(['shop-5xx', 'shop-p99']);
  expect(parseMetricBounds(inputs)?.bounds).toEqual({
    maxErrorPercent: 1,
    maxErrorPercentOverOld: 0.5,
    maxP99Ms: 800,
    minRequests: 100,
  });
});
