/** An action reading its inputs through the config file: explicit inputs win, the config fills the rest. */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configInputSource, declaredDefaults } from '../../src/github/config-inputs.js';
import { readRegion } from '../../src/github/environment.js';
import { fixedInputs, runnerInputs } from '../../src/github/input-source.js';
import { readDuration, readList, readString } from '../../src/github/inputs.js';

const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-inputs-'));
mkdirSync(join(workspace, '.github'));
writeFileSync(
  join(workspace, '.github', 'ecs-kit.yml'),
  `region: eu-west-1
cluster: shop
services: [{ name: web }, { name: worker }]
timeouts: { healthy: 20m }
environments:
  production:
    cluster: shop-prod
    strategy: { type: native }
`,
);
const metadataFile = join(workspace, 'action.yml');
writeFileSync(
  metadataFile,
  'name: x\ninputs:\n  timeout:\n    description: t\n    default: 15m\n  strategy:\n    description: s\n    default: rolling\n',
);

const saved = { ...process.env };
function setInputs(inputs: Record<string, string>): void {
  for (const key of Object.keys(process.env)) if (key.startsWith('INPUT_')) delete process.env[key];
  for (const [name, value] of Object.entries(inputs)) process.env[`INPUT_${name.toUpperCase()}`] = value;
}

beforeEach(() => {
  process.env.GITHUB_WORKSPACE = workspace;
  delete process.env.AWS_REGION;
});
afterEach(() => {
  process.env = { ...saved };
});

test('without config nothing changes', async () => {
  setInputs({ cluster: 'given' });
  const source = await configInputSource('wait-healthy', { metadataFile });
  expect(source).toBe(runnerInputs);
  expect(readString(source, 'cluster')).toBe('given');
  expect(readString(source, 'service')).toBe('');
});

test('the config fills empty inputs and inputs left at their default; explicit inputs win', async () => {
  setInputs({
    config: '.github/ecs-kit.yml',
    environment: 'production',
    timeout: '15m',
    strategy: 'rolling',
    service: 'api',
  });
  const source = await configInputSource('wait-healthy', { metadataFile });
  expect(readString(source, 'cluster')).toBe('shop-prod');
  expect(readString(source, 'service')).toBe('api');
  // 15m and rolling are the action.yml defaults the runner fills in: the config wins over them.
  expect(readDuration(source, 'timeout')).toBe(1_200_000);
  expect(readString(source, 'strategy')).toBe('native');
  expect(readRegion(source)).toBe('eu-west-1');
  // What the step itself passed stays visible (ecs-deploy's rollback checks it).
  expect(source.given('cluster')).toBe('');
  expect(source.given('service')).toBe('api');
});

test('ecs-deploy gets every service of the cluster', async () => {
  setInputs({ config: '.github/ecs-kit.yml' });
  const source = await configInputSource('ecs-deploy', { metadataFile });
  expect(readList(source, 'service')).toEqual(['web', 'worker']);
  expect(readString(source, 'cluster')).toBe('shop');
});

test('a bad config is an input error naming the path in the file', async () => {
  writeFileSync(join(workspace, 'bad.yml'), 'services: [{ name: web, cluster: 7 }]\n');
  setInputs({ config: 'bad.yml' });
  await expect(configInputSource('ecs-deploy')).rejects.toThrow(
    "input 'config': invalid config bad.yml:\nservices[0].cluster: expected a string, got number 7",
  );
  setInputs({ config: '.github/ecs-kit.yml', environment: 'staging' });
  await expect(configInputSource('ecs-deploy')).rejects.toThrow(
    "no environment 'staging' (declared: production)",
  );
});

test('the source is passed in: a base source replaces the runner environment', async () => {
  setInputs({ cluster: 'from-env' });
  const base = fixedInputs({ config: '.github/ecs-kit.yml', environment: 'production', service: 'api' });
  const source = await configInputSource('wait-healthy', { metadataFile, base });
  expect(readString(source, 'cluster')).toBe('shop-prod');
  expect(readString(source, 'service')).toBe('api');
  expect(readString(runnerInputs, 'cluster')).toBe('from-env');
});

test('declaredDefaults reads action.yml', async () => {
  await expect(declaredDefaults('wait-healthy', metadataFile)).resolves.toEqual({
    timeout: '15m',
    strategy: 'rolling',
  });
  await expect(declaredDefaults('wait-healthy', join(workspace, 'missing.yml'))).resolves.toEqual({});
});
