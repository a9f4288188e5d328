/**
 * Config-file errors as a new user meets them: each problem is a `file=,line=,col=` annotation on the line
 * to fix (never past the end of the file), a duplicated key is named, an unknown key gets the nearest
 * known one, and the step fails before any AWS call.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../helpers/action.js';

async function fileAnnotations(config: string) {
  const workspace = mkdtempSync(join(tmpdir(), 'ecs-kit-config-errors-'));
  mkdirSync(join(workspace, '.github'));
  writeFileSync(join(workspace, '.github', 'ecs-kit.yml'), config);
  // No endpoint: an AWS call would fail differently, so exit 1 with these annotations means none was made.
  const result = await runAction('ecs-deploy', {
    inputs: { config: '.github/ecs-kit.yml', environment: 'production', image: 'shop:v2' },
    workspace,
  });
  expect(result.code).toBe(1);
  return result.annotations
    .filter((annotation) => annotation.properties.startsWith('file='))
    .map((annotation) => `${annotation.properties} ${annotation.message}`);
}

test('a duplicated key is named at its second occurrence', async () => {
  expect(await fileAnnotations('version: 1\ncluster: prod\ncluster: staging\n')).toEqual([
    "file=.github/ecs-kit.yml,line=3,col=1 line 3, column 1: duplicate key 'cluster'",
  ]);
});

test('an unknown key is annotated on the key, with the nearest known key', async () => {
  const [annotation] = await fileAnnotations('version: 1\ntimeout:\n  deploy: 10m\n');
  expect(annotation).toMatch(
    /^file=\.github\/ecs-kit\.yml,line=2,col=1 timeout: unknown setting \(did you mean 'timeouts'\?\); known: version, /,
  );
});

test('a bad value is annotated on the value', async () => {
  expect(
    await fileAnnotations(
      'version: 1\nenvironments:\n  production:\n    services:\n      - name: web\n        cluster: 42\n',
    ),
  ).toEqual([
    'file=.github/ecs-kit.yml,line=6,col=18 environments.production.services[0].cluster: expected a string, got number 42',
  ]);
});

test('an error at the end of the file points at its last line, not past it', async () => {
  expect(await fileAnnotations('version: 1\ncluster: "prod\n')).toEqual([
    'file=.github/ecs-kit.yml,line=2,col=14 line 2, column 14: Missing closing "quote',
  ]);
});

test('an invalid image input names the part that is wrong, before any AWS call', async () => {
  const result = await runAction('ecs-deploy', {
    inputs: { cluster: 'prod', service: 'web', 'container-name': 'web', image: 'shop:v1!' },
  });
  expect(result.code).toBe(1);
  expect(result.annotations.map((annotation) => annotation.message)).toEqual([
    "ecs-deploy failed: input 'image': image for container 'web' 'shop:v1!' has an invalid tag 'v1!' (expected up to 128 letters, digits, _ . or -, not starting with . or -)",
  ]);
});
