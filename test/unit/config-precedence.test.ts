/** Explicit inputs win over the config file; the config wins over action.yml defaults. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { configInputs } from '../../src/config/action-inputs.js';
import { loadActionConfig } from '../../src/config/deploy-config.js';
import { chooseInput } from '../../src/config/precedence.js';
import { parseConfig } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';

describe('chooseInput', () => {
  test('an explicit value that is not the default always wins', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.option(fc.string()),
        fc.option(fc.string()),
        (explicit, configured, declaredDefault) => {
          fc.pre(explicit !== declaredDefault);
          expect(
            chooseInput({
              explicit,
              configured: configured ?? undefined,
              declaredDefault: declaredDefault ?? undefined,
            }),
          ).toBe(explicit);
        },
      ),
    );
  });

  test('the config wins over an empty input and over the default the runner filled in', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (configured, declaredDefault) => {
        expect(chooseInput({ explicit: '', configured, declaredDefault })).toBe(configured);
        expect(chooseInput({ explicit: declaredDefault, configured, declaredDefault })).toBe(configured);
      }),
    );
  });

  test('without a config value: the step value, else the default', () => {
    expect(chooseInput({ explicit: '', declaredDefault: '15m' })).toBe('15m');
    expect(chooseInput({ explicit: '15m', declaredDefault: '15m' })).toBe('15m');
    expect(chooseInput({ explicit: '' })).toBe('');
  });
});

const config = parseConfig(`
region: eu-west-1
cluster: shop
services: [{ name: web }]
strategy: { type: rolling, consecutive: 3, unhealthy-timeout: 90 }
timeouts: { healthy: 10m }
build:
  repository: shop
  dockerfile: docker/Dockerfile
  platforms: [linux/amd64, linux/arm64]
  build-args: { NODE_ENV: production, COMMIT: abc }
  create-repository: true
environments:
  production:
    cluster: shop-prod
    services: [{ name: api, cluster: api-prod }]
    strategy: { type: blue-green, blue-service: web-blue, green-service: web-green, traffic: '10%:5m,100%', final-bake: 5m }
`);

describe('configInputs', () => {
  test('build-push gets the build settings in input form', () => {
    expect(configInputs('build-push', resolveEnvironment(config, undefined).settings)).toEqual({
      'aws-region': 'eu-west-1',
      repository: 'shop',
      file: 'docker/Dockerfile',
      platforms: 'linux/amd64,linux/arm64',
      'build-args': 'NODE_ENV=production\nCOMMIT=abc',
      'create-repository': 'true',
    });
  });

  test('wait-healthy gets the merged strategy, the first service and its cluster', () => {
    expect(configInputs('wait-healthy', resolveEnvironment(config, 'production').settings)).toEqual({
      'aws-region': 'eu-west-1',
      cluster: 'shop-prod',
      service: 'web',
      strategy: 'blue-green',
      'blue-service': 'web-blue',
      'green-service': 'web-green',
      traffic: '10%:5m,100%',
      'final-bake': '5m',
      consecutive: '3',
      'unhealthy-timeout': '90s',
      timeout: '10m',
    });
  });
});

describe('configInputs for ecs-deploy', () => {
  const deployConfig = parseConfig(`
region: eu-west-1
cluster: shop
task-definition: .aws/task-definition.json
containers:
  web: 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop
  envoy: public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.4.0-prod
environment: { LOG_LEVEL: info, 'envoy:LOG': warn }
secrets: { DB: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db' }
deploy: { wait: healthy, rollback: true, keep-revisions: 20 }
timeouts: { deploy: 600 }
services:
  - { name: web, desired-count: 2 }
  - { name: worker, desired-count: 2 }
  - { name: jobs, cluster: batch }
`);

  test('maps services of the first cluster, the built container, pinned images and settings', () => {
    expect(configInputs('ecs-deploy', resolveEnvironment(deployConfig, undefined).settings)).toEqual({
      'aws-region': 'eu-west-1',
      cluster: 'shop',
      service: 'web,worker',
      'task-definition': '.aws/task-definition.json',
      'container-name': 'web',
      images: 'envoy=public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.4.0-prod',
      'environment-variables': 'LOG_LEVEL=info\nenvoy:LOG=warn',
      secrets: 'DB=arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
      'desired-count': '2',
      wait: 'healthy',
      'rollback-on-failure': 'true',
      'keep-revisions': '20',
      timeout: '600s',
    });
  });

  test('per-service desired counts when the services differ; a service without one keeps its count', () => {
    const settings = {
      cluster: 'c',
      services: [{ name: 'a', 'desired-count': 1 }, { name: 'b' }, { name: 'c', 'desired-count': 6 }],
    };
    expect(configInputs('ecs-deploy', settings)['desired-count']).toBe('a=1\nc=6');
  });
});

describe('configInputs for cleanup-ecr', () => {
  test('maps the rules to the input names and forms', () => {
    const settings = parseConfig(`
cleanup:
  repositories: [shop, 'shop/*']
  keep-newest: 15
  keep-within: 14d
  keep-tags: ['v*', 'release-*']
  keep-newest-matching: { 'main-*': 20, 'rc-*': 2 }
  delete-untagged-after: 259200
  delete-unkept: false
  rollback-revisions: 3
`);
    expect(configInputs('cleanup-ecr', resolveEnvironment(settings, undefined).settings)).toEqual({
      repositories: 'shop,shop/*',
      'keep-newest': '15',
      'keep-within': '14d',
      'keep-tags': 'v*,release-*',
      'keep-newest-matching': 'main-*=20\nrc-*=2',
      'delete-untagged-after': '259200s',
      'delete-unkept': 'false',
      'rollback-revisions': '3',
    });
  });
});

describe('loadActionConfig', () => {
  test('reads the file from the workspace and resolves the environment', () => {
    const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-precedence-'));
    mkdirSync(join(workspace, '.github'));
    writeFileSync(
      join(workspace, '.github', 'ecs-kit.yml'),
      'cluster: a\nservices: [{name: web}]\nenvironments: { staging: { cluster: b } }\n',
    );
    expect(
      loadActionConfig('wait-healthy', { path: '.github/ecs-kit.yml', environment: 'staging', workspace }),
    ).toMatchObject({
      cluster: 'b',
      service: 'web',
    });
    expect(() =>
      loadActionConfig('wait-healthy', { path: '.github/ecs-kit.yml', environment: 'prod', workspace }),
    ).toThrow("no environment 'prod' (declared: staging)");
  });
});
