/** Every real-world task definition in the corpus (test/fixtures/corpus) loads and renders into a RegisterTaskDefinition request. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  loadTaskDefinitionText,
  READ_ONLY_FIELDS,
  REGISTER_FIELDS,
  sameTaskDefinition,
} from '../../src/taskdef/index.js';
import { renderCorpus } from './taskdef-corpus-kit.js';

const CORPUS = resolve(import.meta.dirname, '..', 'fixtures', 'corpus', 'taskdefs');
const files = readdirSync(CORPUS).filter((file) => file.endsWith('.json'));

test('the corpus has its 35 task definitions', () => {
  expect(files).toHaveLength(35);
});

describe.each(files)('%s', (file) => {
  test('loads, renders with new images and keeps only RegisterTaskDefinition fields', () => {
    const loaded = loadTaskDefinitionText(file, readFileSync(join(CORPUS, file), 'utf8'));
    const { rendered, images } = renderCorpus(loaded.taskDefinition);
    for (const key of Object.keys(rendered)) expect(REGISTER_FIELDS).toContain(key);
    for (const field of READ_ONLY_FIELDS) expect(rendered).not.toHaveProperty(field);
    expect(JSON.stringify(rendered)).not.toContain('null');
    expect(rendered.containerDefinitions?.map((container) => container.image)).toEqual([...images.values()]);
    expect(sameTaskDefinition(rendered, rendered)).toBe(true);
  });
});
