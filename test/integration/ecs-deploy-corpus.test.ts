/**
 * Every real-world task definition of the corpus (test/fixtures/corpus) renders into a RegisterTaskDefinition request the
 * simulator accepts (it validates like ECS), and the registered revision reads back as "unchanged".
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, test } from '@jest/globals';
import { registerRevision } from '../../src/deploy/registration.js';
import { describeRevision } from '../../src/deploy/revisions.js';
import { loadTaskDefinitionText, sameTaskDefinition } from '../../src/taskdef/index.js';
import { renderCorpus } from '../unit/taskdef-corpus-kit.js';
import { useSimulator } from '../helpers/simulator.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus', 'taskdefs');
const files = readdirSync(CORPUS).filter((file) => file.endsWith('.json'));

const simulator = useSimulator({ timeScale: 1 });

describe.each(files)('%s', (file) => {
  test('registers and reads back unchanged', async () => {
    const { ecs } = simulator();
    const loaded = loadTaskDefinitionText(file, readFileSync(join(CORPUS, file), 'utf8'));
    const { rendered, images } = renderCorpus(loaded.taskDefinition);
    const arn = await registerRevision(ecs, rendered, { commit: 'abc', deployedAt: new Date() });
    const registered = await describeRevision(ecs, arn);
    expect(registered.family).toBe(rendered.family);
    expect(registered.taskDefinition.containerDefinitions?.map((container) => container.image)).toEqual([
      ...images.values(),
    ]);
    expect(registered.tags).toContainEqual({ key: 'ecs-kit:commit', value: 'abc' });
    expect(sameTaskDefinition(rendered, registered.taskDefinition)).toBe(true);
  });
});
