/** Loading, validating and resolving the config file: errors name the path in the file. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfigFile, parseConfig } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';
import { ConfigError, validateConfig } from '../../src/config/validate.js';

const example = `
version: 1
region: eu-west-1
cluster: shop
task-definition: .aws/task-definition.json
containers:
  web: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop
environment:
  LOG_LEVEL: info
  MODE: base
services:
  - name: web
strategy:
  type: rolling
  consecutive: 2
timeouts:
  deploy: 10m
environments:
  staging:
    cluster: shop-staging
  production:
    environment:
      MODE: production
    services:
      - name: worker
        desired-count: 4
    strategy:
      type: blue-green
      traffic: 10%:5m,100%
`;

function issuesOf(text: string): string[] {
  try {
    parseConfig(text);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues.map((issue) => `${issue.path}: ${issue.message}`);
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  test('accepts the documented example', () => {
    const config = parseConfig(example);
    expect(config.environments && Object.keys(config.environments)).toEqual(['staging', 'production']);
  });

  test('names the path of a bad value inside an environment', () => {
    const issues = issuesOf(`
cluster: shop
environments:
  production:
    services:
      - name: web
      - name: worker
        cluster: 42
`);
    expect(issues).toEqual(['environments.production.services[1].cluster: expected a string, got number 42']);
  });

  test('reports unknown settings, missing names and bad durations together', () => {
    const issues = issuesOf(`
clustr: shop
services:
  - desired-count: -1
timeouts:
  deploy: ten minutes
`);
    expect(issues).toHaveLength(4);
    expect(issues[0]).toMatch(/^clustr: unknown setting \(did you mean 'cluster'\?\); known: .*cluster/);
    expect(issues).toContain('services[0].name: is required');
    expect(issues).toContain('services[0].desired-count: expected a number of at least 0, got -1');
    expect(issues).toContain(
      'timeouts.deploy: expected a duration such as 90s, 10m or 1h, got string "ten minutes"',
    );
  });

  test('gives line and column on YAML syntax errors', () => {
    expect(() => parseConfig('cluster: [shop\n', 'cfg.yml')).toThrow(
      /invalid config cfg\.yml:\nline \d+, column \d+: /,
    );
  });

  test('rejects duplicate keys instead of silently taking the last', () => {
    expect(() => parseConfig('cluster: a\ncluster: b\n')).toThrow(
      "line 2, column 1: duplicate key 'cluster'",
    );
  });

  test('an empty file is the empty base', () => {
    expect(parseConfig('')).toEqual({});
  });

  test('quotes odd map keys in paths', () => {
    expect(validateConfig({ environments: { 'bad name!': { cluster: 1 } } })).toEqual([
      { path: 'environments["bad name!"]', message: 'invalid name "bad name!"', atKey: true },
      { path: 'environments["bad name!"].cluster', message: 'expected a string, got number 1' },
    ]);
  });
});

describe('resolveEnvironment', () => {
  const config = parseConfig(example);

  test('merges the environment over the base', () => {
    const { settings } = resolveEnvironment(config, 'production');
    expect(settings.cluster).toBe('shop');
    expect(settings.services).toEqual([{ name: 'web' }, { name: 'worker', 'desired-count': 4 }]);
    expect(settings.environment).toEqual({ LOG_LEVEL: 'info', MODE: 'production' });
    // One level deep: the strategy map's keys merge.
    expect(settings.strategy).toEqual({ type: 'blue-green', consecutive: 2, traffic: '10%:5m,100%' });
    expect(settings).not.toHaveProperty('environments');
  });

  test('the base alone when no environment is named', () => {
    expect(resolveEnvironment(config, '').settings.cluster).toBe('shop');
    expect(resolveEnvironment(config, undefined).settings.services).toEqual([{ name: 'web' }]);
  });

  test('an unknown environment lists the declared ones', () => {
    expect(() => resolveEnvironment(config, 'prod')).toThrow(
      "environments: no environment 'prod' (declared: staging, production)",
    );
  });

  test('a service without any cluster is named by its path in the file', () => {
    const noCluster = parseConfig(`
services:
  - name: web
    cluster: shop
environments:
  production:
    services:
      - name: api
        cluster: shop
      - name: worker
`);
    expect(() => resolveEnvironment(noCluster, 'production')).toThrow(
      'environments.production.services[1].cluster: is required: no cluster is set here or at the top level or in environments.production',
    );
  });

  test('the same service appended twice is an error naming both places', () => {
    const twice = parseConfig(`
cluster: shop
services: [{ name: web }]
environments:
  staging:
    services: [{ name: web }]
`);
    expect(() => resolveEnvironment(twice, 'staging')).toThrow(
      'environments.staging.services[0]: service shop/web is already listed at services[0]',
    );
  });
});

describe('loadConfigFile', () => {
  const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), example);

  test('reads the file relative to the workspace', () => {
    expect(loadConfigFile({ path: '.github/ecs-kit.yml', workspace }).cluster).toBe('shop');
  });

  test('a missing file names the path', () => {
    expect(() => loadConfigFile({ path: 'nope.yml', workspace })).toThrow(
      /^reading config nope\.yml: .*ENOENT/,
    );
  });

  test('refuses a file outside the workspace', () => {
    expect(() => loadConfigFile({ path: '../../etc/passwd', workspace })).toThrow(/outside the workspace/);
  });
});
