/**
 * The config file's `preview` section and the rest of the settings as the preview action's inputs: the
 * pure mapping, an environment's overlay merged into the base's section, and the action's own input
 * reader (actions/preview/inputs.ts) where explicit inputs win over the file.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configInputs } from '../../src/config/action-inputs.js';
import { loadActionConfig } from '../../src/config/deploy-config.js';
import type { KitSettings } from '../../src/config/types.js';
import { readInputs } from '../../actions/preview/inputs.js';

const LISTENER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/shop-staging/0123456789abcdef/fedcba9876543210';
const OTHER_LISTENER =
  'arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/other/0123456789abcdef/0123456789abcdef';
const REPOSITORY = '123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop';

const CONFIG = `version: 1
region: eu-west-1
containers:
  web: ${REPOSITORY}
  sidecar: public.ecr.aws/nginx/nginx:1.27
preview:
  repositories: [shop]
  ttl: 7d
  max-previews: 4
  deregistration-delay: 15
environments:
  staging:
    cluster: shop-staging
    services: [{ name: web }, { name: worker }]
    preview:
      listener-arn: ${LISTENER}
      domain: preview.shop.example.com
      max-previews: 8
      wait-healthy: false
  production:
    cluster: shop-production
    services: [{ name: web }]
`;

const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-preview-'));
mkdirSync(join(workspace, '.github'));
writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), CONFIG);

describe('configInputs for preview', () => {
  test('maps region, cluster, the first service and every preview setting in input form', () => {
    const settings: KitSettings = {
      region: 'eu-west-1',
      cluster: 'shop-staging',
      services: [{ name: 'web' }, { name: 'worker', cluster: 'other' }],
      containers: { web: REPOSITORY },
      preview: {
        'listener-arn': LISTENER,
        domain: 'preview.example.com',
        'base-url': 'https://preview.example.com',
        'desired-count': 2,
        'max-previews': 6,
        'priority-base': 30000,
        'priority-range': 100,
        'deregistration-delay': 20,
        'wait-healthy': false,
        'health-timeout': '5m',
        repositories: ['shop', 'shop-worker'],
        'image-tags': 'preview-{number}-*',
        'drain-timeout': 300,
        ttl: '36h',
      },
    };
    expect(configInputs('preview', settings)).toEqual({
      'aws-region': 'eu-west-1',
      cluster: 'shop-staging',
      service: 'web',
      'container-name': 'web',
      'listener-arn': LISTENER,
      domain: 'preview.example.com',
      'base-url': 'https://preview.example.com',
      'desired-count': '2',
      'max-previews': '6',
      'priority-base': '30000',
      'priority-range': '100',
      'deregistration-delay': '20s',
      'wait-healthy': 'false',
      'health-timeout': '5m',
      repositories: 'shop,shop-worker',
      'image-tags': 'preview-{number}-*',
      'drain-timeout': '300s',
      ttl: '36h',
    });
  });

  test('preview.service picks the template and the cluster of the service of that name', () => {
    const services = [{ name: 'web' }, { name: 'api', cluster: 'api-cluster' }];
    expect(configInputs('preview', { cluster: 'main', services, preview: { service: 'api' } })).toMatchObject(
      { cluster: 'api-cluster', service: 'api' },
    );
    // A template the environment does not deploy runs in the first service's cluster.
    expect(
      configInputs('preview', { cluster: 'main', services, preview: { service: 'web-template' } }),
    ).toMatchObject({ cluster: 'main', service: 'web-template' });
    expect(configInputs('preview', { cluster: 'main' })).toEqual({ cluster: 'main' });
  });

  test('the container: preview.container-name, else the only bare repository, else none', () => {
    const one = { web: REPOSITORY, sidecar: 'nginx:1.27' };
    const two = { web: REPOSITORY, worker: `${REPOSITORY}-worker` };
    expect(configInputs('preview', { containers: one })['container-name']).toBe('web');
    expect(configInputs('preview', { containers: two })['container-name']).toBeUndefined();
    expect(configInputs('preview', { containers: { sidecar: 'nginx:1.27' } })).toEqual({});
    expect(
      configInputs('preview', { containers: two, preview: { 'container-name': 'worker' } })['container-name'],
    ).toBe('worker');
  });
});

describe('loadActionConfig for preview', () => {
  test("an environment's preview section is merged into the base's, key by key", () => {
    expect(
      loadActionConfig('preview', { path: '.github/ecs-kit.yml', environment: 'staging', workspace }),
    ).toEqual({
      'aws-region': 'eu-west-1',
      cluster: 'shop-staging',
      service: 'web',
      'container-name': 'web',
      'listener-arn': LISTENER,
      domain: 'preview.shop.example.com',
      'max-previews': '8',
      'deregistration-delay': '15s',
      'wait-healthy': 'false',
      repositories: 'shop',
      ttl: '7d',
    });
    // production sets no preview section of its own: the base's alone.
    expect(
      loadActionConfig('preview', { path: '.github/ecs-kit.yml', environment: 'production', workspace }),
    ).toEqual({
      'aws-region': 'eu-west-1',
      cluster: 'shop-production',
      service: 'web',
      'container-name': 'web',
      'max-previews': '4',
      'deregistration-delay': '15s',
      repositories: 'shop',
      ttl: '7d',
    });
  });

  test('a bad preview value names its path in the file', () => {
    writeFileSync(
      join(workspace, 'bad-preview.yml'),
      'environments:\n  staging:\n    preview: { max-previews: 0, ttl: soon, colour: blue }\n',
    );
    expect(() =>
      loadActionConfig('preview', { path: 'bad-preview.yml', environment: 'staging', workspace }),
    ).toThrow(
      [
        'invalid config bad-preview.yml:',
        'environments.staging.preview.max-previews: expected a number of at least 1, got 0',
        'environments.staging.preview.ttl: expected a duration such as 90s, 10m or 1h, got string "soon"',
        'environments.staging.preview.colour: unknown setting; known: service, container-name, listener-arn, ' +
          'domain, base-url, desired-count, max-previews, priority-base, priority-range, deregistration-delay, ' +
          'wait-healthy, health-timeout, repositories, image-tags, drain-timeout, ttl',
      ].join('\n'),
    );
  });
});

describe('the preview action reads its inputs through the config file', () => {
  const saved = { ...process.env };
  function setInputs(inputs: Record<string, string>): void {
    for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
    for (const [name, value] of Object.entries(inputs)) {
      process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    }
  }
  beforeEach(() => {
    process.env.GITHUB_WORKSPACE = workspace;
    process.env.GITHUB_REPOSITORY = 'acme/shop';
    delete process.env.GITHUB_EVENT_PATH;
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  test('only the per pull request inputs given: the rest comes from the environment', async () => {
    setInputs({
      config: '.github/ecs-kit.yml',
      environment: 'staging',
      'pull-request': '12',
      image: `${REPOSITORY}:pr-12-abc`,
    });
    const inputs = await readInputs();
    expect(inputs).toMatchObject({
      mode: 'deploy',
      'aws-region': 'eu-west-1',
      cluster: 'shop-staging',
      service: 'web',
      // The config's container-name places the lone image.
      images: [{ container: 'web', image: `${REPOSITORY}:pr-12-abc`, input: 'image', required: true }],
      'listener-arn': LISTENER,
      domain: 'preview.shop.example.com',
      'pull-request': 12,
      'max-previews': 8,
      'deregistration-delay': 15,
      'wait-healthy': false,
      repositories: ['shop'],
      ttl: 7 * 86_400_000,
      // Not in the file: the action's own defaults.
      'desired-count': 1,
      'priority-base': 40000,
      'health-timeout': 600_000,
    });
  });

  test('explicit inputs win over the file', async () => {
    setInputs({
      config: '.github/ecs-kit.yml',
      environment: 'staging',
      'pull-request': '12',
      image: `${REPOSITORY}:pr-12-abc`,
      service: 'api',
      'listener-arn': OTHER_LISTENER,
      'max-previews': '3',
      'wait-healthy': 'true',
      domain: 'pr.example.org',
      'aws-region': 'us-west-2',
    });
    expect(await readInputs()).toMatchObject({
      service: 'api',
      cluster: 'shop-staging',
      'listener-arn': OTHER_LISTENER,
      'max-previews': 3,
      'wait-healthy': true,
      domain: 'pr.example.org',
      'aws-region': 'us-west-2',
    });
  });

  test('without a listener here or in the file the step fails naming the input', async () => {
    setInputs({
      config: '.github/ecs-kit.yml',
      environment: 'production',
      'pull-request': '12',
      image: `${REPOSITORY}:pr-12-abc`,
    });
    await expect(readInputs()).rejects.toThrow("input 'listener-arn'");
  });
});
