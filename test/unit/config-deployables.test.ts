/**
 * Several deployables per environment (issue 15.1): the seed-shape example resolves to one deployable per
 * service, merged base → environment → service, and the two cross-reference mistakes are reported at
 * their path in the file before anything runs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  applicableContainers,
  missingContainers,
  resolveDeployables,
  type DeployableSettings,
} from '../../src/config/deployables.js';
import { parseConfig } from '../../src/config/load.js';
import { resolveEnvironment } from '../../src/config/resolve.js';
import { ConfigError } from '../../src/config/validate.js';
import { ROOT } from '../helpers/action.js';

const EXAMPLE = join(ROOT, 'examples', 'seed-shape');
const text = readFileSync(join(EXAMPLE, 'ecs-kit.yml'), 'utf8');
const containersOf = (file: string): string[] =>
  (
    JSON.parse(readFileSync(join(EXAMPLE, file), 'utf8')) as { containerDefinitions: { name: string }[] }
  ).containerDefinitions.map((container) => container.name);

function deployablesOf(yaml: string, environment?: string): DeployableSettings[] {
  const config = parseConfig(yaml);
  return resolveDeployables(config, resolveEnvironment(config, environment));
}

function configIssues(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.issues.map((issue) => `${issue.path}: ${issue.message}`);
    throw error;
  }
  return [];
}

test('the example: every service merged base → environment → service', () => {
  const production = deployablesOf(text, 'production');
  expect(production.map((item) => item.service)).toEqual(['web', 'web-writer', 'worker', 'web-canary']);
  const [web, writer, worker, canary] = production;
  expect(web).toMatchObject({
    path: 'services[0]',
    // Production's own cluster, over the base's `seed` (staging's).
    cluster: 'seed-production',
    taskDefinition: '.aws/web.json',
    containers: { proxy: 'proxy', app: 'app' },
    environment: { LOG_LEVEL: 'info' },
    memory: '1024',
  });
  // The write-heavy variant differs by exactly one flag.
  expect(writer.environment).toEqual({ ...web.environment, WRITE_HEAVY: 'true' });
  expect(worker).toMatchObject({
    taskDefinition: '.aws/worker.json',
    containers: { proxy: 'proxy', app: 'app', worker: 'app' },
    ownContainers: ['worker'],
  });
  expect(canary).toMatchObject({
    path: 'environments.production.services[0]',
    desiredCount: 1,
    environment: { LOG_LEVEL: 'info', CANARY: 'true' },
  });
  expect(deployablesOf(text, 'staging')[1].environment).toEqual({ LOG_LEVEL: 'debug', WRITE_HEAVY: 'true' });
});

test('the example names no container its task definitions lack; the worker gets only its own', () => {
  const deployables = deployablesOf(text).map((deployable) => ({
    deployable,
    containerNames: containersOf(deployable.taskDefinition!),
  }));
  expect(missingContainers(deployables)).toEqual([]);
  const worker = deployables[2];
  expect(applicableContainers(worker.deployable, worker.containerNames)).toEqual({ worker: 'app' });
});

test('a service naming a container its task definition lacks is reported at the service', () => {
  const typo = text.replace('      worker: app', '      wrker: app');
  const deployables = deployablesOf(typo).map((deployable) => ({
    deployable,
    containerNames: containersOf(deployable.taskDefinition!),
  }));
  expect(missingContainers(deployables)).toEqual([
    {
      path: 'services[2].containers.wrker',
      message: "container 'wrker' is not in .aws/worker.json (containers: worker)",
    },
  ]);
  const inherited = text.replace('  app: app\n', '  ap: app\n');
  const again = deployablesOf(inherited).map((deployable) => ({
    deployable,
    containerNames: containersOf(deployable.taskDefinition!),
  }));
  expect(missingContainers(again).map((issue) => issue.path)).toEqual(['containers.ap']);
});

test('an image no service uses is an error naming build.images.<name>', () => {
  const unused = text.replace('      worker: app', '      worker: proxy');
  expect(configIssues(() => deployablesOf(unused))).toEqual([]);
  const cron = `${text}\n`.replace(
    'build:\n  images:\n',
    'build:\n  images:\n    cron:\n      repository: seed/cron\n',
  );
  expect(configIssues(() => deployablesOf(cron))).toEqual([
    "build.images.cron: image 'cron' is built but no service's containers use it (set containers: { <container>: cron })",
  ]);
  const inEnvironment = `${text}  dev:\n    build:\n      images:\n        app: { repository: seed/node }\n        tools: { repository: seed/tools }\n`;
  expect(configIssues(() => deployablesOf(inEnvironment, 'dev')).map((line) => line.split(':')[0])).toEqual([
    'environments.dev.build.images.tools',
  ]);
});

test('the single-task-definition form resolves as before: every service gets the environment settings', () => {
  const single = deployablesOf(readFileSync(join(ROOT, 'examples', 'ecs-kit.yml'), 'utf8'), 'production');
  expect(single.length).toBeGreaterThan(0);
  for (const deployable of single) expect(deployable.ownContainers).toEqual([]);
  expect(new Set(single.map((deployable) => deployable.taskDefinition)).size).toBe(1);
});

test('the docs example resolves and names only containers its task definitions have', () => {
  const docs = readFileSync(join(ROOT, 'docs', 'configuration.md'), 'utf8');
  const section = docs.slice(docs.indexOf('## Several services, task definitions and images'));
  const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
  const deployables = deployablesOf(yaml);
  expect(deployables.map((deployable) => deployable.service)).toEqual(['web', 'web-writer', 'worker']);
  const withNames = deployables.map((deployable) => ({
    deployable,
    containerNames: containersOf(deployable.taskDefinition!),
  }));
  expect(missingContainers(withNames)).toEqual([]);
});
